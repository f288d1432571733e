"""The replay proof: the last weeks of a simulated shop replayed day by day
under the min/max rule and under this plan (`analytics.replay`), from the
same stock, open orders and true demand.

The window is the last `weeks` whole Monday-to-Sunday weeks of the data, so
reviews fall on Mondays and every refit sees complete weeks. It needs the
simulator's ground truth (true demand, the suppliers' lead-time behaviour):
without it `GroundTruthMissing` says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from analytics.events import peak_events
from analytics.forecasting.calendar import DAYS_PER_WEEK
from analytics.lead_time_draws import delivery_days
from analytics.position_rows import position_rows
from analytics.policy import ABC_CLASSES, PolicySettings, abc_classes
from analytics.replay.engine import ReplayShop, SupplierBehaviour, replay
from analytics.replay.policies import MIN_MAX_SALES_DAYS, MinMax, Plan
from analytics.replay.scores import flow_balances, scores
from data_access import ground_truth, policy_reads, replay_reads
from data_access.engine import connect
from data_access.extent import data_span
from data_access.filters import Filters
from data_access.positions import stock_positions
from services.forecast import load_history
from services.reads import ConnectionReads
from services.shop import shop as shop_settings

DEFAULT_WEEKS = 26
MIN_HISTORY_WEEKS = 8
"""Weeks of history the plan needs before the replay to forecast from."""
SEED = 2026
POLICIES = ("min_max", "plan")


class ReplayImpossible(Exception):
    """Too little data for the replay asked for."""


@dataclass(frozen=True)
class ReplayResult:
    first_day: date
    last_day: date
    positions: int
    policies: dict[str, dict]
    """Per policy id of POLICIES: `analytics.replay.scores.scores`."""
    balanced: bool
    """Whether both replays' stock flows and demand balanced every day."""


def replay_window(last_day: date, weeks: int) -> tuple[date, date]:
    """The last `weeks` whole Monday weeks on or before `last_day`."""
    end = last_day - timedelta(days=(last_day.weekday() + 1) % DAYS_PER_WEEK)
    return end - timedelta(weeks=weeks) + timedelta(days=1), end


def run_replay(engine: Engine, weeks: int = DEFAULT_WEEKS, settings: PolicySettings | None = None) -> ReplayResult:
    settings = settings or PolicySettings()
    shop, plan, min_max = _prepare(engine, weeks, settings)
    results, balanced = {}, True
    for name, policy in (("min_max", min_max), ("plan", plan)):
        log = replay(shop, policy, SEED)
        results[name] = scores(shop, log)
        balanced &= flow_balances(shop, log)
    return ReplayResult(shop.first_day, shop.first_day + timedelta(days=shop.days - 1), shop.size, results, balanced)


def _prepare(engine: Engine, weeks: int, settings: PolicySettings) -> tuple[ReplayShop, Plan, MinMax]:
    with connect(engine) as conn:
        ground_truth.require_ground_truth(conn)
        last = data_span(conn).last_day
        calendar = shop_settings(ConnectionReads(conn)).calendar
    if last is None:
        raise ReplayImpossible("The database holds no sales or stock.")
    first, end = replay_window(last, weeks)
    before = first - timedelta(days=1)
    history = load_history(engine, before).weekly
    if len(history.weeks) < MIN_HISTORY_WEEKS:
        raise ReplayImpossible(f"Too little history before {first} to replay {weeks} weeks: use fewer --weeks.")
    series = history.series[["product_id", "warehouse_id"]]
    with connect(engine) as conn:
        stock = stock_positions(conn, Filters(before, before), before, MIN_MAX_SALES_DAYS)
        truth = ground_truth.true_demand(conn, Filters(first, end), "day")
        behaviour = ground_truth.lead_time_behaviour(conn)
        open_orders = replay_reads.orders_open_at_end_of(conn, before)
        sold = replay_reads.daily_sold_units(conn, before - timedelta(days=MIN_MAX_SALES_DAYS - 1), before)
        receipts, _ = policy_reads.receipt_histograms(
            conn, Filters(date.min, date.max), before, settings.lead_time_history_days
        )
        revenue = policy_reads.product_revenue(conn, before - timedelta(days=settings.abc_window_days - 1), before)
    positions = _positions(series, stock, behaviour, settings)
    days = (end - first).days + 1
    shop = ReplayShop(
        positions=positions.drop(columns=list(_BEHAVIOUR)),
        first_day=first,
        demand=_daily_matrix(truth, series, first, days, "period"),
        peak=_peak_days(first, days, calendar),
        review=np.array([(first + timedelta(days=d)).weekday() == settings.review_weekday_number for d in range(days)]),
        on_hand=positions["on_hand"].to_numpy(dtype="float64"),
        open_orders=_open_orders(open_orders, series, first),
        suppliers=SupplierBehaviour(*(positions[column].to_numpy() for column in _BEHAVIOUR)),
        deliveries=delivery_days(calendar, first, days),
        transfer_lead_days=settings.transfer_lead_days,
    )
    abc = series["product_id"].map(abc_classes(revenue.set_index("product_id")["revenue"], settings.abc_thresholds))
    plan = Plan(shop, history, receipts, abc.fillna(ABC_CLASSES[-1]).to_numpy(), settings)
    min_max = MinMax(shop, _daily_matrix(sold, series, before - timedelta(days=MIN_MAX_SALES_DAYS - 1),
                                         MIN_MAX_SALES_DAYS, "sale_date"))  # fmt: skip
    return shop, plan, min_max


