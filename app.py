"""Overview: the headline numbers against the comparison period, what needs
attention now, and the revenue trend. The home page of the dashboard."""

from collections.abc import Callable
from typing import NamedTuple

import streamlit as st

from analytics.kpis import (
    AVERAGE_ORDER_VALUE_FORMULA,
    INVENTORY_VALUE_FORMULA,
    MARGIN_PCT_FORMULA,
    STOCKOUT_RATE_FORMULA,
)
from analytics.policy.levels import REORDER_POINT_FORMULA
from analytics.policy.positions import NEEDS_ORDER_RULE
from i18n import N_, _
from i18n.formats import format_date, format_money, format_percent_points
from i18n.formulas import formula_text
from i18n.labels import grain_label
from services.grains import display_grain
from services.overview import headline_stock_day
from ui import loaders, tables
from ui.captions import partial_periods_note
from ui.cash import DEAD_HELP, EXCESS_HELP
from ui.charts import revenue_trend, show
from ui.digest_panel import attention_stock_days, draw_attention
from ui.metrics import Better, Kind, metric_with_delta
from ui.navigation import OVERVIEW
from ui.page import setup_page
from ui.policy import current_policy
from ui.shop import current_shop
from ui.states import show_nothing_selected

PAGE = OVERVIEW.title


class Tile(NamedTuple):
    label: str  # marked with N_, translated when drawn
    key: str  # the tile's container is keyed metric_<key>
    field: str  # of services.overview.Headline
    kind: Kind
    help: Callable[[], str]  # in the current language, when drawn
    better: Better


def _reorder_help() -> str:
    return _(
        "SKU x warehouse positions at or below the reorder point that open purchase orders do not cover, as the "
        "Replenishment plan counts them: {rule}; {formula}"
    ).format(rule=formula_text(NEEDS_ORDER_RULE), formula=formula_text(REORDER_POINT_FORMULA))


TILES = (
    Tile(N_("Net revenue"), "net_revenue", "revenue", Kind.MONEY,
         lambda: _("Revenue after discounts; returns subtract."), "higher"),
    Tile(N_("Units sold"), "units_sold", "units", Kind.COUNT, lambda: _("Net units: returned units subtract."),
         "higher"),
    Tile(N_("Orders"), "orders", "orders", Kind.COUNT, lambda: _("Distinct orders with a line in the selection."),
         "higher"),
    Tile(N_("Average order value"), "average_order_value", "average_order_value", Kind.MONEY_CENTS,
         lambda: formula_text(AVERAGE_ORDER_VALUE_FORMULA), "higher"),
    Tile(N_("Gross margin %"), "gross_margin_pct", "margin_pct", Kind.PERCENT,
         lambda: formula_text(MARGIN_PCT_FORMULA), "higher"),
    Tile(N_("Inventory value"), "inventory_value", "inventory_value", Kind.MONEY,
         lambda: formula_text(INVENTORY_VALUE_FORMULA), "neither"),
    Tile(N_("Stockout rate"), "stockout_rate", "stockout_rate", Kind.PERCENT,
         lambda: formula_text(STOCKOUT_RATE_FORMULA), "lower"),
    Tile(N_("SKUs needing reorder"), "skus_needing_reorder", "reorder_positions", Kind.COUNT, _reorder_help,
         "lower"),
)  # fmt: skip
CASH_TILES = (
    Tile(N_("Excess stock value"), "excess_stock_value", "excess_value", Kind.MONEY, lambda: _(EXCESS_HELP), "lower"),
    Tile(N_("Dead stock value"), "dead_stock_value", "dead_value", Kind.MONEY, lambda: _(DEAD_HELP), "lower"),
)


def draw_tiles(tiles: tuple[Tile, ...], now, before, comparison: str) -> None:
    """One row of up to four tiles, each against the comparison period."""
    for column, tile in zip(st.columns(4), tiles):
        with column:
            metric_with_delta(
                _(tile.label), getattr(now, tile.field), getattr(before, tile.field), kind=tile.kind, key=tile.key,
                help=tile.help(), comparison=comparison, better=tile.better,
            )  # fmt: skip


ctx = setup_page(OVERVIEW)
policy = current_policy(ctx.db_url)
# The stock behind the tiles (now and the comparison) and the alerts, computed side by side.
stock_days = (
    headline_stock_day(ctx.filters), headline_stock_day(ctx.comparison, comparison=True), *attention_stock_days(ctx)
)
loaders.classified_together(ctx.db_url, policy, stock_days)
now = loaders.headline(ctx.db_url, ctx.filters, policy)
if now.is_empty:
    show_nothing_selected(ctx.filters, _("sales or stock"))
    st.stop()
before = loaders.headline(ctx.db_url, ctx.comparison, policy, comparison=True)

st.caption(_("Changes against the {comparison}.").format(comparison=ctx.comparison_description))

draw_tiles(TILES[:4], now, before, ctx.comparison_name)
draw_tiles(TILES[4:], now, before, ctx.comparison_name)
if now.uncosted_revenue:
    st.caption(
        _(
            "{amount} of the revenue ({share}) comes from products without a unit cost: their margin is unknown, "
            "so the gross margin leaves them out. Import their unit costs on the Data page."
        ).format(amount=format_money(now.uncosted_revenue, current_shop().currency),
                 share=format_percent_points(now.uncosted_revenue / now.revenue * 100 if now.revenue else 100.0))
    )  # fmt: skip
draw_tiles(CASH_TILES, now, before, ctx.comparison_name)
st.caption(
    _(
        "Fill rate (the share of demand served from stock) is not shown: demand lost while a product is out of "
        "stock is not recorded, so it cannot be measured. The stockout rate is the closest measured signal."
    )
)

st.subheader(_("Needs attention as of {day}").format(day=format_date(ctx.as_of)))
draw_attention(ctx, policy, PAGE)

st.subheader(_("Revenue trend"))
grain = display_grain(ctx.filters)
trend = loaders.sales_by_period(ctx.db_url, ctx.filters, grain)[["period", "revenue"]]
if trend.empty:
    show_nothing_selected(ctx.filters, _("sales"))
else:
    show(revenue_trend(trend), key="chart_revenue_trend")
    per_grain = _("Net revenue per {grain}.").format(grain=grain_label(grain).lower())
    st.caption(per_grain + partial_periods_note(ctx.filters, grain))
    tables.download_shown(
        trend, {"period": tables.day(_("Period")), "revenue": tables.money(_("Net revenue"))},
        page=PAGE, what=_("Revenue trend"), f=ctx.filters, key="revenue_trend",
    )  # fmt: skip
