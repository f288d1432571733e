"""Long tables send their first rows only: with the INVENTORY_SHOWN_ROWS
setting made small, the position table shows exactly that many rows, the
most urgent ones (by the status counts of the tiles), says how many of how
many (the raw row count), shows more when raised, and its download still
holds every row. The plan's editor shows its earliest lines while the
totals count them all. The Forecast page reads only the series it shows
(ORDER BY ... LIMIT, the same rows on every backend) and counts the rest."""

from __future__ import annotations

import contextvars
import io
import threading
from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from analytics.stock_health import URGENCY
from data_access import forecast_store
from data_access.engine import connect
from data_access.filters import Filters
from i18n import set_language
from i18n.labels import column_label, status_label
from planning.__main__ import main as planning
from tests.conftest import BACKENDS
from tests.support.dataset import make_test_dataset
from tests.support.dataset_fixtures import engine_with
from tests.support.app_db import (  # noqa: F401 (fixtures)
    assert_clean,
    default_selection,
    forecast_url,
    fresh_caches,
    metric_values,
    open_app,
    raw,
    simulated_url,
    table,
    use_forecast,
    use_simulated,
)
from tests.support.plan_editor import raise_first_line
from tests.test_app_replenishment import stored
from ui.downloads import csv_builder
from ui.tables import SHOWN_ROWS_ENV

STOCK_HEALTH = "pages/2_Stock_health.py"
REPLENISHMENT = "pages/6_Replenishment.py"
FORECAST = "pages/5_Forecast.py"


def captions(at) -> list[str]:
    return [caption.value for caption in at.caption]


def download_help(at, key: str) -> str:
    return next(button.proto.help for button in at.get("download_button") if button.key == f"download_{key}")


def test_the_position_table_shows_the_most_urgent_rows_and_more_on_request(use_simulated, raw, monkeypatch):
    monkeypatch.setenv(SHOWN_ROWS_ENV, "25")
    at = open_app(STOCK_HEALTH)
    assert_clean(at)
    total = len(raw.stock_as_of(default_selection(raw), default_selection(raw).end))
    assert total > 100

    shown = table(at, "positions")
    assert len(shown) == 25
    assert f"Showing 25 of {total} rows, most urgent first." in captions(at)
    tiles = metric_values(at)
    expected = [status_label(status) for status in URGENCY for _n in range(int(tiles[status_label(status)]))]
    assert shown["status"].tolist() == expected[:25]
    assert download_help(at, "positions").endswith(f"({total} rows)")  # the CSV holds every row

    at.selectbox(key="shown_rows_positions").set_value(100).run()
    assert len(table(at, "positions")) == 100
    assert f"Showing 100 of {total} rows, most urgent first." in captions(at)
    assert table(at, "positions")["status"].tolist() == expected[:100]

    at.selectbox(key="shown_rows_positions").set_value(500).run()
    assert len(table(at, "positions")) == total
    assert f"Showing {total} of {total} rows, most urgent first." in captions(at)


def test_a_short_table_has_no_limit_and_a_bad_setting_says_so(use_simulated, raw, monkeypatch):
    monkeypatch.setenv(SHOWN_ROWS_ENV, "lots")
    at = open_app(STOCK_HEALTH)
    assert not at.exception
    assert any(SHOWN_ROWS_ENV in warning.value and "positive whole number" in warning.value for warning in at.warning)
    total = len(raw.stock_as_of(default_selection(raw), default_selection(raw).end))
    assert len(table(at, "positions")) == total  # under the default 500
    assert not [box for box in at.selectbox if box.key == "shown_rows_positions"]
    assert not [text for text in captions(at) if text.startswith("Showing ")]


def test_the_plan_editor_shows_the_earliest_lines_and_totals_count_them_all(use_forecast, monkeypatch):
    monkeypatch.setenv(SHOWN_ROWS_ENV, "5")
    purchases, _, _ = stored(use_forecast)
    assert len(purchases) > 5
    at = open_app(REPLENISHMENT)
    assert_clean(at)

    editor = at.data_editor[0]
    assert len(editor.value) == 5
    earliest = sorted(pd.to_datetime(purchases["order_by"]))[:5]
    assert pd.to_datetime(editor.value["order_by"]).tolist() == earliest
    assert f"Showing 5 of {len(purchases)} rows, earliest order-by day first." in captions(at)
    assert metric_values(at)["Purchase lines"] == (purchases["quantity"] > 0).sum()
    assert metric_values(at)["Money the plan commits"] == pytest.approx(purchases["cost"].fillna(0).sum(), abs=0.01)

    _, total = raise_first_line(at, purchases, 100)
    assert metric_values(at)["Money the plan commits"] == pytest.approx(total, abs=0.01)


def test_the_download_builder_writes_every_row_when_called():
    rows = 160_000
    frame = pd.DataFrame({"sku": [f"SKU-{n:06d}" for n in range(rows)], "on_hand": range(rows)})
    reads = []

    build = csv_builder(lambda: reads.append(1) or frame, headers={"sku": "SKU", "on_hand": "On hand"})
    assert reads == []  # nothing is read or written before the click
    written = pd.read_csv(io.BytesIO(build()), encoding="utf-8-sig")

    assert len(written) == rows
    assert list(written.columns) == ["SKU", "On hand"]
    assert written["On hand"].sum() == frame["on_hand"].sum()


