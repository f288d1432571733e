"""The Replenishment page in AppTest: its tiles and supplier totals equal the
stored plan's rows, an edited quantity moves every total and lasts for the
session, a selection narrows the lines, the reasons are written out, the
workbook opens with a sheet per supplier, and a database without a plan says
how to get one. The Overview counts the positions the plan finds short."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from tests.support.app_db import (  # noqa: F401 (fixtures)
    assert_clean,
    forecast_url,
    fresh_caches,
    metric_values,
    open_app,
    simulated_database,
    table,
    use_forecast,
)
from tests.support.plan_editor import raise_first_line
from ui.replenishment import order_workbook, supplier_totals

PAGE = "pages/6_Replenishment.py"


def stored(url: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The latest plan's purchases and transfers with sku and warehouse codes, and its run, by plain SQL."""
    engine = sa.create_engine(url, poolclass=NullPool)
    with engine.connect() as conn:
        run = pd.read_sql_query(sa.text("SELECT * FROM plan_runs ORDER BY plan_id DESC LIMIT 1"), conn)
        plan_id = int(run["plan_id"].iloc[0])
        purchases = pd.read_sql_query(sa.text(
            "SELECT l.*, p.sku, w.code AS warehouse FROM plan_purchases l JOIN products p USING (product_id) "
            f"JOIN warehouses w USING (warehouse_id) WHERE plan_id = {plan_id}"
        ), conn)  # fmt: skip
        transfers = pd.read_sql_query(sa.text(f"SELECT * FROM plan_transfers WHERE plan_id = {plan_id}"), conn)
    engine.dispose()
    return purchases, transfers, run


def test_the_page_shows_the_stored_plan(use_forecast):
    at = open_app(PAGE)
    assert_clean(at)
    purchases, transfers, run = stored(use_forecast)
    tiles = metric_values(at)
    assert tiles["Money the plan commits"] == pytest.approx(purchases["cost"].fillna(0).sum(), abs=0.01)
    assert tiles["Purchase lines"] == len(purchases)
    assert tiles["Below reorder point"] == run["positions_to_order"].iloc[0]
    totals = table(at, "plan_suppliers").set_index("supplier")
    expected = purchases.groupby("supplier").agg(lines=("quantity", "size"), units=("quantity", "sum"),
                                                 cost=("cost", "sum"))  # fmt: skip
    assert totals["lines"].to_dict() == expected["lines"].to_dict()
    assert totals["units"].to_dict() == expected["units"].to_dict()
    assert totals["cost"].sum() == pytest.approx(expected["cost"].sum(), abs=0.01)
    editor = at.data_editor[0].value
    assert len(editor) == len(purchases)
    assert editor["why"].str.startswith("forecast ").all()
    assert editor["why"].str.contains(" d review + ", regex=False).all()
    if not transfers.empty:
        assert len(table(at, "plan_transfers")) == len(transfers)


def test_an_edited_quantity_moves_the_totals_for_the_session(use_forecast):
    purchases, _, _ = stored(use_forecast)
    at = open_app(PAGE)
    line, total = raise_first_line(at, purchases, 100)
    assert metric_values(at)["Money the plan commits"] == pytest.approx(total, abs=0.01)
    supplier = table(at, "plan_suppliers").set_index("supplier").loc[line["supplier"]]
    assert supplier["units"] == purchases.loc[purchases["supplier"] == line["supplier"], "quantity"].sum() + 100
    at.switch_page("app.py").run()
    at.switch_page(PAGE).run()
    assert metric_values(at)["Money the plan commits"] == pytest.approx(total, abs=0.01)  # kept for the session


def test_a_warehouse_selection_narrows_the_lines(use_forecast):
    purchases, transfers, _ = stored(use_forecast)
    at = open_app(PAGE, {"warehouse": "BER"})
    assert_clean(at)
    assert set(at.data_editor[0].value["warehouse"]) == {"BER"}
    assert len(at.data_editor[0].value) == (purchases["warehouse"] == "BER").sum()


def test_the_workbook_has_a_summary_and_a_sheet_per_supplier(use_forecast):
    purchases, _, _ = stored(use_forecast)
    lines = purchases.assign(name=purchases["sku"], order_by=pd.to_datetime(purchases["order_by"]),
                             expected_on=pd.to_datetime(purchases["expected_on"]))  # fmt: skip
    lines.loc[lines.index[0], "quantity"] = 0  # a line edited to 0 is not ordered
    lines = lines.assign(cost=lines["quantity"] * lines["unit_cost"])
    totals = supplier_totals(lines)
    workbook = openpyxl.load_workbook(io.BytesIO(order_workbook(lines, totals)))
    assert workbook.sheetnames[0] == "Summary"
    assert sorted(workbook.sheetnames[1:]) == sorted(s[:31] for s in totals["supplier"])
    summary = list(workbook["Summary"].iter_rows(values_only=True))
    assert summary[0][:4] == ("Supplier", "Lines", "Units", "Cost")
    assert sum(row[2] for row in summary[1:]) == lines["quantity"].sum()
    for supplier in totals["supplier"]:
        rows = list(workbook[supplier[:31]].iter_rows(values_only=True))
        ordered = lines[(lines["supplier"] == supplier) & (lines["quantity"] > 0)]
        assert rows[0][:4] == ("SKU", "Product", "Warehouse", "Quantity")
        assert sorted(row[3] for row in rows[1:]) == sorted(ordered["quantity"].tolist())


def test_without_a_plan_the_page_says_how_to_get_one(tmp_path, monkeypatch):
    monkeypatch.setenv("INVENTORY_DB_URL", simulated_database(tmp_path))
    at = open_app(PAGE)
    assert_clean(at)
    assert "No replenishment plan" in at.info[0].value and "python -m planning plan" in at.info[0].value


def test_the_overview_counts_the_positions_the_plan_finds_short(use_forecast):
    _, _, run = stored(use_forecast)
    at = open_app()
    assert_clean(at)
    assert metric_values(at)["SKUs needing reorder"] == run["positions_to_order"].iloc[0]
