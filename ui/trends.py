"""The Trends page's words: what each measure means, its axis, the unsplit
series' name, and the CSV of what the chart shows. The series themselves
are `services.trends`'."""

from __future__ import annotations

import pandas as pd

from analytics.kpis import STOCKOUT_RATE_FORMULA
from i18n import _
from i18n.formulas import formula_text
from i18n.labels import measure_label
from services.trends import NO_SPLIT, ORDERS, REVENUE, STOCK_ON_HAND, STOCKOUT_RATE, UNITS
from ui.charts import money_axis


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
    """The unsplit series named "All" in the current language; a split's
    series are categories or warehouse codes, which are data, not words."""
    if series is None or split != NO_SPLIT:
        return series
    return series.assign(series=_("All"))


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
