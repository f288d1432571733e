"""CSV exports: Excel-readable encoding, formula neutralisation, safe file names."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from data_access.export import (
    FORMULA_TRIGGERS,
    MAX_FILENAME_BYTES,
    export_filename,
    sheet_names,
    to_csv_bytes,
    to_excel_bytes,
)

BOM = b"\xef\xbb\xbf"


def _read(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8-sig").splitlines()


def test_starts_with_a_bom_and_has_no_index():
    data = to_csv_bytes(pd.DataFrame({"a": [1]}, index=["row label"]))
    assert data.startswith(BOM)
    assert not data.startswith(BOM + BOM)
    assert _lines(data) == ["a", "1"]


def test_numbers_round_trip():
    frame = pd.DataFrame(
        {
            "category": ["Books", "Toys"],
            "revenue": [1234.56, -78.9],
            "units": [-5, 12],
            "margin_pct": [25.5, float("nan")],
        }
    )
    back = pd.read_csv(io.BytesIO(to_csv_bytes(frame)), encoding="utf-8-sig")
    assert back["revenue"].tolist() == [1234.56, -78.9]
    assert back["units"].tolist() == [-5, 12]
    assert back["margin_pct"].iloc[0] == 25.5
    assert pd.isna(back["margin_pct"].iloc[1])
    assert _lines(to_csv_bytes(frame))[1:] == ["Books,1234.56,-5,25.5", "Toys,-78.9,12,"]


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS)
def test_every_formula_trigger_is_neutralised(trigger):
    text = f"{trigger}HYPERLINK(\"http://evil\")"
    back = _read(to_csv_bytes(pd.DataFrame({"name": [text], "units": [-5]})))
    assert back.loc[0, "name"] == "'" + text
    assert back.loc[0, "units"] == -5


def test_trigger_set_is_the_owasp_one():
    assert set(FORMULA_TRIGGERS) == {"=", "+", "-", "@", "\t", "\r"}


def test_negative_looking_text_is_neutralised_but_numbers_are_not():
    frame = pd.DataFrame({"code": ["-5", "5-", "ok"], "delta": [-5, 3, -0.5]})
    assert _lines(to_csv_bytes(frame)) == ["code,delta", "'-5,-5.0", "5-,3.0", "ok,-0.5"]


def test_headers_are_neutralised():
    frame = pd.DataFrame({"=SUM(A1:A9)": [1], "-units": [2], "revenue": [3]})
    assert _lines(to_csv_bytes(frame))[0] == "'=SUM(A1:A9),'-units,revenue"


def test_text_in_mixed_and_categorical_columns_is_neutralised():
    frame = pd.DataFrame(
        {
            "mixed": pd.Series([-5, "=1+1", None], dtype=object),
            "status": pd.Categorical(["-low", "Healthy", "-low"]),
        }
    )
    assert _lines(to_csv_bytes(frame)) == ["mixed,status", "-5,'-low", "'=1+1,Healthy", ",'-low"]


def test_non_ascii_text_is_kept():
    frame = pd.DataFrame({"name": ["Café crème", "儿童玩具", "Zoë"], "category": ["Küche", "玩具", "Ölkännchen"]})
    back = _read(to_csv_bytes(frame))
    assert back["name"].tolist() == ["Café crème", "儿童玩具", "Zoë"]
    assert back["category"].tolist() == ["Küche", "玩具", "Ölkännchen"]


def test_dates_are_iso():
    frame = pd.DataFrame(
        {
            "day": pd.to_datetime(["2025-11-02", None]),
            "at": pd.to_datetime(["2025-11-02 13:05:00", "2025-11-03 00:00:00"]),
            "plain": [date(2025, 1, 31), date(2024, 2, 29)],
        }
    )
    assert _lines(to_csv_bytes(frame)) == [
        "day,at,plain",
        "2025-11-02,2025-11-02 13:05:00,2025-01-31",
        ",2025-11-03 00:00:00,2024-02-29",
    ]


def test_quotes_commas_and_newlines_survive():
    text = 'Mug, "large"\nblue'
    assert _read(to_csv_bytes(pd.DataFrame({"name": [text]}))).loc[0, "name"] == text


def test_repeated_column_names_and_index_labels():
    frame = pd.DataFrame([[1, "-x"], [2, "y"]], columns=["a", "a"], index=[7, 7])
    assert _lines(to_csv_bytes(frame)) == ["a,a", "1,'-x", "2,y"]


START, END = date(2025, 9, 1), date(2025, 11, 29)


def test_filename_example():
    name = export_filename("revenue", ["by category", ("BER", "PAR")], START, END)
    assert name == "revenue_by-category_BER-PAR_2025-09-01_2025-11-29.csv"


def test_empty_selection_reads_all():
    assert export_filename("stock", [(), []], START, END) == "stock_all_all_2025-09-01_2025-11-29.csv"


def test_filename_has_no_path_separators_or_reserved_characters():
    name = export_filename("../../etc/passwd", ["a\\b", ("C:/x", 'bad<>:"|?*name')], START, END)
    assert name == "etc-passwd_a-b_C-x-bad-name_2025-09-01_2025-11-29.csv"
    for character in '/\\<>:"|?*':
        assert character not in name


def test_filename_keeps_non_ascii_letters():
    assert export_filename("Ventes", [("Café", "玩具")], START, END) == "Ventes_Café-玩具_2025-09-01_2025-11-29.csv"


def test_long_selections_are_shortened():
    skus = [f"SKU-{i:03d}" for i in range(40)]
    name = export_filename("stock", [skus], START, END)
    assert name == "stock_SKU-000-SKU-001-SKU-002-and-37-more_2025-09-01_2025-11-29.csv"


def test_very_long_names_stay_under_the_limit_and_keep_the_dates():
    name = export_filename("revenue", ["x" * 1000, ("長い名前" * 100,)], START, END)
    assert len(name.encode()) <= MAX_FILENAME_BYTES
    assert name.startswith("revenue_xxx")
    assert name.endswith("_2025-09-01_2025-11-29.csv")
    very_long_page = export_filename("頁" * 500, [], START, END)
    assert len(very_long_page.encode()) <= MAX_FILENAME_BYTES
    assert very_long_page.endswith("_2025-09-01_2025-11-29.csv")


def test_unusable_page_name_falls_back():
    assert export_filename("///", [], START, END) == "export_2025-09-01_2025-11-29.csv"


# --- Excel workbooks ---------------------------------------------------------


def test_sheet_names_are_legal_short_and_unique():
    names = sheet_names(["Summary", "A/B: [x]*?", "summary", "", "y" * 40, "y" * 40])
    assert names == ["Summary", "A-B- -x---", "summary (2)", "Sheet", "y" * 31, "y" * 27 + " (2)"]


def test_the_workbook_opens_with_a_sheet_per_frame_and_keeps_types():
    first = pd.DataFrame({
        "name": ["=HYPERLINK(\"http://x\")", "Café", None],
        "units": [1, -2, 3],
        "cost": [1.5, None, 2.25],
        "day": pd.to_datetime(["2026-12-07", None, "2026-12-09"]),
    })  # fmt: skip
    data = to_excel_bytes([("Orders", first), ("Orders", first.iloc[:1]), ("@Other", pd.DataFrame({"x": []}))])
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Orders", "Orders (2)", "@Other"]
    rows = list(workbook["Orders"].iter_rows(values_only=True))
    assert rows[0] == ("name", "units", "cost", "day")
    assert rows[1][0] == "\'=HYPERLINK(\"http://x\")" and rows[2][0] == "Café" and rows[3][0] is None
    assert [row[1] for row in rows[1:]] == [1, -2, 3]
    assert rows[2][2] is None and rows[3][2] == 2.25
    assert rows[1][3].date() == date(2026, 12, 7) and rows[2][3] is None
    assert len(list(workbook["Orders (2)"].iter_rows())) == 2
    assert [cell.value for cell in workbook["@Other"][1]] == ["x"]
