"""The replenishment policy: one module for every screen and command.

Lead-time statistics per supplier x product (`lead_times`), ABC classes
(`abc`), safety stock (`safety_stock`), reorder point and order-up-to level
from the forecast summed day by day (`demand`, `levels`), which positions
need an order (`positions`), order quantities in packs and minimum orders
(`ordering`), transfers before purchases (`transfers`), the plan's lines
(`plan`) and stock projected day by day (`projection`). Stock health, the
Overview's reorder tile, the alerts, the plan, Peak readiness and the replay
all call these, so no two screens judge a position differently.

The functions a later analysis needs most are importable from here, e.g. the
safety stock a supplier's lead-time spread forces on a product is
    normal_safety_stock(level, L, sd_L, d, sd_d) - normal_safety_stock(level, L, 0, d, sd_d).
"""

from analytics.policy.abc import CLASSES as ABC_CLASSES
from analytics.policy.abc import abc_classes
from analytics.policy.demand import DemandCurve
from analytics.policy.lead_times import LEAD_TIME_SOURCES, histogram_stats, lead_time_stats
from analytics.policy.levels import ReorderLevels, daily_error_sd, reorder_levels
from analytics.policy.ordering import order_quantity
from analytics.policy.plan import PlanLines, plan_lines
from analytics.policy.positions import COUNTED_CLASSES, needs_order, policy_levels, service_levels
from analytics.policy.projection import Arrivals, Projection, project
from analytics.policy.safety_stock import count_safety_stock, normal_safety_stock, service_z
from analytics.policy.settings import PolicySettings

__all__ = [
    "ABC_CLASSES",
    "COUNTED_CLASSES",
    "LEAD_TIME_SOURCES",
    "Arrivals",
    "DemandCurve",
    "PlanLines",
    "PolicySettings",
    "Projection",
    "ReorderLevels",
    "abc_classes",
    "count_safety_stock",
    "daily_error_sd",
    "histogram_stats",
    "lead_time_stats",
    "needs_order",
    "normal_safety_stock",
    "order_quantity",
    "plan_lines",
    "policy_levels",
    "project",
    "reorder_levels",
    "service_levels",
    "service_z",
]
