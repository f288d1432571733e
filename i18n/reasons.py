"""Why a stock position has its status, in words: one sentence per rule of
`analytics.stock_health.RULES`, filled with the position's numbers.

Written at draw time from the rule id and the numbers the classification
keeps, so no cached result holds them, and a catalog can translate them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import pandas as pd

from i18n import _


class Figures(NamedTuple):
    """What the reasons quote, as plain Python values (columns of a classified frame)."""

    on_hand: int
    avg_daily_units: float
    days_since_last_sale: Any  # int, or pd.NA when never sold
    on_order: int
    reorder_point: float
    lead_time_days_used: float
    safety_stock: float
    days_of_cover: float


class Thresholds(NamedTuple):
    """The policy's numbers that reasons quote."""

    velocity_window_days: int
    overstock_cover_days: int


def stock_reasons(classified: pd.DataFrame, thresholds: Thresholds) -> list[str]:
    """The reason of every row of a classified frame (`rule` and the Figures columns)."""
    # Plain Python values of only the quoted columns: iterating pandas rows
    # (strings and dates included) costs several times more.
    figures = zip(*(classified[name].tolist() for name in Figures._fields))
    rules = classified["rule"].tolist()
    return [stock_reason(rule, Figures(*values), thresholds) for rule, values in zip(rules, figures)]


def stock_reason(rule: str, p: Figures, thresholds: Thresholds) -> str:
    try:
        reason = _REASONS[rule]
    except KeyError:
        raise ValueError(f"Unknown stock rule {rule!r}; known: {', '.join(_REASONS)}.") from None
    return reason(p, thresholds)


def _on_order(p: Figures) -> str:
    return _("; {units} on order").format(units=_number(p.on_order)) if p.on_order > 0 else ""


def _nothing_on_hand(p: Figures, t: Thresholds) -> str:
    if p.avg_daily_units > 0:
        selling = _("selling {units}/day").format(units=_number(p.avg_daily_units))
    else:
        selling = _("no recent sales")
    return _("{on_hand} units on hand; {selling}").format(on_hand=_number(p.on_hand), selling=selling) + _on_order(p)


def _unsold_too_long(p: Figures, t: Thresholds) -> str:
    if pd.isna(p.days_since_last_sale):
        return _("{on_hand} units, never sold").format(on_hand=_number(p.on_hand))
    return _("{on_hand} units, no sale in {days} days").format(on_hand=_number(p.on_hand), days=p.days_since_last_sale)


def _at_or_below_reorder_point(p: Figures, t: Thresholds) -> str:
    return _(
        "{on_hand} units <= reorder point {reorder_point} "
        "({demand}/day x {lead_time} d lead time + {safety_stock} safety)"
    ).format(
        on_hand=_number(p.on_hand), reorder_point=_number(p.reorder_point), demand=_number(p.avg_daily_units),
        lead_time=_number(p.lead_time_days_used), safety_stock=_number(p.safety_stock),
    ) + _on_order(p)  # fmt: skip


def _new_without_sales(p: Figures, t: Thresholds) -> str:
    return _("{on_hand} units, new product with no sales yet").format(on_hand=_number(p.on_hand))


def _no_recent_sales(p: Figures, t: Thresholds) -> str:
    return _("{on_hand} units, no sales in the last {window} days (last sale {days} days ago)").format(
        on_hand=_number(p.on_hand), window=t.velocity_window_days, days=p.days_since_last_sale
    )


def _more_cover_than_threshold(p: Figures, t: Thresholds) -> str:
    return _("{cover} days of cover > {threshold}").format(
        cover=_number(p.days_of_cover), threshold=t.overstock_cover_days
    )


def _enough_cover(p: Figures, t: Thresholds) -> str:
    return _("{cover} days of cover").format(cover=_number(p.days_of_cover))


_REASONS: dict[str, Callable[[Figures, Thresholds], str]] = {
    "nothing-on-hand": _nothing_on_hand,
    "unsold-too-long": _unsold_too_long,
    "at-or-below-reorder-point": _at_or_below_reorder_point,
    "new-without-sales": _new_without_sales,
    "no-recent-sales": _no_recent_sales,
    "more-cover-than-threshold": _more_cover_than_threshold,
    "enough-cover": _enough_cover,
}


def _number(value: float) -> str:
    """Whole numbers from 100 up, one decimal from 1, two below: precise where it matters."""
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.1f}".removesuffix(".0")
    return f"{value:.2f}"
