"""Memory stays bounded however many selections are viewed: every cached
loader has a TTL and an entry limit sized by its results, the big kinds keep
fewer, an old entry is dropped once the limit is reached, and the server caps
all cached results together."""

from __future__ import annotations

import logging
import tomllib
from datetime import date, timedelta

import pytest
from streamlit.runtime.caching.cache_data_api import CachedDataFuncInfo
from streamlit.runtime.caching.cache_utils import CachedFunc

from data_access.config import PROJECT_ROOT
from data_access.filters import Filters
from tests.support.app_db import clear_streamlit_caches, edge_case_database
from ui import loaders

LOADERS = {
    name: value for name, value in vars(loaders).items()
    if isinstance(value, CachedFunc) and isinstance(value._info, CachedDataFuncInfo)  # not the engine's cache_resource
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
