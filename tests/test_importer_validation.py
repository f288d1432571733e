"""Planning: every rejected row named by its spreadsheet row, the file's
column, the value as typed and the reason; nothing lost."""

from __future__ import annotations

import pytest

from data_access.importer import AmbiguousDates, FileProblem, OptionProblem
from data_access.importer.shapes import Shape
from tests.fixtures_import import plan_text

HEADER = "Date,Store,SKU,Product,Qty,Price,Discount,Stock\n"


def _rejects(text: str, **options) -> list[tuple]:
    plan = plan_text(text, **options)
    assert plan.rows_read == len(plan.accepted) + len(plan.rejected_rows)  # nothing lost
    return [tuple(r) for r in plan.rejects.itertuples(index=False)]


def test_a_clean_file_has_no_rejects():
    plan = plan_text(HEADER + "2025-01-31,BER,A-1,Hose,3,24.90,10%,41\n2025-01-31,BER,A-2,Can,,,,0\n")
    assert plan.shape is Shape.ACTIVITY
    assert (plan.rows_read, len(plan.accepted), len(plan.rejects)) == (2, 2, 0)
    assert plan.date_span == (plan.accepted["date"].min().date(),) * 2


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("2025-01-31,BER,A-1,Hose,three,24.90,,41", (2, "Qty", "three", "not a number")),
        ("2025-01-31,BER,A-1,Hose,1.5,24.90,,41", (2, "Qty", "1.5", "not a whole number")),
        ("2025-02-30,BER,A-1,Hose,3,24.90,,41", (2, "Date", "2025-02-30", "not a date (dates are read year first)")),
        ("yesterday,BER,A-1,Hose,3,24.90,,41", (2, "Date", "yesterday", "not a date (dates are read year first)")),
        ("1850-01-01,BER,A-1,Hose,3,24.90,,41", (2, "Date", "1850-01-01", "a date before 1900 or after 2100")),
        (",BER,A-1,Hose,3,24.90,,41", (2, "Date", "", "missing")),
        ("2025-01-31,BER,,Hose,3,24.90,,41", (2, "SKU", "", "missing")),
        ("2025-01-31,BER,A-1,Hose,3,24.90,,-5", (2, "Stock", "-5", "a negative stock level")),
        ("2025-01-31,BER,A-1,Hose,3,-24.90,,41", (2, "Price", "-24.90", "a negative price")),
        ("2025-01-31,BER,A-1,Hose,3,24.90,150%,41", (2, "Discount", "150%", "not a discount between 0 and 100%")),
        ("2025-01-31,BER,A-1,Hose,3,24.90 %,,41", (2, "Price", "24.90 %", "not a number")),
        ("2025-01-31,BER,A-1,Hose,99999999999,24.90,,41", (2, "Qty", "99999999999", "too large")),
        ("2025-01-31,BER,A-1,Hose,,24.90,,", (2, "Qty", "", "no quantity and no stock on hand")),
        ("2025-01-31,BER,A-1,Hose,3,,,41", (2, "Price", "", "units sold without a unit price or revenue")),
        (f"2025-01-31,BER,{'X' * 65},Hose,3,24.90,,41", (2, "SKU", "X" * 65, "longer than 64 characters")),
    ],
    ids=[
        "text-quantity",
        "fractional-quantity",
        "impossible-date",
        "unparseable-date",
        "date-out-of-range",
        "missing-date",
        "missing-sku",
        "negative-stock",
        "negative-price",
        "discount-over-100",
        "percent-price",
        "huge-quantity",
        "no-amounts",
        "units-without-price",
        "long-sku",
    ],
)
def test_each_bad_value_is_reported_with_row_column_value_and_reason(row, expected):
    assert _rejects(HEADER + row + "\n") == [expected]


def test_row_numbers_count_the_header_and_blank_lines():
    text = HEADER + "2025-01-31,BER,A-1,Hose,3,24.90,,41\n\n2025-01-31,BER,A-2,Can,x,1,,2\n"
    assert _rejects(text) == [(4, "Qty", "x", "not a number")]


def test_a_row_with_several_problems_is_one_rejected_row_with_every_reason():
    plan = plan_text(HEADER + "someday,BER,A-1,Hose,x,-1,,-2\n2025-01-31,BER,A-1,Hose,3,24.90,,41\n")
    assert [tuple(r) for r in plan.rejects.itertuples(index=False)] == [
        (2, "Date", "someday", "not a date (dates are read year first)"),
        (2, "Qty", "x", "not a number"),
        (2, "Price", "-1", "a negative price"),
        (2, "Stock", "-2", "a negative stock level"),
    ]
    assert plan.rejected_rows.tolist() == [2]
    assert plan.accepted.index.tolist() == [3]