_BEHAVIOUR = ("nominal_lead_days", "on_time_rate", "mean_delay_days", "max_early_days", "max_delay_days")


def _positions(series: pd.DataFrame, stock: pd.DataFrame, behaviour: pd.DataFrame, settings) -> pd.DataFrame:
    """The replay's positions in the history's order, with stock, product facts and supplier behaviour."""
    columns = ["product_id", "warehouse_id", "on_hand"]
    frame = series.merge(stock[columns], on=["product_id", "warehouse_id"], how="left")
    products = stock.drop_duplicates("product_id")[
        ["product_id", "supplier", "unit_cost", "pack_size", "min_order_qty", "lead_time_days"]
    ]
    frame = frame.merge(products, on="product_id", how="left")
    frame = frame.merge(behaviour[["supplier", "product_id", *_BEHAVIOUR]], on=["supplier", "product_id"], how="left")
    nominal = pd.to_numeric(frame["lead_time_days"]).astype("float64")
    default = float(settings.default_lead_time_days)
    return frame.assign(
        on_hand=frame["on_hand"].fillna(0).clip(lower=0),
        unit_cost=frame["unit_cost"].astype("float64").fillna(0.0),
        lead_time_days=nominal.fillna(default),
        nominal_lead_days=frame["nominal_lead_days"].astype("float64").fillna(nominal).fillna(default),
        on_time_rate=frame["on_time_rate"].fillna(1.0),
        mean_delay_days=frame["mean_delay_days"].fillna(1.0),
        max_early_days=frame["max_early_days"].fillna(0).astype("int64"),
        max_delay_days=frame["max_delay_days"].fillna(0).astype("int64"),
    ).reset_index(drop=True)


def _daily_matrix(rows: pd.DataFrame, series: pd.DataFrame, first: date, days: int, day_column: str) -> np.ndarray:
    """[day, position] units from rows keyed by product_id, warehouse_id and a day."""
    matrix = np.zeros((days, len(series)))
    row = position_rows(series, rows["product_id"], rows["warehouse_id"])
    day = (pd.to_datetime(rows[day_column]) - pd.Timestamp(first)).dt.days.to_numpy()
    keep = (row >= 0) & (day >= 0) & (day < days)
    np.add.at(matrix, (day[keep], row[keep]), rows["units"].to_numpy(dtype="float64")[keep])
    return matrix


def _peak_days(first: date, days: int, calendar: str) -> np.ndarray:
    """[day] True inside any peak of the shop's retail calendar (not its lulls)."""
    peak = np.zeros(days, dtype=bool)
    for event in peak_events(first, first + timedelta(days=days - 1), calendar):
        if event.demand_multiplier <= 1:
            continue
        start = max((event.start - first).days, 0)
        peak[start : (event.end - first).days + 1] = True
    return peak


def _open_orders(orders: pd.DataFrame, series: pd.DataFrame, first: date) -> pd.DataFrame:
    row = position_rows(series, orders["product_id"], orders["warehouse_id"])
    received = pd.to_datetime(orders["received_on"])
    day = (received - pd.Timestamp(first)).dt.days.fillna(np.iinfo(np.int32).max).to_numpy(dtype=np.int64)
    keep = row >= 0
    return pd.DataFrame({"row": row[keep], "day": day[keep], "quantity": orders["quantity"].to_numpy()[keep]})
