"""Memory stays bounded however many selections are viewed: every cached
loader has a TTL and an entry limit sized by its results, the big kinds keep
fewer, an old entry is dropped once the limit is reached, and the server caps
all cached results together."""

from __future__ import annotations

import logging
import tomllib
from datetime import date, timedelta

import pandas as pd
import pytest
from streamlit.runtime.caching.cache_data_api import CachedDataFuncInfo
from streamlit.runtime.caching.cache_utils import CachedFunc

import services.stock_health
from analytics.stock_health import StockPolicy
from data_access.config import PROJECT_ROOT
from data_access.engine import make_engine
from data_access.filters import Filters
from services.reads import ConnectionReads
from tests.support.app_db import clear_streamlit_caches, edge_case_database
from tests.support.dataset import LAST_DAY
from ui import loaders


def _cached_func(value):
    """The CachedFunc of a loader, also under `loaders.as_of_day`."""
    return value if isinstance(value, CachedFunc) else getattr(value, "__wrapped__", None)


LOADERS = {
    name: func for name, func in ((name, _cached_func(value)) for name, value in vars(loaders).items())
    if isinstance(func, CachedFunc) and isinstance(func._info, CachedDataFuncInfo)  # not the engine's cache_resource
}  # fmt: skip
BIG = {"stock_positions", "classified_stock", "product_sales", "plan_purchases", "forecast_series_table"}
BIGGEST = {"forecast_values", "forecast_rows"}


def _info(name: str):
    return LOADERS[name]._info


def test_every_cached_loader_expires_and_keeps_a_bounded_number_of_results():
    assert len(LOADERS) > 40
    for name in LOADERS:
        info = _info(name)
        assert info.ttl in (loaders.CACHE_TTL_SECONDS, loaders.DIGEST_TTL_SECONDS), name
        assert 0 < info.max_entries <= loaders.CACHE_MAX_ENTRIES, name
    assert {_info(name).max_entries for name in BIG} == {loaders.POSITION_MAX_ENTRIES}
    assert {_info(name).max_entries for name in BIGGEST} == {loaders.SERIES_WEEK_MAX_ENTRIES}
    assert loaders.SERIES_WEEK_MAX_ENTRIES < loaders.POSITION_MAX_ENTRIES < loaders.CACHE_MAX_ENTRIES
    assert "forecast_series_weeks" not in LOADERS  # read each time: only cached results consume it


def test_the_shipped_config_caps_all_cached_results_together():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxCacheDataSize"] == "512mb"


@pytest.fixture
def small_shop(tmp_path):
    clear_streamlit_caches()
    yield edge_case_database(tmp_path)
    clear_streamlit_caches()


def test_the_oldest_result_is_read_again_once_the_limit_is_passed(small_shop, caplog):
    """stock_positions keeps POSITION_MAX_ENTRIES results: viewing one more
    as-of day drops the first, which is then read from the database again."""
    first = date(2025, 10, 1)
    days = [first + timedelta(days=n) for n in range(loaders.POSITION_MAX_ENTRIES + 1)]
    f = Filters(first, days[-1])

    def misses(day: date) -> int:
        with caplog.at_level(logging.DEBUG, logger="inventory.queries"):
            caplog.clear()
            loaders.stock_positions(small_shop, f, day, 30)
        return sum(record.__dict__.get("loader") == "stock_positions" for record in caplog.records)

    assert [misses(day) for day in days[:-1]] == [1] * len(days[:-1])
    assert misses(days[1]) == 0  # still kept (and now the most recently used)
    assert misses(days[-1]) == 1  # one more than the limit: the least recently used, the first, goes
    assert misses(days[0]) == 1
    assert misses(days[1]) == 0


def test_ranges_ending_on_the_same_day_share_one_classification_of_stock(small_shop, caplog):
    """Stock as of a day does not depend on where the range starts: switching
    between date presets that end on the same day classifies stock once, and a
    range ending on another day, or another warehouse, classifies it again."""
    end = LAST_DAY
    policy = StockPolicy()

    def classified(f: Filters) -> tuple[int, object]:
        with caplog.at_level(logging.DEBUG, logger="inventory.queries"):
            caplog.clear()
            result = loaders.classified_stock(small_shop, f, f.end, policy, projected=True)
        return sum(record.__dict__.get("loader") == "classified_stock" for record in caplog.records), result

    misses, month = classified(Filters(end - timedelta(days=29), end))
    assert misses == 1 and not month.empty
    week_range = Filters(end - timedelta(days=6), end)
    misses, week = classified(week_range)
    assert misses == 0
    engine = make_engine(small_shop)  # the week's range computed afresh, without the cache: the same stock
    with engine.connect() as conn:
        fresh = services.stock_health.classified_stock(ConnectionReads(conn), week_range, end, policy, projected=True)
    engine.dispose()
    pd.testing.assert_frame_equal(week.reset_index(drop=True), fresh.reset_index(drop=True))
    assert classified(Filters(end - timedelta(days=6), end - timedelta(days=1)))[0] == 1
    assert classified(Filters(end - timedelta(days=6), end, warehouses=("BER",)))[0] == 1
