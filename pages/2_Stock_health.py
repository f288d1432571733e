"""Stock health: every product x warehouse classified as out of stock,
understocked, healthy, overstocked or dead stock, with the reason, as of the
last day of the selected range."""

import streamlit as st

from i18n import _
from i18n.formats import format_date
from services.overview import headline_stock_day
from services.stock_health import StockDay
from ui import loaders, stock_health
from ui.navigation import STOCK_HEALTH
from ui.page import setup_page
from ui.policy import policy_sliders
from ui.states import show_nothing_selected

ctx = setup_page(STOCK_HEALTH)
policy = policy_sliders(ctx.db_url)
# Now and on the comparison's last day (its tiles' changes), computed side by side.
now = StockDay(ctx.filters, ctx.as_of, projected=True)
then = headline_stock_day(ctx.comparison, comparison=True)
classified, before = loaders.classified_together(ctx.db_url, policy, (now, then))
if classified.empty:
    when = _("on or before {day}").format(day=format_date(ctx.as_of))
    show_nothing_selected(ctx.filters, _("stock snapshots"), when=when)
    st.stop()

stock_health.how_it_is_decided(ctx, policy)
stock_health.status_tiles(ctx, classified, before)
stock_health.status_per_warehouse(ctx, classified)
stock_health.every_position(ctx, classified, policy)
stock_health.rarely_used(ctx, classified, policy)
