"""What the digest remembers of an alert: keys that stay the same from one
evaluation to the next, fingerprints that change only with what matters,
and the rows a destination has not had yet."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd

from analytics.alert_memory import alert_keys, fingerprints, identify, json_value, new_or_changed
from analytics.alerts import LATE_PURCHASE_ORDERS, OUT_OF_STOCK, STATUS_CHANGED, Alert
from analytics.stock_health import STATUS_DTYPE


def out_of_stock(*positions: tuple[str, str], demand: float = 1.0) -> Alert:
    rows = pd.DataFrame(positions, columns=["sku", "warehouse"]).assign(avg_daily_units=demand)
    return Alert(OUT_OF_STOCK, ("sku", "warehouse"), rows)


def late(*orders: tuple[int, str, int]) -> Alert:
    rows = pd.DataFrame(orders, columns=["po_id", "expected_on", "days_late"])
    return Alert(LATE_PURCHASE_ORDERS, ("po_id",), rows.assign(expected_on=pd.to_datetime(rows["expected_on"])))


def changed(*rows: tuple[str, str, str, str]) -> Alert:
    frame = pd.DataFrame(rows, columns=["sku", "warehouse", "previous_status", "status"])
    statuses = frame.astype({"previous_status": STATUS_DTYPE, "status": STATUS_DTYPE})
    return Alert(STATUS_CHANGED, ("sku", "warehouse"), statuses)


def test_keys_are_json_arrays_of_the_key_values_whatever_the_dtype():
    keys = alert_keys(out_of_stock(("SKU-1", "BER"), ("Ä/\"x", "MAD"))).tolist()
    assert keys == ['["SKU-1","BER"]', '["Ä/\\"x","MAD"]']
    orders = late((7, "2025-12-01", 3))
    narrower = Alert(LATE_PURCHASE_ORDERS, ("po_id",), orders.rows.astype({"po_id": "int32"}))
    assert alert_keys(orders).tolist() == alert_keys(narrower).tolist() == ["[7]"]
    assert json.loads(alert_keys(orders).iloc[0]) == [7]


def test_fingerprints_change_with_what_matters_and_not_with_drifting_numbers():
    today = fingerprints(late((7, "2025-12-01", 3))).iloc[0]

    assert fingerprints(late((7, "2025-12-01", 4))).iloc[0] == today  # a day later, still late: the same alert
    assert fingerprints(late((7, "2025-12-05", 1))).iloc[0] != today  # the supplier moved the date
    busier = out_of_stock(("A", "BER"), demand=3.0)
    assert fingerprints(busier).iloc[0] == fingerprints(out_of_stock(("A", "BER"))).iloc[0]
    healthy_to_out = changed(("A", "BER", "healthy", "out-of-stock"))
    understocked_to_out = changed(("A", "BER", "understocked", "out-of-stock"))
    assert fingerprints(healthy_to_out).iloc[0] != fingerprints(understocked_to_out).iloc[0]


def test_only_rows_not_sent_with_the_same_fingerprint_are_pending():
    alerts = (out_of_stock(("A", "BER"), ("B", "BER")), late((7, "2025-12-01", 3), (8, "2025-12-02", 2)))
    sent = identify(alerts)
    moved = late((7, "2025-12-09", 1), (8, "2025-12-02", 3))

    assert new_or_changed(alerts, sent) == ()
    assert new_or_changed(alerts, sent.iloc[:0])[0].rows.equals(alerts[0].rows)
    pending = new_or_changed((out_of_stock(("A", "BER"), ("C", "MAD")), moved), sent)
    assert [(alert.kind, alert.rows.iloc[:, 0].tolist()) for alert in pending] == [
        (OUT_OF_STOCK, ["C"]),  # new
        (LATE_PURCHASE_ORDERS, [7]),  # its expected date changed; 8 only got a day later
    ]


def test_identify_lists_every_row_and_is_empty_without_alerts():
    frame = identify((out_of_stock(("A", "BER")), out_of_stock()))
    assert frame[["kind", "alert_key"]].values.tolist() == [[OUT_OF_STOCK, '["A","BER"]']]
    assert identify(()).columns.tolist() == ["kind", "alert_key", "fingerprint"]


def test_json_values_are_plain():
    values = [np.int64(3), np.float64(1.5), pd.Timestamp("2025-12-01"), date(2025, 1, 2), np.nan, None, pd.NA, "x"]
    assert [json_value(v) for v in values] == [3, 1.5, "2025-12-01", "2025-01-02", None, None, None, "x"]
