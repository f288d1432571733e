"""What the tables show and export: the CSV holds the shown columns under
their headers, rounded as shown; change columns are coloured by the measure's
direction; positions sort by urgency; the per-warehouse table carries the
value tied up in overstock and dead stock."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.stock_health import by_urgency, status_summary
from services.stock_health import status_table
from ui import tables
from ui.tables import BETTER_COLOUR, WORSE_COLOUR, _change_colour, as_shown


def test_the_csv_has_the_shown_columns_headers_and_rounding():
    frame = pd.DataFrame(
        {"category": ["Toys"], "revenue": [125726.62000000002], "std_daily_units": [0.123], "margin_pct": [25.4567]}
    )
    columns = {"category": "Category", "revenue": tables.money("Revenue"), "margin_pct": tables.percent("Margin %")}

    exported = as_shown(frame[list(columns)], columns)

    assert list(exported.columns) == ["Category", "Revenue", "Margin %"]
    assert exported.iloc[0].tolist() == ["Toys", 125726.62, 25.5]


@pytest.mark.parametrize(
    ("value", "better", "colour"),
    [
        (5.0, "higher", BETTER_COLOUR), (-5.0, "higher", WORSE_COLOUR),
        (5.0, "lower", WORSE_COLOUR), (-5.0, "lower", BETTER_COLOUR),
        (0.0, "higher", None), (float("nan"), "higher", None), (5.0, "neither", None),
    ],
)  # fmt: skip
def test_changes_are_coloured_by_their_measure(value, better, colour):
    style = _change_colour(value, better)
    assert style == (f"color: {colour}" if colour else "")


def _positions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sku": ["A", "B", "C", "D", "E", "F"],
            "warehouse": ["BER"] * 6,
            "status": pd.Categorical(
                ["healthy", "understocked", "out-of-stock", "understocked", "dead-stock", "overstocked"]
            ),
            "days_of_cover": [30.0, 4.0, 0.0, 2.0, float("nan"), 200.0],
            "stock_value": [100.0, 50.0, 0.0, 80.0, 900.0, 400.0],
            "on_hand": [10, 5, 0, 8, 90, 40],
        }
    )


def test_positions_sort_by_urgency_then_cover_then_value():
    assert by_urgency(_positions())["sku"].tolist() == ["C", "D", "B", "E", "F", "A"]


def test_the_warehouse_table_carries_overstocked_and_dead_stock_value():
    positions = _positions()
    positions["status"] = positions["status"].cat.set_categories(
        ["out-of-stock", "understocked", "healthy", "overstocked", "dead-stock"]
    )
    row = status_table(status_summary(positions, by="warehouse"), by="warehouse").iloc[0]
    assert (row["overstocked_value"], row["dead_stock_value"], row["stock_value"]) == (400.0, 900.0, 1530.0)


def test_money_is_rounded_to_the_shops_currency():
    columns = {"revenue": tables.money("Revenue")}
    yen = as_shown(pd.DataFrame({"revenue": [1234.56]}), columns, money_decimals=0)  # JPY has no minor unit
    assert yen.iloc[0, 0] == 1235.0
