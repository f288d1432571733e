"""One helper for a KPI tile with its change against the comparison period."""

from __future__ import annotations

from enum import Enum
from typing import Literal

import streamlit as st

from analytics.kpis import change
from i18n import _
from ui.formatting import COUNT_FORMAT, PERCENT_FORMAT, is_missing, money, money_printf


class Kind(Enum):
    """How a measure reads: its value format (money in the shop's currency,
    decided at draw time), and whether its delta is a relative change
    (amounts) or a difference in percentage points (ratios)."""

    MONEY = "money"
    MONEY_CENTS = "money-cents"
    COUNT = "count"
    PERCENT = "percent"

    @property
    def format(self) -> str:
        if self is Kind.COUNT:
            return COUNT_FORMAT
        if self is Kind.PERCENT:
            return PERCENT_FORMAT
        return money_printf(cents=self is Kind.MONEY_CENTS)


Better = Literal["higher", "lower", "neither"]
_DELTA_COLOURS = {"higher": "normal", "lower": "inverse", "neither": "off"}


def metric_with_delta(
    label: str,
    current: float | None,
    previous: float | None,
    *,
    kind: Kind,
    key: str,
    help: str,
    comparison: str | None = None,
    better: Better = "higher",
) -> None:
    """st.metric inside a container keyed `metric_<key>` (a stable CSS class,
    `st-key-metric_<key>`, for browser tests). The value stays a number, so
    the browser formats it and tests read it exactly. Without a `previous`
    value the tile has no delta."""
    value = _shown_value(current, kind)
    delta = delta_text(current, previous, kind)
    with st.container(key=f"metric_{key}"):
        st.metric(
            label,
            value,
            delta=delta,
            delta_color=_DELTA_COLOURS[better],
            delta_description=_("vs {comparison}").format(comparison=comparison) if delta is not None and comparison
            else None,
            help=help,
            format=kind.format,
            border=True,
        )


def _shown_value(current: float | None, kind: Kind) -> float | int | None:
    if is_missing(current):
        return None
    return int(current) if kind is Kind.COUNT else round(float(current), 4)


def delta_text(current: float | None, previous: float | None, kind: Kind) -> str | int | None:
    """"+12.3 %" for amounts, "+1.2 pp" for ratios; 0 (a grey, arrowless
    delta) when nothing changed; None when either side is unknown."""
    if is_missing(current) or is_missing(previous):
        return None
    absolute, relative = change(float(current), float(previous))
    if round(absolute, 6) == 0:
        return 0
    if kind is Kind.PERCENT:
        # Translators: a change in percentage points, "+1.2 pp"; keep {change}
        return _("{change} pp").format(change=f"{absolute:+.1f}")
    if relative is not None:
        return f"{relative:+.1f} %"
    shown = money() if kind in (Kind.MONEY, Kind.MONEY_CENTS) else None
    sign = "+" if absolute > 0 else "-"
    if shown is None:
        return f"{sign}{abs(absolute):,.0f}"
    return f"{sign}{shown.prefix}{abs(absolute):,.0f}{shown.suffix}"
