"""Day, week and month buckets as the database makes them (weeks start on
Monday): which grain suits a range, where a day's bucket starts, and whether
a range's first or last bucket covers only part of its week or month."""

from __future__ import annotations

from datetime import date, timedelta

from data_access.filters import Filters
from data_access.periods import GRAINS, Grain


def display_grain(f: Filters) -> Grain:
    """Days for up to six weeks, weeks up to half a year, then months: a chart
    keeps between a handful and about 60 points."""
    if f.days <= 45:
        return "day"
    return "week" if f.days <= 200 else "month"


def bucket_start(day: date, grain: Grain) -> date:
    """The first day of the bucket `day` falls in."""
    if grain not in GRAINS:
        raise ValueError(f"Unknown grain {grain!r}; use one of {', '.join(GRAINS)}.")
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


def has_partial_buckets(f: Filters, grain: Grain) -> bool:
    """True when the range starts after its first bucket starts or ends before
    its last bucket ends, so that bucket's total covers fewer days."""
    next_day = f.end + timedelta(days=1)
    return bucket_start(f.start, grain) != f.start or bucket_start(next_day, grain) != next_day
