"""The dashboard's pages, listed once: the sidebar links and page icons come
from here. Streamlit's own page list is hidden (client.showSidebarNavigation)
because it would name the home page after its file, "app"."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from data_access.config import PROJECT_ROOT


@dataclass(frozen=True)
class PageEntry:
    title: str
    path: str  # relative to app.py
    icon: str

    @property
    def exists(self) -> bool:
        return (PROJECT_ROOT / self.path).is_file()


OVERVIEW = PageEntry("Overview", "app.py", ":material/dashboard:")
REVENUE = PageEntry("Revenue", "pages/1_Revenue.py", ":material/payments:")
STOCK_HEALTH = PageEntry("Stock health", "pages/2_Stock_health.py", ":material/health_metrics:")
TRENDS = PageEntry("Trends", "pages/3_Trends.py", ":material/monitoring:")
DATA = PageEntry("Data", "pages/4_Data.py", ":material/upload:")  # optional: linked only when present
FORECAST = PageEntry("Forecast", "pages/5_Forecast.py", ":material/query_stats:")
PAGES = (OVERVIEW, REVENUE, STOCK_HEALTH, TRENDS, FORECAST, DATA)
DEFAULT_ICON = ":material/inventory_2:"


def icon_for(title: str) -> str:
    return next((page.icon for page in PAGES if page.title == title), DEFAULT_ICON)


def sidebar_navigation() -> None:
    with st.sidebar:
        for page in PAGES:
            if page.exists:
                st.page_link(page.path, label=page.title, icon=page.icon)


def link_to(page: PageEntry, label: str) -> None:
    """A link in the page body; nothing when the page's file is missing."""
    if page.exists:
        st.page_link(page.path, label=label, icon=":material/arrow_forward:")
