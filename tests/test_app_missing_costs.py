"""A product imported without a unit cost has an unknown margin: the
Overview's gross margin and the Revenue page leave it out and say how much
revenue that is. Checked against the raw rows of the hand-made dataset, whose
SKU-005 has no cost."""

from __future__ import annotations

import pandas as pd
import pytest

from data_access.config import ENV_VAR
from tests.support.app_db import (  # noqa: F401  (fixtures)
    RawRows,
    Selection,
    assert_clean,
    edge_case_database,
    fresh_caches,
    metric_values,
    open_app,
    table,
)
from tests.support.dataset import FIRST_DAY, LAST_DAY

EVERYTHING = {"preset": "custom", "start": FIRST_DAY.isoformat(), "end": LAST_DAY.isoformat()}


@pytest.fixture
def edge_cases(tmp_path, monkeypatch) -> RawRows:
    url = edge_case_database(tmp_path)
    monkeypatch.setenv(ENV_VAR, url)
    return RawRows(url)


def test_the_gross_margin_leaves_out_products_without_a_cost(edge_cases):
    at = open_app(query_params=EVERYTHING)

    lines = edge_cases.lines(Selection(FIRST_DAY, LAST_DAY))
    costed = lines[lines["unit_cost"].notna()]
    uncosted_revenue = lines.loc[lines["unit_cost"].isna(), "net_revenue"].sum()
    assert uncosted_revenue > 0
    expected = (costed["net_revenue"].sum() - costed["cost"].sum()) / costed["net_revenue"].sum() * 100
    assert_clean(at)
    assert metric_values(at)["Gross margin %"] == pytest.approx(expected, abs=1e-3)
    said = [c.value for c in at.caption if "without a unit cost" in c.value]
    assert said and f"€{uncosted_revenue:,.2f}" in said[0], [c.value for c in at.caption]


def test_a_product_without_a_cost_shows_no_margin_on_the_revenue_page(edge_cases):
    at = open_app("pages/1_Revenue.py", query_params=EVERYTHING)

    assert_clean(at)
    shown = pd.concat([table(at, "top_products"), table(at, "bottom_products")]).drop_duplicates("sku")
    margins = shown.set_index("sku")["margin"]
    assert pd.isna(margins.loc["SKU-005"])
    assert margins.drop(index="SKU-005").notna().all()
    assert any("without a unit cost" in c.value for c in at.caption)