def test_the_download_speaks_the_language_of_the_page_that_offered_it():
    """The click is served outside the page's run: its words were chosen there."""

    def offered_in_chinese():
        set_language("zh")
        return column_label("warehouse"), csv_builder(lambda: pd.DataFrame({"warehouse": ["BER"]}))

    chinese, build = contextvars.copy_context().run(offered_in_chinese)
    written = []
    click = threading.Thread(target=lambda: written.append(build()))  # a new thread: the default language
    click.start()
    click.join()
    assert chinese != column_label("warehouse")
    assert written[0].decode("utf-8-sig").splitlines()[0] == chinese


def next_13_by_series(url: str) -> pd.Series:
    """Units forecast per sku x warehouse over the latest run's first 13 weeks, by plain SQL and pandas."""
    engine = sa.create_engine(url, poolclass=NullPool)
    with engine.connect() as conn:
        values = pd.read_sql_query(sa.text(
            "SELECT p.sku, w.code, v.week_start, v.forecast_units FROM forecast_values v "
            "JOIN products p USING (product_id) JOIN warehouses w USING (warehouse_id) "
            "WHERE v.run_id = (SELECT max(run_id) FROM forecast_runs)"
        ), conn)  # fmt: skip
    engine.dispose()
    weeks = sorted(pd.to_datetime(values["week_start"]).unique())[:13]
    ahead = values[pd.to_datetime(values["week_start"]).isin(weeks)]
    return ahead.groupby(["sku", "code"])["forecast_units"].sum()


def test_the_forecast_table_reads_only_the_series_it_shows(use_forecast, monkeypatch):
    monkeypatch.setenv(SHOWN_ROWS_ENV, "10")
    expected = next_13_by_series(use_forecast).sort_values(ascending=False)
    at = open_app(FORECAST)
    assert_clean(at)

    shown = table(at, "forecast_products")
    assert len(shown) == 10
    assert f"Showing 10 of {len(expected)} rows, most units in the next 13 weeks first." in captions(at)
    assert shown["next_13"].to_numpy() == pytest.approx(expected.head(10).to_numpy())
    assert download_help(at, "forecast_products").endswith(f"({len(expected)} rows)")  # read on a click

    at.selectbox(key="shown_rows_forecast_products").set_value(40).run()
    assert len(table(at, "forecast_products")) == 40
    assert table(at, "forecast_products")["next_13"].to_numpy() == pytest.approx(expected.head(40).to_numpy())
    assert f"Showing 40 of {len(expected)} rows, most units in the next 13 weeks first." in captions(at)


@pytest.fixture(scope="module", params=BACKENDS)
def forecast_engine(request, new_database):
    engine = engine_with(new_database(request.param), make_test_dataset())
    assert planning(["forecast", "--db", engine.url.render_as_string(hide_password=False), "--as-of", "2025-11-20",
                     "--horizon-weeks", "13"]) == 0  # fmt: skip
    yield engine
    engine.dispose()


@pytest.mark.parametrize("selection", [Filters(date(2025, 1, 1), date(2025, 11, 20)),
                                       Filters(date(2025, 1, 1), date(2025, 11, 20), warehouses=("BER",))],
                         ids=["all", "BER"])  # fmt: skip
def test_the_first_series_read_alone_are_the_first_of_all(forecast_engine, selection):
    with connect(forecast_engine) as conn:
        run = forecast_store.latest_run(conn)
        every = forecast_store.series_summary(conn, run.run_id, selection, run.first_week, (4, 13))
        first = forecast_store.series_summary(conn, run.run_id, selection, run.first_week, (4, 13), limit=5)
        count = forecast_store.series_count(conn, run.run_id, selection)

    assert count == len(every) > 5
    pd.testing.assert_frame_equal(first, every.head(5))
    ranked = every.assign(_units=-every["next_13"]).sort_values(["_units", "sku", "warehouse"]).drop(columns="_units")
    assert every[["sku", "warehouse"]].to_numpy().tolist() == ranked[["sku", "warehouse"]].to_numpy().tolist()


def test_peak_readiness_shows_the_most_revenue_at_risk_and_its_tiles_count_every_position(use_forecast, monkeypatch):
    every = open_app("pages/7_Peak_readiness.py")
    rows = table(every, "peak_positions")
    assert len(rows) > 3
    monkeypatch.setenv(SHOWN_ROWS_ENV, "3")
    at = open_app("pages/7_Peak_readiness.py")
    assert_clean(at)

    shown = table(at, "peak_positions")
    assert len(shown) == 3
    assert shown["revenue_at_risk"].tolist() == sorted(rows["revenue_at_risk"], reverse=True)[:3]
    assert f"Showing 3 of {len(rows)} rows, most revenue at risk first." in captions(at)
    assert len(at.selectbox(key="peak_position").options) == 3  # the day-by-day choice lists the shown positions
    assert metric_values(at) == metric_values(every)  # the tiles count every position
