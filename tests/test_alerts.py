"""The alert rules on hand-built positions, purchase orders and warehouses:
which rows each kind takes, most pressing first, the keys that identify them,
the thresholds, the status changes, and kinds whose input is missing."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from analytics.alerts import (
    ALERT_KINDS,
    BELOW_REORDER_POINT,
    DEAD_STOCK,
    LATE_PURCHASE_ORDERS,
    OUT_OF_STOCK,
    OVER_CAPACITY,
    OVERSTOCKED,
    POSITION_KEY,
    PURCHASE_ORDER_KEY,
    RULES,
    STATUS_CHANGED,
    STOCKOUT_BEFORE_PEAK,
    WAREHOUSE_KEY,
    AlertInputs,
    AlertThresholds,
    evaluate,
    most_pressing,
)
from analytics.events import PeakEvent
from analytics.stock_health import STATUS_DTYPE, count_needing_reorder

COLUMNS = ["sku", "warehouse", "status", "avg_daily_units", "days_of_cover", "stock_value", "on_hand", "on_order",
           "reorder_point"]  # fmt: skip


def positions(*rows: tuple) -> pd.DataFrame:
    """(sku, warehouse, status, avg_daily_units, days_of_cover, stock_value, on_hand, on_order, reorder_point);
    the forecast's daily demand as the sales average."""
    frame = pd.DataFrame(rows, columns=COLUMNS).astype({"status": STATUS_DTYPE})
    return frame.assign(daily_demand=frame["avg_daily_units"])


def orders(*rows: tuple) -> pd.DataFrame:
    """(po_id, sku, warehouse, days_late) per open purchase order."""
    return pd.DataFrame(rows, columns=["po_id", "sku", "warehouse", "days_late"])


CLASSIFIED = positions(
    ("A", "BER", "out-of-stock", 1.0, 0.0, 0.0, 0, 0, 5.0),
    ("B", "BER", "out-of-stock", 4.0, 0.0, 0.0, 0, 0, 9.0),
    ("A", "MAD", "out-of-stock", 4.0, 0.0, 0.0, 0, 50, 9.0),  # ties with B/BER: keys decide
    ("C", "BER", "understocked", 2.0, 6.0, 50.0, 12, 0, 20.0),
    ("D", "BER", "understocked", 0.5, math.nan, 10.0, 1, 0, 2.0),  # no cover figure: last
    ("E", "BER", "understocked", 3.0, 1.5, 20.0, 4, 0, 20.0),
    ("K", "BER", "understocked", 3.0, 1.0, 20.0, 3, 30, 20.0),  # covered by what is on order
    ("F", "BER", "overstocked", 0.1, 400.0, 90.0, 40, 0, 1.0),
    ("G", "MAD", "overstocked", 0.2, 200.0, 900.0, 40, 0, 1.0),
    ("H", "BER", "healthy", 1.0, 30.0, 300.0, 30, 0, 10.0),
    ("I", "BER", "dead-stock", 0.0, math.nan, 700.0, 20, 0, 0.0),
    ("J", "MAD", "dead-stock", 0.0, math.nan, 5.0, 2, 0, 0.0),
)
OPEN_ORDERS = orders((11, "A", "BER", 0), (12, "C", "BER", 3), (13, "E", "BER", 9), (10, "B", "MAD", 3))
CAPACITY = pd.DataFrame(
    {"warehouse": ["BER", "MAD", "PAR", "EMPTY"], "used_pct": [95.0, 90.0, 89.9, math.nan]}
)


def by_kind(**inputs) -> dict[str, pd.DataFrame]:
    given = {"classified": CLASSIFIED, "open_orders": OPEN_ORDERS, **inputs}
    return {alert.kind: alert.rows for alert in evaluate(AlertInputs(**given))}


PEAK = PeakEvent("black-friday", date(2026, 11, 27), date(2026, 11, 30), 2.2)
RUNS_OUT = CLASSIFIED.assign(runs_out_on=pd.to_datetime(
    ["2026-11-20", "2026-11-20", None, "2026-11-25", "2026-11-30", "2026-12-01", None, None, None, None, None, None]
))  # fmt: skip


def test_every_kind_in_order_with_its_key_when_every_input_is_there():
    previous = CLASSIFIED.assign(status=CLASSIFIED["status"])
    alerts = evaluate(AlertInputs(RUNS_OUT, OPEN_ORDERS, capacity=CAPACITY, previous=previous, peak=PEAK))

    assert tuple(alert.kind for alert in alerts) == ALERT_KINDS
    assert [alert.key for alert in alerts] == [RULES[kind].key for kind in ALERT_KINDS]
    assert {RULES[kind].key for kind in ALERT_KINDS} == {POSITION_KEY, PURCHASE_ORDER_KEY, WAREHOUSE_KEY}
    for alert in alerts:
        assert not alert.rows.duplicated(list(alert.key)).any(), alert.kind


def test_kinds_without_their_input_are_not_evaluated():
    assert set(by_kind()) == set(ALERT_KINDS) - {OVER_CAPACITY, STATUS_CHANGED, STOCKOUT_BEFORE_PEAK}
    assert STOCKOUT_BEFORE_PEAK not in by_kind(peak=PEAK)  # no projection in the classified positions


