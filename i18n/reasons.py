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
    lead_demand: float
    lead_mean: float
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
    return _("; {units} on order").format(units=number(p.on_order)) if p.on_order > 0 else ""


def _nothing_on_hand(p: Figures, t: Thresholds) -> str:
    if p.avg_daily_units > 0:
        selling = _("selling {units}/day").format(units=number(p.avg_daily_units))
    else:
        selling = _("no recent sales")
    return _("{on_hand} units on hand; {selling}").format(on_hand=number(p.on_hand), selling=selling) + _on_order(p)


def _unsold_too_long(p: Figures, t: Thresholds) -> str:
    if pd.isna(p.days_since_last_sale):
        return _("{on_hand} units, never sold").format(on_hand=number(p.on_hand))
    return _("{on_hand} units, no sale in {days} days").format(on_hand=number(p.on_hand), days=p.days_since_last_sale)


def _at_or_below_reorder_point(p: Figures, t: Thresholds) -> str:
    return _(
        "{on_hand} units <= reorder point {reorder_point} "
        "({demand} expected over {lead_time} d lead time + {safety_stock} safety)"
    ).format(
        on_hand=number(p.on_hand), reorder_point=number(p.reorder_point), demand=number(p.lead_demand),
        lead_time=number(p.lead_mean), safety_stock=number(p.safety_stock),
    ) + _on_order(p)  # fmt: skip


def _new_without_sales(p: Figures, t: Thresholds) -> str:
    return _("{on_hand} units, new product with no sales yet").format(on_hand=number(p.on_hand))


def _no_recent_sales(p: Figures, t: Thresholds) -> str:
    return _("{on_hand} units, no sales in the last {window} days (last sale {days} days ago)").format(
        on_hand=number(p.on_hand), window=t.velocity_window_days, days=p.days_since_last_sale
    )


def _more_cover_than_threshold(p: Figures, t: Thresholds) -> str:
    return _("{cover} days of cover > {threshold}").format(
        cover=number(p.days_of_cover), threshold=t.overstock_cover_days
    )


def _enough_cover(p: Figures, t: Thresholds) -> str:
    return _("{cover} days of cover").format(cover=number(p.days_of_cover))


_REASONS: dict[str, Callable[[Figures, Thresholds], str]] = {
    "nothing-on-hand": _nothing_on_hand,
    "unsold-too-long": _unsold_too_long,
    "at-or-below-reorder-point": _at_or_below_reorder_point,
    "new-without-sales": _new_without_sales,
    "no-recent-sales": _no_recent_sales,
    "more-cover-than-threshold": _more_cover_than_threshold,
    "enough-cover": _enough_cover,
}


def number(value: float) -> str:
    """Whole numbers from 100 up, one decimal from 1, two below: precise where it matters."""
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.1f}".removesuffix(".0")
    return f"{value:.2f}"


# --- the plan's lines --------------------------------------------------------------


class PurchaseFigures(NamedTuple):
    """What a purchase line's reason quotes (columns of the stored plan)."""

    protection_demand: float
    protection_days: float
    lead_days: float
    safety_stock: float
    on_hand: int
    on_order: int
    transfer_in: int
    needed: float
    quantity: int
    pack_size: int
    min_order_qty: int
    rounding: str


def purchase_reasons(lines: pd.DataFrame, review_days: int) -> list[str]:
    """The reason of every purchase line, e.g. "forecast 120 over 27 d (7 d
    review + 20 d lead time) + 35 safety - 40 on hand - 0 on order = 115,
    rounded up to 120 in packs of 10"."""
    figures = zip(*(lines[name].tolist() for name in PurchaseFigures._fields))
    return [purchase_reason(PurchaseFigures(*values), review_days) for values in figures]


def purchase_reason(p: PurchaseFigures, review_days: int) -> str:
    sum_ = _(
        "forecast {demand} over {days} d ({review} d review + {lead} d lead time) + {safety} safety "
        "- {on_hand} on hand - {on_order} on order"
    ).format(
        demand=number(p.protection_demand), days=number(p.protection_days), review=review_days,
        lead=number(p.lead_days), safety=number(p.safety_stock), on_hand=number(p.on_hand),
        on_order=number(p.on_order),
    )  # fmt: skip
    if p.transfer_in > 0:
        sum_ += _(" - {units} transferred in").format(units=number(p.transfer_in))
    sum_ += " = " + number(p.needed)
    if p.rounding == "pack":
        return sum_ + _(", rounded up to {quantity} in packs of {pack}").format(
            quantity=number(p.quantity), pack=number(p.pack_size)
        )
    if p.rounding == "minimum-order":
        return sum_ + _(", raised to the minimum order: {quantity}").format(quantity=number(p.quantity))
    return sum_


class TransferFigures(NamedTuple):
    from_warehouse: str | None  # None: a warehouse the reader may not see (and its figures blank)
    to_warehouse: str | None
    from_on_hand: int
    from_order_up_to: float
    to_position: float
    to_reorder_point: float


def transfer_reasons(lines: pd.DataFrame) -> list[str]:
    """The reason of every transfer line: the source's surplus and the receiver's shortfall."""
    figures = zip(*(lines[name].tolist() for name in TransferFigures._fields))
    return [transfer_reason(TransferFigures(*values)) for values in figures]


def transfer_reason(t: TransferFigures) -> str:
    if pd.isna(t.from_warehouse):
        return _(
            "another warehouse holds more than its order-up-to level; "
            "{target} has {position} on hand and on order <= reorder point {reorder_point}"
        ).format(target=t.to_warehouse, position=number(t.to_position), reorder_point=number(t.to_reorder_point))
    if pd.isna(t.to_warehouse):
        return _(
            "{source} holds {on_hand}, {surplus} above its order-up-to level {level}; another warehouse runs short"
        ).format(
            source=t.from_warehouse, on_hand=number(t.from_on_hand),
            surplus=number(t.from_on_hand - t.from_order_up_to), level=number(t.from_order_up_to),
        )  # fmt: skip
    return _(
        "{source} holds {on_hand}, {surplus} above its order-up-to level {level}; "
        "{target} has {position} on hand and on order <= reorder point {reorder_point}"
    ).format(
        source=t.from_warehouse, on_hand=number(t.from_on_hand), surplus=number(t.from_on_hand - t.from_order_up_to),
        level=number(t.from_order_up_to), target=t.to_warehouse, position=number(t.to_position),
        reorder_point=number(t.to_reorder_point),
    )  # fmt: skip
