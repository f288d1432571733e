"""The Trends page in AppTest: the plotted series, the comparison overlay, the
rolling average and the event markers equal what the raw rows give."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from tests.support.app_db import (  # noqa: F401 (fixtures)
    RawRows,
    Selection,
    assert_clean,
    default_selection,
    download_keys,
    figure,
    fresh_caches,
    open_app,
    previous_period,
    raw,
    same_period_last_year,
    simulated_url,
    trace_values,
    use_simulated,
)

PAGE = "pages/3_Trends.py"
# The retail calendar's events between 3 October and 31 December 2025.
EVENTS_IN_DEFAULT_RANGE = {
    "11.11 Singles' Day",
    "Black Friday to Cyber Monday",
    "Christmas shopping",
    "Christmas last orders",
}
pytestmark = pytest.mark.usefixtures("use_simulated")


def traces(at) -> dict[str, pd.Series]:
    """Every line of the trend chart by name, as a Series over its dates (a
    line's partial first or last period is a trace of its own, same name)."""
    parts: dict[str, list[pd.Series]] = {}
    for trace in figure(at, "chart_trend")["data"]:
        values = pd.Series(trace_values(trace["y"]), index=pd.to_datetime(trace["x"]), dtype="float64")
        parts.setdefault(trace["name"], []).append(values)
    return {name: _joined(pieces) for name, pieces in parts.items()}


def _joined(pieces: list[pd.Series]) -> pd.Series:
    joined = pd.concat(pieces)
    return joined[~joined.index.duplicated()].sort_index()


def bucket(days: pd.Series, grain: str) -> pd.Series:
    if grain == "week":
        return days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    if grain == "month":
        return days.dt.to_period("M").dt.start_time
    return days


def sales_per_period(raw: RawRows, s: Selection, measure: str, grain: str, split: str | None = None) -> pd.Series:
    """Every period of the range (0 without sales), per split value if any."""
    lines = raw.lines(s).assign(period=lambda f: bucket(f["order_date"], grain))
    keys = ["period", split] if split else ["period"]
    if measure == "orders":
        values = lines.groupby(keys)["order_id"].nunique()
    else:
        values = lines.groupby(keys)[measure].sum()
    first = bucket(pd.Series([pd.Timestamp(s.start)]), grain)[0]
    periods = pd.Series(pd.date_range(s.start, s.end, freq="D")).pipe(bucket, grain).unique()
    assert periods[0] == first
    if split:
        index = pd.MultiIndex.from_product([periods, lines[split].unique()], names=keys)
        return values.reindex(index, fill_value=0).astype("float64")
    return values.reindex(pd.DatetimeIndex(periods), fill_value=0).astype("float64")


def test_renders_weekly_revenue_with_the_previous_period_dashed(raw):
    at = open_app(PAGE)

    assert_clean(at)
    s = default_selection(raw)
    lines = traces(at)
    expected = sales_per_period(raw, s, "net_revenue", "week")
    assert lines["All"].to_numpy() == pytest.approx(expected.to_numpy(), abs=0.01)
    assert list(lines["All"].index) == list(expected.index)
    comparison = s.shifted(*previous_period(s.start, s.end))
    previous = sales_per_period(raw, comparison, "net_revenue", "week")
    data_starts = bucket(pd.Series([raw.frames["order_lines"]["order_date"].min()]), "week")[0]
    assert previous.index[0] < data_starts  # the comparison reaches back before the data ...
    previous = previous[previous.index >= data_starts]  # ... where the line stays empty, not zero
    overlay = lines["All · previous period"]
    assert overlay.to_numpy() == pytest.approx(previous.to_numpy(), abs=0.01)
    assert list(overlay.index) == list(previous.index + pd.DateOffset(weeks=13))  # 90 days, in whole weeks
    assert "download_trend" in download_keys(at)


def test_daily_units_split_by_warehouse(raw):
    at = open_app(PAGE)

    at.selectbox(key="trend_metric").set_value("units").run()
    at.radio(key="trend_grain").set_value("day").run()
    at.radio(key="trend_split").set_value("warehouse").run()

    assert_clean(at)
    lines = traces(at)
    expected = sales_per_period(raw, default_selection(raw), "quantity", "day", split="code")
    for code in ("BER", "MAD", "PAR"):
        assert lines[code].to_numpy() == pytest.approx(expected.xs(code, level="code").to_numpy())


def test_the_rolling_average_is_offered_for_days_only(raw):
    at = open_app(PAGE)
    assert at.checkbox(key="trend_rolling").disabled

    at.radio(key="trend_grain").set_value("day").run()
    at.checkbox(key="trend_rolling").check().run()

    assert_clean(at)
    daily = sales_per_period(raw, default_selection(raw), "net_revenue", "day")
    shown = traces(at)["All · 7-day average"]
    assert shown.to_numpy() == pytest.approx(daily.rolling(7).mean().to_numpy(), nan_ok=True)


@pytest.mark.parametrize("metric", ["stock-on-hand", "stockout-rate"])
def test_monthly_stock_measures(raw, metric):
    at = open_app(PAGE)

    at.selectbox(key="trend_metric").set_value(metric).run()
    at.radio(key="trend_grain").set_value("month").run()

    assert_clean(at)
    snapshots = raw.snapshots(default_selection(raw)).assign(period=lambda f: bucket(f["snapshot_date"], "month"))
    per_month = snapshots.groupby("period")
    if metric == "stock-on-hand":
        expected = per_month["on_hand"].sum() / per_month["snapshot_date"].nunique()
    else:
        expected = per_month["on_hand"].apply(lambda on_hand: (on_hand <= 0).mean() * 100)
    assert traces(at)["All"].to_numpy() == pytest.approx(expected.to_numpy())


def test_peak_events_are_marked_and_can_be_hidden():
    at = open_app(PAGE)

    layout = figure(at, "chart_trend")["layout"]
    assert {annotation["text"] for annotation in layout["annotations"]} == EVENTS_IN_DEFAULT_RANGE
    assert len(layout["shapes"]) == len(EVENTS_IN_DEFAULT_RANGE)

    at.checkbox(key="trend_events").uncheck().run()

    assert not figure(at, "chart_trend")["layout"].get("shapes")


@pytest.mark.parametrize("widget", ["warehouse", "category", "preset", "comparison"])
def test_each_filter_changes_the_series_to_the_independent_numbers(raw, widget):
    at = open_app(PAGE)
    before = traces(at)["All"]
    s = default_selection(raw)
    comparison = s.shifted(*previous_period(s.start, s.end))

    if widget == "warehouse":
        at.sidebar.multiselect(key="filter_warehouses").set_value(["MAD"]).run()
        s, comparison = (Selection(x.start, x.end, warehouses=("MAD",)) for x in (s, comparison))
    elif widget == "category":
        category = sorted(raw.frames["products"]["category"].unique())[0]
        s, comparison = (Selection(x.start, x.end, categories=(category,)) for x in (s, comparison))
        at.sidebar.multiselect(key="filter_categories").set_value([category]).run()
    elif widget == "preset":
        at.sidebar.selectbox(key="filter_preset").set_value("last-30-days").run()
        s = Selection(s.end - timedelta(days=29), s.end)
        comparison = s.shifted(*previous_period(s.start, s.end))
    else:
        at.sidebar.selectbox(key="filter_comparison").set_value("same-period-last-year").run()
        comparison = s.shifted(*same_period_last_year(s.start, s.end))

    assert_clean(at)
    lines = traces(at)
    grain = "day" if s.end - s.start < timedelta(days=45) else "week"
    expected = sales_per_period(raw, s, "net_revenue", grain)
    assert lines["All"].to_numpy() == pytest.approx(expected.to_numpy(), abs=0.01)
    overlay = next(line for name, line in lines.items() if name.startswith("All · "))
    assert overlay.sum() == pytest.approx(raw.sales(comparison)["revenue"], abs=0.01)
    if widget == "comparison":
        assert "All · same dates last year" in lines
    else:
        assert not lines["All"].equals(before)


def test_a_range_without_sales_says_what_to_do():
    at = open_app(PAGE)

    at.sidebar.selectbox(key="filter_preset").set_value("last-year").run()

    assert_clean(at)
    assert not at.get("plotly_chart")
    assert "No sales" in at.info[0].value


def test_the_partial_last_week_is_drawn_apart_and_says_so(raw):
    at = open_app(PAGE)  # the last 90 days: the last week is cut short by the range's end

    assert_clean(at)
    last_day = default_selection(raw).end
    week = pd.Timestamp(last_day - timedelta(days=last_day.weekday()))
    covered = last_day.weekday() + 1
    data = figure(at, "chart_trend")["data"]
    marked = [t for t in data if t.get("mode") == "markers" and t["name"] == "All"]
    assert covered < 7 and marked
    assert pd.to_datetime(marked[-1]["x"])[0] == week
    assert f"partial week: {covered} of 7 days" in marked[-1]["hovertemplate"]
    dotted = [t for t in data if t["name"] == "All" and t.get("line", {}).get("dash") == "dot"]
    assert dotted and week in set(pd.to_datetime(dotted[-1]["x"]))


def test_the_rolling_average_is_unticked_where_it_does_not_apply():
    at = open_app(PAGE)
    at.radio(key="trend_grain").set_value("day").run()
    at.checkbox(key="trend_rolling").check().run()
    assert at.checkbox(key="trend_rolling").value

    at.radio(key="trend_grain").set_value("week").run()

    assert_clean(at)
    assert at.checkbox(key="trend_rolling").value is False
    assert not any("average" in trace["name"] for trace in figure(at, "chart_trend")["data"])
