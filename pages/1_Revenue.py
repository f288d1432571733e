"""Revenue: where the money comes from, by category and product, against the
comparison period."""

import streamlit as st

from analytics.kpis import MARGIN_PCT_FORMULA, SHARE_FORMULA, best_and_worst, share, with_deltas
from i18n import _
from i18n.formats import format_money
from i18n.formulas import formula_text
from i18n.labels import grain_label
from services.grains import display_grain
from ui import loaders, tables
from ui.captions import heatmap_columns_note, partial_periods_note
from ui.charts import clicked, heatmap, share_bars, show
from ui.escaping import escape_markdown
from ui.navigation import REVENUE
from ui.page import setup_page
from ui.shop import current_shop
from ui.states import show_nothing_selected

PAGE = REVENUE.title
ctx = setup_page(REVENUE)  # first: the columns below take the shop's currency
PRODUCT_COLUMNS = {  # what a manager reads first beside the pinned product, the category last
    "sku": _("SKU"),
    "name": _("Product"),
    "revenue": tables.money(_("Revenue")),
    "units": tables.count(_("Units")),
    "margin": tables.money(_("Margin")),
    "category": _("Category"),
}

DRILL_KEY = "revenue_drill_category"


def _drill_into_clicked() -> None:
    """A click on a category's bar picks it in the select box below (the keyboard's way to the same list)."""
    if category := clicked("chart_category_share"):
        st.session_state[DRILL_KEY] = category


f = ctx.filters
by_category = loaders.sales_by_category(ctx.db_url, f)
if by_category.empty:
    show_nothing_selected(f, _("sales"))
    st.stop()
formulas = _("{margin}. {share}.")
st.caption(formulas.format(margin=formula_text(MARGIN_PCT_FORMULA), share=formula_text(SHARE_FORMULA)))
if uncosted := float(by_category["revenue"].sum() - by_category["costed_revenue"].sum()):
    st.caption(
        _("{amount} of the revenue comes from products without a unit cost: their margin is unknown, so margins "
          "leave them out (a product's margin shows n/a).").format(
            amount=format_money(uncosted, current_shop().currency)
        )
    )  # fmt: skip

st.subheader(_("Revenue by category"))
shares = by_category[["category", "revenue"]].assign(share_pct=share(by_category["revenue"]))
show(share_bars(shares, "category", "revenue", "share_pct"), key="chart_category_share", on_click=_drill_into_clicked)
st.caption(_("Click a category's bar to list its products below."))
tables.download_shown(
    shares,
    {"category": _("Category"), "revenue": tables.money(_("Revenue")), "share_pct": tables.percent(_("Share"))},
    page=PAGE, what=_("Revenue by category"), f=f, key="category_share",
)  # fmt: skip

grain = display_grain(f)
per_grain = _("Revenue per category and {grain}").format(grain=grain_label(grain).lower())
st.subheader(per_grain)
per_period = loaders.sales_by_period(ctx.db_url, f, grain, "category")
pivot = per_period.pivot_table(index="category", columns="period", values="revenue", aggfunc="sum")
show(heatmap(pivot.reindex(by_category["category"]), _("Revenue")), key="chart_category_heatmap")
st.caption(heatmap_columns_note(grain) + partial_periods_note(f, grain))
tables.download_shown(
    per_period,
    {
        "period": tables.day(_("Period")), "category": _("Category"), "revenue": tables.money(_("Revenue")),
        "units": tables.count(_("Units")), "margin": tables.money(_("Margin")),
    },
    page=PAGE, what=per_grain, f=f, key="category_heatmap",
)  # fmt: skip

st.subheader(_("Categories against the comparison period"))
st.caption(_("Compared with the {comparison}.").format(comparison=ctx.comparison_description))
previous = loaders.sales_by_category(ctx.db_url, ctx.comparison)
compared = with_deltas(
    by_category, previous, key="category", measures=["revenue", "units", "cost", "margin", "costed_revenue"]
)
tables.table_with_download(
    compared,
    {
        "category": _("Category"),
        "revenue": tables.money(_("Revenue")),
        "revenue_change_pct": tables.change_pct(_("Revenue Δ")),
        "margin": tables.money(_("Margin")),
        "margin_change_pct": tables.change_pct(_("Margin Δ")),
        "margin_pct": tables.percent(_("Margin %"), help=formula_text(MARGIN_PCT_FORMULA)),
        "margin_pct_change": tables.points(_("Margin % Δ")),
        "units": tables.count(_("Units")),
        "units_change_pct": tables.change_pct(_("Units Δ")),
    },
    page=PAGE, what=_("Categories"), f=f, key="categories", pinned=("category",), all_columns=compared,
)  # fmt: skip

st.subheader(_("Top and bottom products"))
products = loaders.product_sales(ctx.db_url, f)
best, worst = best_and_worst(products, 10)
for column, (title, ranked, key) in zip(
    st.columns(2),
    ((_("Top 10 by revenue"), best, "top_products"), (_("Bottom 10 by revenue"), worst, "bottom_products")),
):
    with column:
        st.markdown(f"**{title}**")
        tables.table_with_download(ranked, PRODUCT_COLUMNS, page=PAGE, what=title, f=f, key=key)

st.subheader(_("Products of one category"))
category = st.selectbox(_("Category"), by_category["category"], key=DRILL_KEY)
in_category = products[products["category"] == category].reset_index(drop=True)
every_product = _("Every active product of {category}, zero sellers included, by revenue.")
st.caption(every_product.format(category=escape_markdown(category)))
tables.table_with_download(
    in_category, PRODUCT_COLUMNS, page=PAGE, what=_("Products of {category}").format(category=category), f=f,
    key="category_products", order=_("highest revenue first"),
)  # fmt: skip
