"""Replay a purchasing policy day by day against known demand.

Both policies of a replay face the same shop: the same true demand each day,
the same starting stock and open orders (arriving when they really did), the
same review days, packs and minimum orders, and lead times drawn for their
new orders from the suppliers' recorded behaviour (`analytics.lead_time_draws`,
as the simulator drew them, held past the calendar's supplier closures), each
policy from its own generator seeded alike.

A day: what arrives goes on the shelf; on a review day the policy looks at
the stock as the previous day ended and orders (purchases arrive after a
drawn lead time, transfers after the transfer lead time, leaving their
source at once); customers buy what they want up to what is there, the rest
is lost. So for every position and day
    on_hand(day) = on_hand(day - 1) + received + transferred in - transferred out - served
and demand = served + lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import numpy as np
import pandas as pd

from analytics.lead_time_draws import DeliveryDays, draw_lead_times


@dataclass(frozen=True)
class SupplierBehaviour:
    """[position] how its supplier's lead times are drawn (see `draw_lead_times`)."""

    nominal: np.ndarray
    on_time_rate: np.ndarray
    mean_delay: np.ndarray
    max_early: np.ndarray
    max_delay: np.ndarray

    def draw(self, rng: np.random.Generator, rows: np.ndarray) -> np.ndarray:
        return draw_lead_times(
            rng, self.nominal[rows], self.on_time_rate[rows], self.mean_delay[rows], self.max_early[rows],
            self.max_delay[rows],
        )  # fmt: skip


@dataclass(frozen=True)
class ReplayShop:
    """The positions (product x warehouse), days and facts both policies share."""

    positions: pd.DataFrame
    """One row per position: product_id, warehouse_id, supplier, unit_cost (0 when unknown), pack_size,
    min_order_qty, lead_time_days (nominal)."""
    first_day: date
    demand: np.ndarray
    """[day, position] true demand in units."""
    peak: np.ndarray
    """[day] days inside a peak event of the retail calendar."""
    review: np.ndarray
    """[day] review days."""
    on_hand: np.ndarray
    """[position] stock at the end of the day before the first day."""
    open_orders: pd.DataFrame
    """Orders open before the first day: row (position), day (of arrival, from the first day; beyond the
    replay if never), quantity."""
    suppliers: SupplierBehaviour
    deliveries: DeliveryDays
    """The days suppliers deliver on (the calendar's closures hold deliveries, as the simulator did)."""
    transfer_lead_days: int

    @property
    def days(self) -> int:
        return self.demand.shape[0]

    @property
    def size(self) -> int:
        return self.demand.shape[1]


@dataclass
class ReplayState:
    """What a policy sees on a review day (rows: positions, days: so far)."""

    day: int
    on_hand: np.ndarray
    """[position] at the end of the previous day."""
    on_order: np.ndarray
    """[position] purchases and transfers on their way in."""
    served: np.ndarray
    """[day, position] units served on the days before (later rows are zero)."""
    stock: np.ndarray
    """[day, position] end-of-day stock on the days before."""
    purchases: list[tuple[int, np.ndarray, np.ndarray]] = field(default_factory=list)
    """(order day, rows, lead days drawn) of the policy's purchases so far;
    one has arrived by the end of the previous day when order day + lead < day."""


@dataclass(frozen=True)
class Decision:
    purchases: np.ndarray
    """[position] units to buy (0 = none)."""
    transfers: pd.DataFrame
    """Columns from, to (position rows) and quantity."""

    @classmethod
    def purchases_only(cls, purchases: np.ndarray) -> Decision:
        return cls(purchases, pd.DataFrame({"from": [], "to": [], "quantity": []}, dtype="int64"))


class Policy(Protocol):
    def decide(self, state: ReplayState) -> Decision: ...


@dataclass(frozen=True)
class ReplayLog:
    """[day, position] what happened, and the policy's orders."""

    served: np.ndarray
    lost: np.ndarray
    stock: np.ndarray
    received: np.ndarray
    transferred_in: np.ndarray
    transferred_out: np.ndarray
    purchase_lines: int
    transfer_lines: int
    units_bought: int


def replay(shop: ReplayShop, policy: Policy, seed: int) -> ReplayLog:
    """Run `policy` over the shop's days (see the module's docstring)."""
    days, size = shop.days, shop.size
    rng = np.random.default_rng(seed)
    arriving = np.zeros((days + 1, size))  # the last row collects what arrives after the replay
    transfers_in = np.zeros((days + 1, size))
    row = shop.open_orders["row"].to_numpy(dtype=np.int64)
    quantity = shop.open_orders["quantity"].to_numpy(dtype="float64")
    np.add.at(arriving, (np.clip(shop.open_orders["day"].to_numpy(dtype=np.int64), 0, days), row), quantity)
    on_hand = shop.on_hand.astype("float64").copy()
    on_order = np.bincount(row, quantity, size).astype("float64")
    log = {name: np.zeros((days, size)) for name in ("served", "lost", "stock", "received", "in", "out")}
    state = ReplayState(0, on_hand, on_order, log["served"], log["stock"])
    purchase_lines = transfer_lines = units_bought = 0
    for day in range(days):
        on_hand += arriving[day] + transfers_in[day]
        on_order -= arriving[day] + transfers_in[day]
        log["received"][day], log["in"][day] = arriving[day], transfers_in[day]
        if shop.review[day]:
            state.day = day
            decision = policy.decide(state)
            moved = _transfer(decision.transfers, on_hand)
            if len(moved):
                arrival = min(day + shop.transfer_lead_days, days)
                np.add.at(on_hand, moved["from"].to_numpy(), -moved["quantity"].to_numpy())
                np.add.at(log["out"][day], moved["from"].to_numpy(), moved["quantity"].to_numpy())
                np.add.at(transfers_in[arrival], moved["to"].to_numpy(), moved["quantity"].to_numpy())
                np.add.at(on_order, moved["to"].to_numpy(), moved["quantity"].to_numpy())
                transfer_lines += len(moved)
            rows = np.flatnonzero(decision.purchases > 0)
            if len(rows):
                lead = shop.deliveries.day(day + shop.suppliers.draw(rng, rows)) - day
                np.add.at(arriving, (np.minimum(day + lead, days), rows), decision.purchases[rows])
                on_order[rows] += decision.purchases[rows]
                state.purchases.append((day, rows, lead))
                purchase_lines += len(rows)
                units_bought += int(decision.purchases[rows].sum())
        served = np.minimum(shop.demand[day], on_hand)
        on_hand -= served
        log["served"][day], log["lost"][day], log["stock"][day] = served, shop.demand[day] - served, on_hand
    return ReplayLog(
        log["served"], log["lost"], log["stock"], log["received"], log["in"], log["out"],
        purchase_lines, transfer_lines, units_bought,
    )  # fmt: skip


def _transfer(transfers: pd.DataFrame, on_hand: np.ndarray) -> pd.DataFrame:
    """The transfers a source can make from what it holds, in order."""
    if transfers.empty:
        return transfers
    left = on_hand.copy()
    quantity = []
    for source, units in zip(transfers["from"].to_numpy(), transfers["quantity"].to_numpy(), strict=True):
        moved = min(units, max(left[source], 0))
        left[source] -= moved
        quantity.append(moved)
    moved = transfers.assign(quantity=quantity)
    return moved[moved["quantity"] > 0]
