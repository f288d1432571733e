"""The words of the formulas and rules that tiles, columns and captions show
as help: analytics names each by an id (`analytics.kpis.MARGIN_PCT_FORMULA`
= "margin-pct"), the user interface shows `formula_text(id)` in the
current language, so the numbers' definitions live beside their code and
their wording here.
"""

from __future__ import annotations

from i18n import N_, _
from i18n.labels import status_label

_FORMULAS = {
    "margin-pct": N_(
        "margin % = (revenue - cost) / revenue x 100; cost = units sold x unit cost; "
        "products without a unit cost are left out of both"
    ),
    "average-order-value": N_("average order value = revenue / number of distinct orders"),
    "stockout-rate": N_(
        "stockout rate = product x warehouse days with zero stock / product x warehouse days observed x 100"
    ),
    "change-pct": N_("change % = (current - comparison) / |comparison| x 100; blank when the comparison is 0"),
    "share": N_("share = value / total of all values x 100"),
    "rolling-average": N_("rolling average = mean of the last N periods (shown once N periods are available)"),
    "days-of-cover": N_(
        "days of cover = units on hand / average daily units sold over the velocity window "
        "(blank when nothing sold in the window)"
    ),
    "capacity": N_("capacity used = units on hand / the warehouse's capacity in units x 100"),
    "inventory-value": N_("inventory value = units on hand x unit cost, as of the range's last day"),
    "safety-stock": N_(
        "safety stock = z x sqrt(P x sd_d² + d² x sd_L²): P = review period + mean lead time in days (what an "
        "order must cover), sd_L the lead time's standard deviation, d the forecast's daily demand over P, sd_d the "
        "daily spread of the forecast's own out-of-sample errors (weekly errors / √7, never below Poisson noise), z "
        "from the ABC class's service level; for intermittent products the service-level quantile of a Poisson or "
        "negative-binomial demand over P with the same mean and variance, minus that mean"
    ),
    "reorder-point": N_(
        "reorder point = forecast over the lead time (summed day by day) + safety stock; order-up-to level S = "
        "forecast over the review period + lead time + safety stock. Each review orders S - (on hand + on order) "
        "for every position below S, rounded up to whole packs and at least the minimum order"
    ),
    "abc": N_(
        "ABC class: products ranked by revenue over the last 12 months, all warehouses; A until {a} of the "
        "cumulative revenue, B until {b}, C the rest"
    ),
    "order-by": N_(
        "order by = the last day an order can be placed so that, after the mean lead time, it arrives before the "
        "stock projected from on hand, open orders and the forecast falls to the safety stock (never before the "
        "plan's order day); expected arrival = order by + mean lead time"
    ),
    "transfer": N_(
        "transfer: when a warehouse is at or below its reorder point and another warehouse holds more than its "
        "own order-up-to level S, the surplus (on hand - S) moves first, up to what the first one needs (S - on "
        "hand - on order); only the rest is bought"
    ),
    "lead-time": N_(
        "lead time per supplier x product = mean, standard deviation and 90th percentile of the days from order "
        "to receipt of its purchase orders received in the last year; with fewer than 5 receipts, the supplier's "
        "figures over all its products; without those, the product's nominal lead time (no spread); else the "
        "default"
    ),
    "peak-readiness": N_(
        "Projected stock = on hand + open purchase orders at their expected dates - the forecast, day by day (what "
        "the shelf cannot serve is lost). Runs out on: the first day it ends empty. Order by: that day minus the "
        "90th-percentile lead time. Revenue at risk: units lost during the peak x the current list price. With the "
        "plan: the same with the plan's purchases and transfers arriving when it expects them."
    ),
    "needs-order": N_(
        "a position needs reordering when on hand + on order <= its reorder point and the forecast expects "
        "demand; a review also tops up every other position below its order-up-to level"
    ),
}


def formula_text(formula: str) -> str:
    """The formula or rule named `formula`, in the current language; ABC's
    takes its thresholds with .format(a=..., b=...)."""
    try:
        return _(_FORMULAS[formula])
    except KeyError:
        raise ValueError(f"Unknown formula {formula!r}; known: {', '.join(_FORMULAS)}.") from None


_STATUS_RULES = {
    "out-of-stock": N_("0 units (or fewer) on hand."),
    "dead-stock": N_(
        "units on hand but no sale in the last *dead stock days* (default 90), or never sold. Products launched "
        "fewer than *dead stock days* ago are too new to judge and are never dead stock."
    ),
    "understocked": N_("units on hand at or below the reorder point of the replenishment policy."),
    "overstocked": N_(
        "more days of cover than *overstock cover days* (default 90), or no sales in the velocity window "
        "(default 28 days) at all."
    ),
    "healthy": N_("everything else; a new product with no sales yet is healthy until it is old enough to judge."),
}


def status_rules_text() -> str:
    """How statuses are decided, as a markdown list in the order the rules are checked."""
    lines = [_("Checked in this order; the first rule that matches wins:")]
    lines += [f"- **{status_label(status)}**: {_(rule)}" for status, rule in _STATUS_RULES.items()]
    return "\n".join(lines) + "\n"