def test_positions_running_out_before_the_next_peak_is_over_soonest_first():
    rows = by_kind(classified=RUNS_OUT, peak=PEAK)[STOCKOUT_BEFORE_PEAK]
    # A/BER and B/BER on 20 Nov, C on 25 Nov, D on 30 Nov (the peak's last day); E on 1 Dec is after it.
    assert list(zip(rows["sku"], rows["warehouse"])) == [("A", "BER"), ("B", "BER"), ("C", "BER"), ("D", "BER")]
    assert set(rows["peak"]) == {"black-friday"} and RULES[STOCKOUT_BEFORE_PEAK].fingerprint == ("peak",)
    nobody_buys = RUNS_OUT.assign(daily_demand=0.0)
    assert by_kind(classified=nobody_buys, peak=PEAK)[STOCKOUT_BEFORE_PEAK].empty


def test_out_of_stock_most_demanded_first():
    rows = by_kind()[OUT_OF_STOCK]
    assert list(zip(rows["sku"], rows["warehouse"])) == [("A", "MAD"), ("B", "BER"), ("A", "BER")]


def test_below_reorder_point_leaves_out_what_open_orders_cover_least_cover_first():
    rows = by_kind()[BELOW_REORDER_POINT]

    assert rows["sku"].tolist() == ["E", "C", "D"]
    # The Overview's tile counts these and the out-of-stock positions that orders do not cover.
    assert count_needing_reorder(CLASSIFIED) == len(rows) + 2


def test_overstocked_and_dead_stock_most_value_first_above_the_value_threshold():
    assert by_kind()[OVERSTOCKED]["sku"].tolist() == ["G", "F"]
    assert by_kind()[DEAD_STOCK]["sku"].tolist() == ["I", "J"]

    worth_90 = by_kind(thresholds=AlertThresholds(min_stock_value=90.0))
    assert worth_90[OVERSTOCKED]["sku"].tolist() == ["G", "F"]  # at the threshold counts
    assert worth_90[DEAD_STOCK]["sku"].tolist() == ["I"]
    assert by_kind(thresholds=AlertThresholds(min_stock_value=901))[OVERSTOCKED].empty


def test_late_purchase_orders_latest_first():
    rows = by_kind()[LATE_PURCHASE_ORDERS]
    assert rows["po_id"].tolist() == [13, 10, 12]
    assert (rows["days_late"] > 0).all()


def test_warehouses_at_or_above_the_capacity_threshold_fullest_first():
    assert by_kind(capacity=CAPACITY)[OVER_CAPACITY]["warehouse"].tolist() == ["BER", "MAD"]
    fuller = by_kind(capacity=CAPACITY, thresholds=AlertThresholds(capacity_pct=95))
    assert fuller[OVER_CAPACITY]["warehouse"].tolist() == ["BER"]


def test_status_changes_against_the_reference_day_most_urgent_first():
    previous = positions(
        ("A", "BER", "healthy", 1.0, 9.0, 9.0, 9, 0, 5.0),  # now out of stock
        ("C", "BER", "understocked", 2.0, 6.0, 50.0, 12, 0, 20.0),  # unchanged
        ("G", "MAD", "healthy", 0.2, 50.0, 900.0, 40, 0, 1.0),  # now overstocked
        ("H", "BER", "understocked", 1.0, 3.0, 30.0, 3, 0, 10.0),  # now healthy
        ("Z", "BER", "healthy", 1.0, 3.0, 30.0, 3, 0, 10.0),  # gone since: no change to report
    )  # positions new since (B, D, ...) have no previous status: not a change either

    rows = by_kind(previous=previous)[STATUS_CHANGED]

    assert list(zip(rows["sku"], rows["previous_status"].astype(str), rows["status"].astype(str))) == [
        ("A", "healthy", "out-of-stock"),
        ("H", "understocked", "healthy"),
        ("G", "healthy", "overstocked"),
    ]
    assert rows["previous_status"].dtype == STATUS_DTYPE


def test_nothing_to_alert_gives_every_kind_empty():
    alerts = evaluate(
        AlertInputs(RUNS_OUT.iloc[:0], OPEN_ORDERS.iloc[:0], CAPACITY.iloc[:0], CLASSIFIED.iloc[:0], peak=PEAK)
    )

    assert tuple(alert.kind for alert in alerts) == ALERT_KINDS
    assert all(alert.rows.empty for alert in alerts)


@pytest.mark.parametrize("bad", [{"min_stock_value": -1}, {"capacity_pct": 0}, {"min_stock_value": math.nan}])
def test_thresholds_refuse_values_that_mean_nothing(bad):
    with pytest.raises(ValueError):
        AlertThresholds(**bad)


def test_most_pressing_puts_each_kinds_first_rows_in_one_frame_kind_by_kind():
    alerts = evaluate(AlertInputs(CLASSIFIED, OPEN_ORDERS, capacity=CAPACITY, thresholds=AlertThresholds(90.0)))

    top = most_pressing(alerts, top=2, columns=("sku", "warehouse", "po_id", "used_pct", "kind"))

    expected = [(alert.kind, row) for alert in alerts for row in alert.rows.head(2).to_dict("records")]
    assert top["kind"].tolist() == [kind for kind, _row in expected]  # most urgent kind first, then its rows
    assert top[["sku", "warehouse"]].fillna("-").values.tolist() == [
        [row.get("sku", "-"), row.get("warehouse", "-")] for _kind, row in expected
    ]
    assert top["po_id"].dropna().tolist() == [13, 10]  # latest first, as the rule orders them
    assert list(top.columns) == ["sku", "warehouse", "kind", "po_id", "used_pct"]
    assert len(most_pressing(alerts)) == sum(len(alert.rows) for alert in alerts)  # every row, every column
    assert most_pressing(()).empty
