"""The Trends page's words: what each measure means, its axis, the unsplit
series' name, and the CSV of what the chart shows. The series themselves
are `services.trends`'."""

from __future__ import annotations

import pandas as pd

from analytics.kpis import STOCKOUT_RATE_FORMULA
from data_access.filters import Filters
from data_access.periods import Grain
from i18n import _
from i18n.formulas import formula_text
from i18n.labels import grain_label, measure_label
from services.trends import (
    ADDITIVE_MEASURES,
    NO_SPLIT,
    ORDERS,
    OTHER_SERIES,
    REVENUE,
    STOCK_ON_HAND,
    STOCKOUT_RATE,
    UNITS,
    partial_periods,
)
from ui.charts import PartialPeriod, money_axis


def measure_note(measure: str) -> str:
    return {
        REVENUE: _("Net revenue per period (after discounts; returns subtract)."),
        UNITS: _("Net units per period (returns subtract)."),
        ORDERS: _("Distinct orders per period; with a split, an order counts once in each group it touches."),
        STOCK_ON_HAND: _("Average units on hand per day of the period, at day end."),
        STOCKOUT_RATE: _("{formula}, per period.").format(formula=formula_text(STOCKOUT_RATE_FORMULA)),
    }[measure]


def y_axis(measure: str) -> dict | None:
    """Money and percent axes; None for plain counts."""
    if measure == REVENUE:
        return money_axis(measure_label(measure))
    if measure == STOCKOUT_RATE:
        return dict(title_text=measure_label(measure), ticksuffix=" %")
    return None


def named(series: pd.DataFrame | None, split: str) -> pd.DataFrame | None:
    """The unsplit series named "All" and the grouped ones "Other" in the
    current language; a split's series are categories or warehouse codes,
    which are data, not words."""
    if series is None:
        return None
    if split == NO_SPLIT:
        return series.assign(series=_("All"))
    return series.assign(series=series["series"].replace({OTHER_SERIES: _("Other")}))


def grouping_note(every: pd.DataFrame, kept: tuple[str, ...], measure: str) -> str:
    """Which series the chart groups or leaves out when a split has too many to tell apart."""
    rest = sorted(set(every["series"]) - set(kept))
    if not rest:
        return ""
    if measure in ADDITIVE_MEASURES:
        text = _("{count} smaller lines are summed into “Other”: {names}.")
    else:
        text = _("Only the {kept} highest lines are drawn; left out: {names}.")
    return text.format(count=len(rest), kept=len(kept), names=", ".join(rest))


def partial_marks(f: Filters, grain: Grain) -> tuple[PartialPeriod, ...]:
    """The hover words of the range's partial first and last buckets."""
    words = grain_label(grain).lower()
    return tuple(
        PartialPeriod(period, _("partial {grain}: {covered} of {days} days").format(
            grain=words, covered=covered, days=days
        ))
        for period, (covered, days) in partial_periods(f, grain).items()
    )  # fmt: skip


def trend_export(
    current: pd.DataFrame, comparison: pd.DataFrame | None, rolling: pd.DataFrame | None, measure: str
) -> pd.DataFrame:
    """What the Trends chart shows, one row per period and series."""
    words = measure_label(measure)
    export = current.rename(columns={"value": words})
    if rolling is not None:
        export[_("{measure} rolling average").format(measure=words)] = rolling["value"].to_numpy()
    if comparison is not None:
        previous = comparison.rename(columns={"value": _("{measure} comparison").format(measure=words)})
        export = export.merge(previous, on=["period", "series"], how="outer").sort_values(["series", "period"])
    return export.rename(columns={"period": _("Period"), "series": _("Series")}).reset_index(drop=True)
