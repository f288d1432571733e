"""The Cash and classes page's pieces: formulas in words, the carrying-rate
setting, and the ABC x XYZ matrix as a table. Words through `_()` at draw time."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.cash import DEFAULT_CARRYING_RATE
from analytics.policy import ABC_CLASSES
from analytics.xyz import CLASSES as XYZ_CLASSES
from analytics.xyz import TOO_NEW
from i18n import N_, _
from i18n.labels import abc_class_label, xyz_class_label
from ui import tables

CARRYING_RATE_KEY = "cash_carrying_rate"
FIFO_HELP = N_(
    "Stock age, first in first out: sales use the oldest units first, so the units on hand are the latest "
    "receipts of purchase orders. Units beyond every recorded receipt are aged from the first day the position "
    "has held stock without a break. Value at unit cost."
)
EXCESS_HELP = N_(
    "Excess stock value = (units on hand − the order-up-to level of the replenishment policy) × unit cost, where "
    "above it; while no plan exists, units above the overstock threshold's days of cover × average daily sales. "
    "Dead-stock positions count in dead stock value instead."
)
DEAD_HELP = N_("Dead stock value = units on hand × unit cost of the positions Stock health calls dead stock.")
CARRYING_HELP = N_("Yearly carrying cost = value × the carrying rate (capital, storage, insurance and shrinkage "
                   "as a share of value per year).")  # fmt: skip
XYZ_HELP = N_(
    "XYZ class: coefficient of variation (standard deviation / mean) of the product's weekly demand over the last "
    "52 weeks with stock, after dividing out its category's seasonal and event index, as the latest forecast run "
    "computed them; X up to 0.5, Y up to 1.0, Z above; fewer than 13 such weeks: too new to judge."
)
ABC_HELP = N_("ABC class: the replenishment policy's, from each product's revenue over the last 12 months.")
MEASURES = {"products": N_("Products"), "revenue": N_("Revenue"), "stock_value": N_("Stock value")}


def carrying_rate() -> float:
    """The yearly carrying rate the user set (a share), default 25%."""
    percent = st.slider(_("Carrying cost per year, percent of value"), 0, 60, int(DEFAULT_CARRYING_RATE * 100), 1,
                        key=CARRYING_RATE_KEY, help=_(CARRYING_HELP))  # fmt: skip
    return percent / 100


def idle_columns() -> dict[str, object]:
    return {
        "warehouse": st.column_config.TextColumn(_("Warehouse")),
        "category": st.column_config.TextColumn(_("Category")),
        "stock_value": tables.money(_("Stock value")),
        "excess_value": tables.money(_("Excess stock value"), help=_(EXCESS_HELP)),
        "excess_carrying": tables.money(_("Excess carrying cost per year"), help=_(CARRYING_HELP)),
        "dead_value": tables.money(_("Dead stock value"), help=_(DEAD_HELP)),
        "dead_carrying": tables.money(_("Dead stock carrying cost per year"), help=_(CARRYING_HELP)),
    }


def matrix_table(cells: pd.DataFrame, measure: str) -> pd.DataFrame:
    """ABC classes as rows, XYZ classes (too new last) as columns, `measure` in the cells."""
    table = cells.pivot(index="abc_class", columns="xyz_class", values=measure)
    table = table.reindex(index=list(ABC_CLASSES), columns=[*XYZ_CLASSES, TOO_NEW])
    table.index = [abc_class_label(abc) for abc in table.index]
    table.columns = [xyz_class_label(xyz) for xyz in table.columns]
    return table.rename_axis(_("ABC \\ XYZ")).reset_index()


def matrix_columns(table: pd.DataFrame, measure: str) -> dict[str, object]:
    value = tables.count if measure == "products" else tables.money
    return {table.columns[0]: st.column_config.TextColumn(table.columns[0], help=_(ABC_HELP)),
            **{name: value(name, help=_(XYZ_HELP)) for name in table.columns[1:]}}  # fmt: skip


def cells_in_words(cells: pd.DataFrame) -> pd.DataFrame:
    """The long form of the matrix for its CSV, classes as words."""
    return cells.assign(abc_class=cells["abc_class"].map(abc_class_label),
                        xyz_class=cells["xyz_class"].map(xyz_class_label))  # fmt: skip
