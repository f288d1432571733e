"""Forecast: weekly demand per product x warehouse for the selection, with its
80% band, past actuals, the next peak, and the backtest's accuracy beside
seasonal naive's. Reads the latest stored run: no model is fitted here unless
the user asks for a refresh."""

import streamlit as st

from i18n import _
from services.forecast import DEFAULT_HORIZON_WEEKS
from ui import forecast as views
from ui import forecast_sections as sections
from ui import loaders
from ui.navigation import FORECAST
from ui.page import setup_page
from ui.states import show_nothing_selected

ctx = setup_page(FORECAST)
run = loaders.latest_forecast_run(ctx.db_url)
if run is None:
    st.info(_("No forecast has been run on this database yet. Refresh it here, or run `python -m planning forecast` "
              "(after an import, too)."), icon=":material/info:")  # fmt: skip
    if ctx.access.can_edit_plans:
        views.refresh_button(ctx.db_url, DEFAULT_HORIZON_WEEKS, primary=True)
    st.stop()

scope = views.forecast_scope(ctx.filters)
selection = loaders.selection_forecast(ctx.db_url, run.run_id, scope)
if selection.weekly.empty:
    show_nothing_selected(ctx.filters, _("forecast series"))
    st.stop()

sections.about_the_run(ctx, run)
sections.headline_tiles(selection)
sections.forecast_chart(ctx, run, selection.weekly)
sections.backtest_accuracy(ctx, run, scope, selection)
sections.products_table(ctx, run, scope)
