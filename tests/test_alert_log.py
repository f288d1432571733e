"""The digest's memory on DuckDB, SQLite and PostgreSQL: runs, the state per
destination (upserted, resolved alerts forgotten), the history, the day a
destination is up to date, and a replace of the shop's data keeping it all."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
import sqlalchemy as sa

from data_access import alert_log
from data_access.alert_log import FAILED, SENT
from data_access.bulk import delete_all_rows, write_dataset
from data_access.engine import connect, make_engine, transaction
from data_access.migrations import prepare_schema, upgrade
from data_access.schema import ALERT_TABLES
from tests.support.dataset import make_test_dataset

MAIL, HOOK = "email:ops@example.com", "slack:hooks.slack.com#1a2b3c4d"
T1, T2, T3 = (datetime(2025, 12, day, 6, 30) for day in (1, 2, 3))


def alerts(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["kind", "alert_key", "fingerprint"])


@pytest.fixture
def engine(backend, new_database):
    engine = make_engine(new_database(backend))
    prepare_schema(engine) if backend != "postgresql" else upgrade(engine)
    yield engine
    engine.dispose()


def state(engine, destination: str) -> list[tuple]:
    with connect(engine) as conn:
        frame = alert_log.destination_state(conn, destination)
    return sorted(map(tuple, frame[["kind", "alert_key", "fingerprint", "status"]].values.tolist()))


def test_state_history_and_the_day_a_destination_is_up_to_date(engine):
    with connect(engine) as conn:
        assert alert_log.last_run(conn) is None
        assert alert_log.synced_as_of(conn, MAIL) is None
    first = alerts(("out-of-stock", '["A","BER"]', "f1"), ("late-purchase-orders", "[7]", "p1"))
    with transaction(engine) as conn:
        run_1 = alert_log.start_run(conn, T1, date(2025, 11, 30))
        alert_log.record_delivery(conn, run_1, MAIL, first, SENT, None, T1)
        alert_log.record_delivery(conn, run_1, HOOK, first, FAILED, "HTTP 503 Service Unavailable", T1)

    assert state(engine, MAIL) == [
        ("late-purchase-orders", "[7]", "p1", SENT), ("out-of-stock", '["A","BER"]', "f1", SENT)
    ]  # fmt: skip
    assert {row[3] for row in state(engine, HOOK)} == {FAILED}
    with connect(engine) as conn:
        assert alert_log.synced_as_of(conn, MAIL) == date(2025, 11, 30)
        assert alert_log.synced_as_of(conn, HOOK) is None  # it never had a run without a failure
        assert alert_log.last_run(conn) == (run_1, T1, date(2025, 11, 30))

    changed = alerts(("late-purchase-orders", "[7]", "p2"))
    with transaction(engine) as conn:
        run_2 = alert_log.start_run(conn, T2, date(2025, 12, 1))
        alert_log.record_delivery(conn, run_2, MAIL, changed, SENT, None, T2)
        alert_log.record_delivery(conn, run_2, HOOK, first, SENT, None, T2)
        forgotten = alert_log.forget_resolved(conn, MAIL, changed)  # A/BER is back in stock

    assert forgotten == 1
    assert state(engine, MAIL) == [("late-purchase-orders", "[7]", "p2", SENT)]  # upserted, not duplicated
    assert {row[3] for row in state(engine, HOOK)} == {SENT}
    with connect(engine) as conn:
        assert alert_log.synced_as_of(conn, HOOK) == date(2025, 12, 1)
        history = alert_log.history(conn, limit=10)
        assert alert_log.history(conn, limit=2)["ran_at"].tolist() == [pd.Timestamp(T2)] * 2
    assert len(history) == 7  # run 1: two alerts to each; run 2: one to MAIL, two to HOOK
    assert history["ran_at"].is_monotonic_decreasing
    failed = history[history["status"] == FAILED]
    assert failed["destination"].unique().tolist() == [HOOK]
    assert failed["error"].unique().tolist() == ["HTTP 503 Service Unavailable"]
    assert history.loc[0, ["destination", "kind", "alert_key", "status"]].tolist() == [
        MAIL, "late-purchase-orders", "[7]", SENT
    ]  # fmt: skip


def test_a_long_error_is_cut_to_fit_and_keys_come_in_chunks(engine):
    many = alerts(*((("out-of-stock", f'["SKU-{n:04d}","BER"]', "f")) for n in range(1200)))
    with transaction(engine) as conn:
        failed = alert_log.start_run(conn, T2, date(2025, 12, 1))
        alert_log.record_delivery(conn, failed, MAIL, many, FAILED, "x" * 2000, T2)
        caught_up = alert_log.start_run(conn, T3, date(2025, 12, 2))
        alert_log.record_delivery(conn, caught_up, MAIL, many, SENT, None, T3)
    assert len(state(engine, MAIL)) == 1200
    with connect(engine) as conn:
        errors = alert_log.history(conn, limit=5000)["error"].dropna()
    assert len(errors) == 1200 and errors.str.len().max() == alert_log.ERROR_LENGTH


def test_replacing_the_shops_data_keeps_the_digests_memory(engine):
    with transaction(engine) as conn:
        write_dataset(conn, make_test_dataset())
        run = alert_log.start_run(conn, T1, date(2025, 12, 1))
        alert_log.record_delivery(conn, run, MAIL, alerts(("out-of-stock", '["A","BER"]', "f1")), SENT, None, T1)
    with transaction(engine) as conn:
        delete_all_rows(conn)
    with connect(engine) as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM order_lines")).scalar() == 0
        counts = [conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() for table in ALERT_TABLES]
    assert counts == [1, 1, 1]
