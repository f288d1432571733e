"""The sidebar filters: the plain rules of ui.filter_state, then the whole
round trip in AppTest (page switches, links, half-picked ranges, reset)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from data_access.extent import DataSpan
from data_access.filters import Filters
from tests.support.app_db import (  # noqa: F401 (fixtures)
    assert_clean,
    default_selection,
    fresh_caches,
    metric_values,
    open_app,
    raw,
    simulated_url,
    use_simulated,
)
from ui.filter_links import from_query, to_query
from ui.filter_state import (
    FilterChoice,
    FilterOptions,
    comparison_gap_note,
    default_choice,
    fitted_to,
    with_dates,
    with_preset,
)

ANCHOR = date(2025, 11, 20)
OPTIONS = FilterOptions.from_data(
    DataSpan(date(2025, 3, 1), ANCHOR, date(2025, 3, 1), date(2025, 11, 25)),
    warehouses=("BER", "MAD", "PAR"),
    categories=("Books", "Toys"),
    today=date(2026, 6, 1),
)
PAGES = ("app.py", "pages/1_Revenue.py", "pages/2_Stock_health.py", "pages/3_Trends.py")


# --- the rules --------------------------------------------------------------------


def test_the_default_is_the_last_90_days_ending_on_the_last_sale_not_today():
    choice = default_choice(OPTIONS)

    assert (choice.preset, choice.start, choice.end) == ("last-90-days", ANCHOR - timedelta(days=89), ANCHOR)
    assert choice.comparison == "previous-period"
    assert choice.filters().warehouses == () and choice.filters().categories == ()


def test_bounds_reach_the_year_before_the_data_and_the_last_snapshot():
    assert OPTIONS.min_day == date(2024, 1, 1)
    assert OPTIONS.max_day == date(2025, 11, 25)


def test_an_empty_database_anchors_on_today():
    options = FilterOptions.from_data(DataSpan(None, None, None, None), (), (), today=date(2026, 6, 1))

    assert default_choice(options).end == date(2026, 6, 1)


@pytest.mark.parametrize(
    "start, end, says",
    [
        (date(2025, 3, 1), date(2025, 3, 31), None),  # starts on the first day of data: fine
        (date(2025, 2, 1), date(2025, 3, 31), "cover only part"),
        (date(2024, 3, 1), date(2024, 3, 31), "nothing to compare with"),
    ],
)
def test_a_comparison_period_before_the_data_is_flagged(start, end, says):
    span = DataSpan(date(2025, 3, 1), ANCHOR, date(2025, 3, 5), ANCHOR)
    note = comparison_gap_note(Filters(start, end), span)
    assert (note is None) if says is None else (says in note and "1 Mar 2025" in note)


def test_presets_set_dates_and_picked_dates_make_the_range_custom():
    choice = with_preset(default_choice(OPTIONS), "month-to-date", OPTIONS)
    assert (choice.start, choice.end) == (date(2025, 11, 1), ANCHOR)

    custom = with_dates(choice, date(2025, 5, 1), date(2025, 5, 31))
    assert custom.preset == "custom"
    assert with_preset(custom, "custom", OPTIONS) == custom


def test_the_comparison_filters_cover_the_comparison_period():
    choice = FilterChoice("custom", date(2025, 5, 1), date(2025, 5, 31), "same-period-last-year", ("BER",))

    comparison = choice.comparison_filters()

    assert (comparison.start, comparison.end, comparison.warehouses) == (date(2024, 5, 1), date(2024, 5, 31), ("BER",))


def test_a_choice_round_trips_through_the_query_string():
    choice = FilterChoice("custom", date(2025, 5, 1), date(2025, 5, 31), "same-period-last-year", ("BER", "PAR"), ("Toys",))

    query = to_query(choice)

    assert query["warehouse"] == ["BER", "PAR"]
    assert from_query(query, OPTIONS) == (choice, [])


def test_a_preset_link_follows_the_data_rather_than_fixed_dates():
    query = to_query(with_preset(default_choice(OPTIONS), "last-7-days", OPTIONS))

    assert "start" not in query
    assert from_query(query, OPTIONS)[0].start == ANCHOR - timedelta(days=6)


# Links made before presets and comparisons were ids carried the sidebar's words,
# as typed or slugged; each must open the view its id opens.
OLD_LINK_VALUES = [
    ("preset", "Last 7 days", "last-7-days"),
    ("preset", "Last 30 days", "last-30-days"),
    ("preset", "Last 90 days", "last-90-days"),
    ("preset", "Month to date", "month-to-date"),
    ("preset", "Quarter to date", "quarter-to-date"),
    ("preset", "Year to date", "year-to-date"),
    ("preset", "Last year", "last-year"),
    ("preset", "LAST  30 days", "last-30-days"),
    ("compare", "Previous period", "previous-period"),
    ("compare", "Same period last year", "same-period-last-year"),
    ("compare", "same period LAST year", "same-period-last-year"),
]


@pytest.mark.parametrize("key, old, new", OLD_LINK_VALUES)
def test_an_old_link_value_opens_the_view_of_its_id(key, old, new):
    choice, notices = from_query({key: [old]}, OPTIONS)

    assert notices == []
    assert choice == from_query({key: [new]}, OPTIONS)[0]
    assert to_query(choice)[key] == [new]  # and the URL is rewritten to the id


def test_an_old_custom_link_keeps_its_dates():
    old = {"preset": ["Custom"], "start": ["2025-05-01"], "end": ["2025-05-31"], "compare": ["Same period last year"]}

    choice, notices = from_query(old, OPTIONS)

    assert notices == []
    assert choice == FilterChoice("custom", date(2025, 5, 1), date(2025, 5, 31), "same-period-last-year")


@pytest.mark.parametrize(
    "query, notice",
    [
        ({"warehouse": ["BER", "LON"]}, "unknown warehouse “LON”"),
        ({"category": ["Food"]}, "unknown category “Food”"),
        ({"preset": ["yesterday"]}, "unknown date preset “yesterday”"),
        ({"compare": ["next year"]}, "unknown comparison “next year”"),
        ({"start": ["2025-13-01"], "end": ["2025-05-01"]}, "bad dates “2025-13-01” to “2025-05-01” (use YYYY-MM-DD)"),
        ({"start": ["2025-06-01"], "end": ["2025-05-01"]}, "start 2025-06-01 is after end 2025-05-01"),
        ({"start": ["2030-01-01"], "end": ["2030-02-01"]}, "dates 2030-01-01 to 2030-02-01 are outside the data"),
    ],
)
def test_bad_link_values_are_ignored_with_a_notice(query, notice):
    choice, notices = from_query(query, OPTIONS)

    assert any(n.startswith(notice) for n in notices), notices
    assert (choice.start, choice.end) == (default_choice(OPTIONS).start, default_choice(OPTIONS).end)
    assert choice.warehouses in ((), ("BER",))


def test_a_stored_choice_loses_what_the_data_no_longer_has():
    stale = FilterChoice("custom", date(2023, 1, 1), date(2025, 12, 31), warehouses=("BER", "OLD"), categories=("Gone",))

    choice = fitted_to(stale, OPTIONS)

    assert (choice.start, choice.end) == (OPTIONS.min_day, OPTIONS.max_day)
    assert (choice.warehouses, choice.categories) == (("BER",), ())


def test_a_stored_preset_follows_new_data():
    before_import = FilterChoice("last-30-days", date(2025, 9, 1), date(2025, 9, 30), warehouses=("MAD",))

    choice = fitted_to(before_import, OPTIONS)

    assert (choice.start, choice.end, choice.warehouses) == (ANCHOR - timedelta(days=29), ANCHOR, ("MAD",))


# --- in the app ---------------------------------------------------------------------


def sidebar_values(at) -> dict:
    sidebar = at.sidebar
    return {
        "preset": sidebar.selectbox(key="filter_preset").value,
        "dates": sidebar.date_input(key="filter_dates").value,
        "comparison": sidebar.selectbox(key="filter_comparison").value,
        "warehouses": sidebar.multiselect(key="filter_warehouses").value,
        "categories": sidebar.multiselect(key="filter_categories").value,
    }


@pytest.mark.usefixtures("use_simulated")
def test_the_choice_survives_every_page_switch_and_is_mirrored_in_the_url(raw):
    at = open_app()
    category = sorted(raw.frames["products"]["category"].unique())[0]
    at.sidebar.selectbox(key="filter_preset").set_value("last-30-days").run()
    at.sidebar.selectbox(key="filter_comparison").set_value("same-period-last-year").run()
    at.sidebar.multiselect(key="filter_warehouses").set_value(["BER", "MAD"]).run()
    at.sidebar.multiselect(key="filter_categories").set_value([category]).run()
    chosen = sidebar_values(at)
    revenue = metric_values(at)["Net revenue"]

    for page in (*PAGES[1:], "app.py"):
        at.switch_page(page).run()
        assert_clean(at)
        assert sidebar_values(at) == chosen, page
        assert at.query_params == {
            "preset": "last-30-days",
            "compare": "same-period-last-year",
            "warehouse": ["BER", "MAD"],
            "category": category,
            "lang": "en",  # the language travels with the view (ui.language)
        }
    assert metric_values(at)["Net revenue"] == revenue


@pytest.mark.usefixtures("use_simulated")
@pytest.mark.parametrize("page", PAGES)
def test_a_link_restores_the_view_on_any_page(raw, page):
    last = raw.last_sale
    query = {
        "preset": "custom",
        "start": (last - timedelta(days=20)).isoformat(),
        "end": (last - timedelta(days=6)).isoformat(),
        "compare": "same-period-last-year",
        "warehouse": ["PAR"],
    }

    at = open_app(page, query_params=query)

    assert_clean(at)
    assert sidebar_values(at) == {
        "preset": "custom",
        "dates": (last - timedelta(days=20), last - timedelta(days=6)),
        "comparison": "same-period-last-year",
        "warehouses": ["PAR"],
        "categories": [],
    }
    assert not at.toast


@pytest.mark.usefixtures("use_simulated")
@pytest.mark.parametrize("page", PAGES)
def test_a_link_made_before_ids_opens_the_same_view(raw, page):
    category = sorted(raw.frames["products"]["category"].unique())[0]
    old = {"preset": "Last 30 days", "compare": "Same period last year", "warehouse": ["PAR"], "category": category}
    new = {"preset": "last-30-days", "compare": "same-period-last-year", "warehouse": ["PAR"], "category": category}

    by_old, by_new = open_app(page, query_params=old), open_app(page, query_params=new)

    assert_clean(by_old)
    assert not by_old.toast
    assert sidebar_values(by_old) == sidebar_values(by_new)
    assert sidebar_values(by_old)["preset"] == "last-30-days"
    assert sidebar_values(by_old)["comparison"] == "same-period-last-year"
    assert metric_values(by_old) == metric_values(by_new)
    assert [chart.proto.spec for chart in by_old.get("plotly_chart")] == [
        chart.proto.spec for chart in by_new.get("plotly_chart")
    ]
    assert by_old.query_params == {**new, "warehouse": "PAR", "lang": "en"}


@pytest.mark.usefixtures("use_simulated")
@pytest.mark.parametrize("page", PAGES)
def test_bad_link_values_give_a_notice_not_an_exception(raw, page):
    query = {"warehouse": ["NOWHERE", "BER"], "preset": "someday", "start": "2025-02-30", "end": "soon"}

    at = open_app(page, query_params=query)

    assert_clean(at)
    assert len(at.toast) == 1
    notice = at.toast[0].value
    assert "NOWHERE" in notice and "someday" in notice and "2025-02-30" in notice
    assert sidebar_values(at)["warehouses"] == ["BER"]
    assert sidebar_values(at)["dates"] == (default_selection(raw).start, default_selection(raw).end)


@pytest.mark.usefixtures("use_simulated")
def test_a_half_picked_range_keeps_the_last_full_range_until_the_end_is_picked(raw):
    at = open_app()
    full = metric_values(at)
    s = default_selection(raw)

    at.sidebar.date_input(key="filter_dates").set_value((s.end - timedelta(days=9),)).run()

    assert_clean(at)
    assert metric_values(at) == full
    assert at.sidebar.date_input(key="filter_dates").value == (s.end - timedelta(days=9),)
    assert "Pick the end date" in at.sidebar.caption[0].value
    assert "start" not in at.query_params

    at.sidebar.date_input(key="filter_dates").set_value((s.end - timedelta(days=9), s.end)).run()

    assert metric_values(at)["Net revenue"] != full["Net revenue"]
    assert sidebar_values(at)["preset"] == "custom"
    assert at.query_params["start"] == (s.end - timedelta(days=9)).isoformat()


@pytest.mark.usefixtures("use_simulated")
def test_a_half_picked_range_does_not_follow_to_another_page(raw):
    at = open_app()
    s = default_selection(raw)
    at.sidebar.date_input(key="filter_dates").set_value((s.end - timedelta(days=9),)).run()

    at.switch_page("pages/1_Revenue.py").run()

    assert_clean(at)
    assert sidebar_values(at)["dates"] == (s.start, s.end)


@pytest.mark.usefixtures("use_simulated")
def test_reset_restores_the_defaults(raw):
    at = open_app()
    default = sidebar_values(at)
    at.sidebar.multiselect(key="filter_warehouses").set_value(["BER"]).run()
    at.sidebar.selectbox(key="filter_preset").set_value("year-to-date").run()

    at.sidebar.button(key="filter_reset").click().run()

    assert sidebar_values(at) == default
    assert at.query_params == {"preset": "last-90-days", "compare": "previous-period", "lang": "en"}
