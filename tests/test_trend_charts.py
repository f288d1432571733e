"""The Trends chart's readability rules, on hand-made series: more than 8
lines grouped into "Other" (the totals kept), partial buckets named, event
bands cut to the range and their labels kept apart, no zeros before the data."""

from __future__ import annotations

from datetime import date

import pandas as pd

from data_access.filters import Filters
from services.trends import OTHER_SERIES, grouped_into_other, kept_series, partial_periods
from ui.charts import EventMark, _label_rows, event_marks


def _series(count: int) -> pd.DataFrame:
    periods = pd.date_range("2025-10-06", periods=3, freq="7D")
    return pd.DataFrame(
        [(period, f"C{n:02d}", float(n + 1)) for n in range(count) for period in periods],
        columns=["period", "series", "value"],
    )


def test_eight_lines_stay_as_they_are():
    frame = _series(8)
    assert grouped_into_other(frame, kept_series(frame, "revenue"), "revenue").equals(frame)


def test_more_than_eight_lines_keep_the_seven_largest_and_sum_the_rest_into_other():
    frame = _series(11)
    kept = kept_series(frame, "revenue")
    grouped = grouped_into_other(frame, kept, "revenue")

    assert kept == tuple(f"C{n:02d}" for n in range(10, 3, -1))
    assert grouped["series"].nunique() == 8
    other = grouped[grouped["series"] == OTHER_SERIES]["value"]
    assert other.tolist() == [1.0 + 2 + 3 + 4] * 3
    assert grouped.groupby("period")["value"].sum().equals(frame.groupby("period")["value"].sum())


def test_a_rate_is_never_summed_into_other():
    grouped = grouped_into_other(_series(11), kept_series(_series(11), "stockout-rate"), "stockout-rate")
    assert OTHER_SERIES not in set(grouped["series"]) and grouped["series"].nunique() == 7


def test_partial_buckets_say_how_many_days_they_cover():
    # Wednesday 3 September to Wednesday 26 November 2025: both weeks partial; September to November whole months.
    weeks = partial_periods(Filters(date(2025, 9, 3), date(2025, 11, 26)), "week")
    assert weeks == {pd.Timestamp("2025-09-01"): (5, 7), pd.Timestamp("2025-11-24"): (3, 7)}
    assert partial_periods(Filters(date(2025, 9, 1), date(2025, 11, 30)), "month") == {}
    three_days = partial_periods(Filters(date(2025, 9, 1), date(2025, 11, 3)), "month")
    assert three_days == {pd.Timestamp("2025-11-01"): (3, 30)}


def test_event_bands_are_cut_to_the_range():
    marks = event_marks(date(2025, 11, 30), date(2025, 12, 10))
    black_friday = next(mark for mark in marks if mark.end == date(2025, 12, 1))
    assert black_friday.start == date(2025, 11, 30)  # the event began on the 28th, before the range
    assert all(date(2025, 11, 30) <= mark.start <= mark.end <= date(2025, 12, 10) for mark in marks)


def test_labels_of_close_events_take_separate_rows():
    close = [
        EventMark("Black Friday to Cyber Monday", date(2025, 11, 28), date(2025, 12, 1)),
        EventMark("Christmas shopping", date(2025, 12, 1), date(2025, 12, 13)),
        EventMark("Winter sales", date(2026, 1, 2), date(2026, 1, 15)),
    ]
    rows = _label_rows(close, pd.Timestamp("2025-09-01"), pd.Timestamp("2026-01-31"))
    assert rows[0] != rows[1]
    assert rows[2] == 0  # far enough from the others for the top row