def test_two_different_stock_levels_for_one_day_product_and_warehouse_are_both_rejected():
    text = (
        HEADER + "2025-01-31,BER,A-1,Hose,1,24.90,,41\n"
        "2025-01-31,BER,A-1,Hose,2,24.90,,40\n"
        "2025-01-31,MAD,A-1,Hose,1,24.90,,40\n"
    )
    reason = "another row gives a different stock level for the same day, product and warehouse"
    assert _rejects(text) == [(2, "Stock", "41", reason), (3, "Stock", "40", reason)]


def test_the_same_stock_level_on_several_sales_rows_is_fine():
    text = HEADER + "2025-01-31,BER,A-1,Hose,1,24.90,,41\n2025-01-31,BER,A-1,Hose,2,24.90,,41\n"
    assert _rejects(text) == []


def test_reasons_name_the_date_order_in_use():
    text = "Date,SKU,Qty\n31/01/2025,A,1\n2025-13-45,A,1\n"
    assert _rejects(text) == [(3, "Date", "2025-13-45", "not a date (dates are read day first)")]


def test_purchase_order_rules():
    text = "Supplier,SKU,Ordered on,Received on,Qty\nAcme,A,2025-01-10,2025-01-05,5\nAcme,A,2025-01-10,,0\n"
    assert _rejects(text) == [
        (2, "Received on", "2025-01-05", "received before it was ordered"),
        (3, "Qty", "0", "an ordered quantity must be more than 0"),
    ]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("0", "a pack size must be at least 1 unit"),
        ("-6", "a pack size must be at least 1 unit"),
        ("2.5", "not a whole number"),
        ("a dozen", "not a number"),
        ("3000000000", "too large"),
    ],
)
def test_a_pack_size_is_a_whole_number_of_at_least_one(value, reason):
    assert _rejects(f"SKU,Pack size,MOQ\nA-1,{value},12\nA-2,6,\n") == [(2, "Pack size", value, reason)]
    moq_reason = reason.replace("a pack size", "a minimum order quantity")
    assert _rejects(f"SKU,Pack size,MOQ\nA-1,6,{value}\nA-2,,1\n") == [(2, "MOQ", value, moq_reason)]


def test_formula_like_text_is_just_text():
    plan = plan_text(HEADER + '2025-01-31,BER,A-1,"=HYPERLINK(""http://x"")",3,24.90,,41\n')
    assert plan.accepted["product_name"].tolist() == ['=HYPERLINK("http://x")']


def test_a_missing_required_column_refuses_the_file():
    with pytest.raises(FileProblem, match="needs a column for: sku"):
        plan_text("Date,Qty\n2025-01-31,3\n")


def test_ambiguous_dates_refuse_until_the_order_is_chosen():
    text = "Date,SKU,Qty\n01/02/2025,A,1\n03/04/2025,A,1\n"
    with pytest.raises(AmbiguousDates):
        plan_text(text)
    assert plan_text(text, date_format="DMY").accepted["date"].dt.month.tolist() == [2, 4]


def test_a_mapping_to_a_missing_column_or_unknown_field_is_a_usage_problem():
    with pytest.raises(OptionProblem, match="no column 'Units'"):
        plan_text("Date,SKU,Qty\n2025-01-31,A,1\n", mapping={"date": "Date", "sku": "SKU", "quantity": "Units"})
    with pytest.raises(OptionProblem, match="Unknown field 'units'"):
        plan_text("Date,SKU,Qty\n2025-01-31,A,1\n", mapping={"date": "Date", "sku": "SKU", "units": "Qty"})


def test_notes_tell_how_the_file_was_read():
    plan = plan_text(
        "Datum;Artikel;Menge;Preis;Lager;Extra\n31.01.2025;A;1;1.234,50;3;x\n",
        mapping={"date": "Datum", "sku": "Artikel", "quantity": "Menge", "unit_price": "Preis", "on_hand": "Lager"},
    )
    notes = " ".join(plan.notes)
    assert "semicolon-separated" in notes
    assert "day first" in notes
    assert "decimal comma" in notes
    assert "Columns not imported: Extra" in notes
    assert "every row goes to warehouse MAIN" in notes
    assert plan.accepted["unit_price"].tolist() == [1234.5]
