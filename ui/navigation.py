"""The dashboard's pages, listed once: the sidebar links and page icons come
from here. Streamlit's own page list is hidden (client.showSidebarNavigation)
because it would name the home page after its file, "app"."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from data_access.config import PROJECT_ROOT
from i18n.labels import page_title


@dataclass(frozen=True)
class PageEntry:
    slug: str  # the page's id
    path: str  # relative to app.py
    icon: str

    @property
    def title(self) -> str:
        """The page's name in the current language."""
        return page_title(self.slug)

    @property
    def exists(self) -> bool:
        return (PROJECT_ROOT / self.path).is_file()


OVERVIEW = PageEntry("overview", "app.py", ":material/dashboard:")
REVENUE = PageEntry("revenue", "pages/1_Revenue.py", ":material/payments:")
STOCK_HEALTH = PageEntry("stock-health", "pages/2_Stock_health.py", ":material/health_metrics:")
TRENDS = PageEntry("trends", "pages/3_Trends.py", ":material/monitoring:")
DATA = PageEntry("data", "pages/4_Data.py", ":material/upload:")  # optional: linked only when present
FORECAST = PageEntry("forecast", "pages/5_Forecast.py", ":material/query_stats:")
REPLENISHMENT = PageEntry("replenishment", "pages/6_Replenishment.py", ":material/shopping_cart:")
PEAK_READINESS = PageEntry("peak-readiness", "pages/7_Peak_readiness.py", ":material/event_upcoming:")
SUPPLIERS = PageEntry("suppliers", "pages/8_Suppliers.py", ":material/local_shipping:")
CASH = PageEntry("cash", "pages/9_Cash.py", ":material/savings:")
PAGES = (OVERVIEW, REVENUE, STOCK_HEALTH, TRENDS, FORECAST, REPLENISHMENT, PEAK_READINESS, SUPPLIERS, CASH, DATA)


def sidebar_navigation() -> None:
    with st.sidebar:
        for page in PAGES:
            if page.exists:
                st.page_link(page.path, label=page.title, icon=page.icon)


def link_to(
    page: PageEntry, label: str, query_params: dict[str, str] | None = None, help: str | None = None
) -> None:
    """A link in the page body, opening the page with `query_params`; nothing when the page's file is missing."""
    if page.exists:
        st.page_link(page.path, label=label, icon=":material/arrow_forward:", query_params=query_params, help=help)
