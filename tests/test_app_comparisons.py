"""The "last year" comparisons, on a shop with two Black Friday weekends:
the tiles' changes against totals worked out from the raw order lines."""

from __future__ import annotations

from datetime import date

import pytest

from data_access.config import ENV_VAR
from sample_data.build import generate_into
from sample_data.simulator import SimulationConfig
from tests.support.app_db import (  # noqa: F401  (fixtures)
    RawRows,
    Selection,
    assert_clean,
    expected_delta,
    fresh_caches,
    metric_deltas,
    open_app,
)

# Black Friday 2024 was 29 November; in 2023 it was 24 November, 371 days earlier.
BLACK_FRIDAY_WEEKEND = {"preset": "custom", "start": "2024-11-29", "end": "2024-12-02"}
COMPARED = {
    "same-event-last-year": (date(2023, 11, 24), date(2023, 11, 27)),  # Friday to Monday, that weekend
    "same-weekdays-last-year": (date(2023, 12, 1), date(2023, 12, 4)),  # Friday to Monday, 52 weeks earlier
    "same-period-last-year": (date(2023, 11, 29), date(2023, 12, 2)),  # Wednesday to Saturday
}


@pytest.fixture(scope="module")
def two_years_url(tmp_path_factory) -> str:
    url = f"duckdb:///{tmp_path_factory.mktemp('two_years') / 'two_years.duckdb'}"
    shop = SimulationConfig(products=12, warehouses=2, days=420, end_date=date(2024, 12, 31), seed=5)
    generate_into(url, shop, replace=True)
    return url


@pytest.fixture
def two_years(two_years_url, monkeypatch) -> RawRows:
    monkeypatch.setenv(ENV_VAR, two_years_url)
    return RawRows(two_years_url)


def test_the_event_comparison_is_offered_only_for_a_range_that_is_one_event(two_years):
    at = open_app(query_params=BLACK_FRIDAY_WEEKEND)
    offered = at.sidebar.selectbox(key="filter_comparison")
    assert "Black Friday to Cyber Monday last year" in offered.options

    at.sidebar.selectbox(key="filter_preset").set_value("last-30-days").run()

    assert_clean(at)
    assert "Black Friday to Cyber Monday last year" not in at.sidebar.selectbox(key="filter_comparison").options


@pytest.mark.parametrize("comparison", list(COMPARED))
def test_black_friday_weekend_against_each_last_year(two_years, comparison):
    at = open_app(query_params={**BLACK_FRIDAY_WEEKEND, "compare": comparison})

    now = Selection(date(2024, 11, 29), date(2024, 12, 2))
    then = now.shifted(*COMPARED[comparison])
    assert_clean(at)
    assert at.sidebar.selectbox(key="filter_comparison").value == comparison
    revenue_now, revenue_then = two_years.sales(now)["revenue"], two_years.sales(then)["revenue"]
    assert metric_deltas(at)["Net revenue"] == expected_delta(revenue_now, revenue_then, unit="€")
    caption = at.caption[0].value.replace("\u2009", " ")  # CLDR puts thin spaces in ranges
    first, last = COMPARED[comparison]
    assert f"{first:%a}, {first.day} " in caption and f"{last:%a}, {last.day} " in caption, caption


def test_the_three_comparisons_differ_on_black_friday(two_years):
    now = two_years.sales(Selection(date(2024, 11, 29), date(2024, 12, 2)))["revenue"]
    changes = {expected_delta(now, two_years.sales(Selection(*days))["revenue"]) for days in COMPARED.values()}
    assert len(changes) == 3
