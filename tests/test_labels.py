"""Ids apart from words: every id of every kind has words of its own, and
words follow the language of the current context."""

from __future__ import annotations

import contextvars
import re

import pytest

import i18n
from analytics.alerts import ALERT_KINDS
from analytics.cash import AGE_BANDS
from analytics.date_ranges import COMPARISONS, PRESETS
from analytics.events import CALENDAR_EVENTS, events_of_year
from analytics.policy import ABC_CLASSES, LEAD_TIME_SOURCES
from analytics.policy.plan import PURCHASE_REASONS
from analytics.policy.settings import WEEKDAYS
from analytics.stock_health import RULES, STATUSES
from analytics.xyz import CLASSES as XYZ_CLASSES
from analytics.xyz import TOO_NEW
from data_access.alert_log import DELIVERY_STATUSES
from data_access.periods import GRAINS
from analytics.forecasting.backtest import SCOPES, TARGETS
from analytics.forecasting.classify import CLASSES
from analytics.forecasting.levels import METHODS, ZERO
from i18n.labels import (
    abc_class_label,
    age_band_label,
    alert_label,
    backtest_scope_label,
    backtest_target_label,
    breakdown_label,
    comparison_label,
    delivery_status_label,
    demand_basis_label,
    demand_class_label,
    event_label,
    forecast_method_label,
    forecast_step_label,
    grain_label,
    lead_time_source_label,
    measure_label,
    page_title,
    preset_label,
    purchase_reason_label,
    sample_step_label,
    split_label,
    status_label,
    weekday_label,
    xyz_class_label,
)
from i18n.reasons import Figures, Thresholds, stock_reason
from sample_data.build import generate_into
from sample_data.simulator import SimulationConfig
from services.forecast import BREAKDOWNS, STEPS
from services.replenishment import BASES
from services.trends import MEASURES, SPLITS
from ui.charts import STATUS_COLOURS
from ui.navigation import PAGES

KINDS = {
    "date preset": (PRESETS, preset_label),
    "comparison": (COMPARISONS, comparison_label),
    "stock status": (STATUSES, status_label),
    "lead-time source": (LEAD_TIME_SOURCES, lead_time_source_label),
    "peak event": (tuple(event for events in CALENDAR_EVENTS.values() for event in events), event_label),
    "page": (tuple(page.slug for page in PAGES), page_title),
    "grain": (GRAINS, grain_label),
    "trend measure": (MEASURES, measure_label),
    "trend split": (SPLITS, split_label),
    "alert kind": (ALERT_KINDS, alert_label),
    "delivery status": (DELIVERY_STATUSES, delivery_status_label),
    "demand class": (CLASSES, demand_class_label),
    "forecast method": ((*METHODS, ZERO), forecast_method_label),
    "backtest scope": (SCOPES, backtest_scope_label),
    "backtest target": (TARGETS, backtest_target_label),
    "forecast step": (STEPS, forecast_step_label),
    "accuracy breakdown": (BREAKDOWNS, breakdown_label),
    "ABC class": (ABC_CLASSES, abc_class_label),
    "purchase reason": (PURCHASE_REASONS, purchase_reason_label),
    "demand basis": (BASES, demand_basis_label),
    "weekday": (WEEKDAYS, weekday_label),
    "XYZ class": ((*XYZ_CLASSES, TOO_NEW), xyz_class_label),
    "age band": (AGE_BANDS, age_band_label),
}
RULE_IDS = tuple(rule for rule, _ in RULES)


@pytest.mark.parametrize("kind", KINDS)
def test_every_id_has_its_own_non_empty_label(kind):
    ids, label = KINDS[kind]

    words = [label(id_) for id_ in ids]

    assert len(set(ids)) == len(ids) > 0
    assert all(isinstance(w, str) and w.strip() for w in words), words
    assert len(set(words)) == len(words), words


@pytest.mark.parametrize("kind", KINDS)
def test_an_unknown_id_is_named_in_the_error(kind):
    _, label = KINDS[kind]

    with pytest.raises(ValueError, match="'no-such-id'"):
        label("no-such-id")


def test_every_stock_rule_has_its_own_reason():
    figures = Figures(on_hand=5, avg_daily_units=1.5, days_since_last_sale=40, on_order=0, reorder_point=3.0,
                      lead_demand=2.5, lead_mean=2.0, safety_stock=0.5, days_of_cover=3.3)  # fmt: skip

    reasons = [stock_reason(rule, figures, Thresholds(28, 90)) for rule in RULE_IDS]

    assert all(reason.strip() for reason in reasons) and len(set(reasons)) == len(reasons), reasons
    with pytest.raises(ValueError, match="'no-such-rule'"):
        stock_reason("no-such-rule", figures, Thresholds(28, 90))


def test_every_step_the_sample_shop_reports_has_words(tmp_path):
    """The first start's progress bar shows these words: a step the simulator
    reports without them would break the first start."""
    steps: list[str] = []
    config = SimulationConfig(products=8, warehouses=2, days=60, seed=3)

    generate_into(f"duckdb:///{tmp_path}/tiny.duckdb", config, False, progress=lambda _, step: steps.append(step))

    assert steps[-1] == "done" and len(set(steps)) >= 6, steps
    words = {step: sample_step_label(step) for step in steps}
    assert all(word.strip() and word != step for step, word in words.items()), words


@pytest.mark.parametrize("calendar", CALENDAR_EVENTS)
def test_each_calendar_uses_every_event_id_of_its_own(calendar):
    assert [event.id for event in events_of_year(2025, calendar)] == list(CALENDAR_EVENTS[calendar])


def test_every_status_has_a_colour_of_its_own():
    assert list(STATUS_COLOURS) == list(STATUSES)
    assert len(set(STATUS_COLOURS.values())) == len(STATUSES)


def test_ids_share_one_style():
    """Lower case words joined by hyphens: the same in a URL, a cache key and a table."""
    for ids in (*(ids for ids, _ in KINDS.values()), RULE_IDS):
        for id_ in ids:
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", id_), id_


def test_the_language_is_per_context():
    def in_chinese() -> tuple[str, str]:
        i18n.set_language("zh")
        return i18n.current_language(), preset_label("last-90-days")

    assert contextvars.copy_context().run(in_chinese) == ("zh", "近90天")
    assert (i18n.current_language(), preset_label("last-90-days")) == (i18n.SOURCE_LANGUAGE, "Last 90 days")


@pytest.mark.parametrize("kind", KINDS)
def test_every_id_has_chinese_words_of_its_own(kind):
    ids, label = KINDS[kind]

    def in_chinese() -> list[str]:
        i18n.set_language("zh")
        return [label(id_) for id_ in ids]

    words = contextvars.copy_context().run(in_chinese)

    assert len(set(words)) == len(words), words
    assert all(re.search(r"[\u4e00-\u9fff]", w) for w in words), words  # each has Chinese characters
