"""The replay: its day-by-day accounting on a hand-made shop (demand = served +
lost; stock moves only by what arrives, moves and sells), the min/max rule
against a hand computation, the shared lead-time draw, and on a simulated
shop: both policies face the same true demand, and `python -m planning
replay` keeps its JSON contract and exit codes."""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from analytics.lead_time_draws import DeliveryDays, delivery_days, draw_lead_times
from analytics.policy import PolicySettings
from analytics.replay.engine import Decision, ReplayShop, SupplierBehaviour, replay
from analytics.replay.policies import MinMax
from analytics.replay.scores import SCORES, flow_balances, scores
from planning.__main__ import main as planning
from services import replay as replays
from tests.support.app_db import edge_case_database, simulated_database

FIRST_DAY = date(2026, 3, 2)  # a Monday


def _shop(demand: list[list[float]], on_hand: list[float], *, nominal: list[int], open_orders=None) -> ReplayShop:
    days, size = len(demand), len(on_hand)
    positions = pd.DataFrame({
        "product_id": [1] * size, "warehouse_id": list(range(1, size + 1)), "supplier": "S", "unit_cost": 2.0,
        "pack_size": 10, "min_order_qty": 1, "lead_time_days": nominal,
    })  # fmt: skip
    always_on_time = SupplierBehaviour(
        np.array(nominal), np.ones(size), np.ones(size), np.zeros(size, dtype=int), np.zeros(size, dtype=int)
    )
    return ReplayShop(
        positions=positions,
        first_day=FIRST_DAY,
        demand=np.array(demand, dtype=float),
        peak=np.arange(days) >= days - 2,
        review=np.arange(days) % 7 == 0,
        on_hand=np.array(on_hand, dtype=float),
        open_orders=open_orders if open_orders is not None else pd.DataFrame({"row": [], "day": [], "quantity": []}),
        suppliers=always_on_time,
        deliveries=DeliveryDays(np.arange(days)),
        transfer_lead_days=2,
    )


class _Fixed:
    """Orders 30 units for position 0 and moves 4 from position 1 to 0 at every review."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, list[float], list[float]]] = []

    def decide(self, state) -> Decision:
        self.seen.append((state.day, state.on_hand.tolist(), state.on_order.tolist()))
        return Decision(np.array([30.0, 0.0]), pd.DataFrame({"from": [1], "to": [0], "quantity": [4]}))


def test_the_accounting_of_one_replay_by_hand():
    demand = [[5, 1]] * 9
    open_orders = pd.DataFrame({"row": [1], "day": [3], "quantity": [6]})
    shop = _shop(demand, [12, 10], nominal=[3, 3], open_orders=open_orders)
    policy = _Fixed()
    log = replay(shop, policy, seed=1)
    # Position 0: 12 at the start; day 0 review orders 30 (arrives day 3) and pulls 4 from position 1 (day 2).
    # Day 7 review: 30 more (day 10, after the replay) and 4 more (day 9, after it).
    # The open order of 6 for position 1 arrives on day 3.
    served0 = [5, 5, 5, 5, 5, 5, 5, 5, 5]
    stock0 = [7, 2, 1, 26, 21, 16, 11, 6, 1]
    assert log.served[:, 0].tolist() == served0 and log.stock[:, 0].tolist() == stock0
    assert log.lost[:, 0].sum() == 0
    # Position 1: 10 - 4 moved out on day 0, 1 a day, 6 arrive on day 3, 4 more leave on day 7.
    assert log.stock[:, 1].tolist() == [5, 4, 3, 8, 7, 6, 5, 0, 0]
    assert log.lost[:, 1].tolist() == [0] * 8 + [1]
    assert flow_balances(shop, log)
    assert np.allclose(log.served + log.lost, shop.demand)
    assert policy.seen == [(0, [12.0, 10.0], [0.0, 6.0]), (7, [11.0, 5.0], [0.0, 0.0])]  # the day before's end
    result = scores(shop, log)
    assert set(SCORES) <= set(result)
    assert result["fill_rate"] == pytest.approx(53 / 54, abs=1e-4)
    assert result["peak_fill_rate"] == pytest.approx(11 / 12, abs=1e-4)
    assert result["stockout_days"] == 2  # position 1 ended days 7 and 8 empty
    assert result["avg_inventory_value"] == pytest.approx(2 * (sum(stock0) + 38) / 9, abs=0.01)
    assert (result["orders"], result["transfers"]) == (2, 2)


def test_a_transfer_never_takes_more_than_the_source_holds():
    shop = _shop([[0, 0]] * 3, [0, 3], nominal=[2, 2])

    class Greedy:
        def decide(self, state) -> Decision:
            return Decision(np.zeros(2), pd.DataFrame({"from": [1], "to": [0], "quantity": [10]}))

    log = replay(shop, Greedy(), seed=1)
    assert log.transferred_out[:, 1].sum() == 3 and log.transferred_in[:, 0].sum() == 3
    assert flow_balances(shop, log)


def test_min_max_by_hand():
    # 2 a day for the last 30 days, nominal lead 5: min = 2 x 5 + 7 x 2 = 24, max = 24 + 30 x 2 = 84.
    shop = _shop([[2]] * 8, [20], nominal=[5])
    policy = MinMax(shop, np.full((30, 1), 2.0))
    first = policy.decide(_state(shop, day=0, on_hand=[20.0], on_order=[0.0]))
    assert first.purchases.tolist() == [70]  # 84 - 20 = 64, in packs of 10
    covered = policy.decide(_state(shop, day=0, on_hand=[20.0], on_order=[5.0]))
    assert covered.purchases.tolist() == [0]  # 25 > 24


def _state(shop, day, on_hand, on_order):
    from analytics.replay.engine import ReplayState

    nothing_yet = np.zeros_like(shop.demand)
    return ReplayState(day, np.array(on_hand), np.array(on_order), nothing_yet, nothing_yet)


def test_deliveries_due_while_suppliers_are_closed_arrive_the_day_after():
    """A Chinese shop's suppliers close around the Spring Festival (17 Feb 2026: closed 10 to 24 Feb)."""
    closed = _shop([[0]] * 40, [0], nominal=[12])
    closed = ReplayShop(**{**closed.__dict__, "first_day": date(2026, 2, 2),
                           "deliveries": delivery_days("china", date(2026, 2, 2), 40)})  # fmt: skip

    class Once:
        def decide(self, state) -> Decision:
            return Decision.purchases_only(np.array([10.0 if state.day == 0 else 0.0]))

    log = replay(closed, Once(), seed=1)
    assert np.flatnonzero(log.received[:, 0]).tolist() == [23]  # due on 14 Feb, delivered on 25 Feb


def test_lead_times_are_drawn_as_the_simulator_draws_them():
    behaviour = SupplierBehaviour(
        np.array([10, 20]), np.array([0.5, 0.9]), np.array([4.0, 7.0]), np.array([2, 2]), np.array([60, 60])
    )
    rows = np.array([0, 1, 1, 0])
    ours = behaviour.draw(np.random.default_rng(3), rows)
    theirs = draw_lead_times(np.random.default_rng(3), np.array([10, 20, 20, 10]), np.array([0.5, 0.9, 0.9, 0.5]),
                             np.array([4.0, 7.0, 7.0, 4.0]), 2, 60)  # fmt: skip
    assert ours.tolist() == theirs.tolist() and (ours >= 1).all()


# --- on a simulated shop ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def shop_url(tmp_path_factory) -> str:
    return simulated_database(tmp_path_factory.mktemp("replay"))


def test_both_policies_face_the_same_true_demand_and_balance(shop_url):
    from data_access.engine import make_engine

    engine = make_engine(shop_url)
    shop, plan, min_max = replays._prepare(engine, 4, PolicySettings())
    engine.dispose()
    first, last = replays.replay_window(date(2025, 12, 31), 4)
    assert (shop.first_day, shop.days) == (first, 28) and first.weekday() == 0 and last.weekday() == 6
    raw = sa.create_engine(shop_url, poolclass=NullPool)
    with raw.connect() as conn:
        truth = conn.execute(
            sa.text("SELECT sum(units) FROM sim_true_demand WHERE demand_date BETWEEN :a AND :b"),
            {"a": first, "b": last},
        ).scalar_one()
    raw.dispose()
    assert shop.demand.sum() == truth
    logs = {name: replay(shop, policy, seed=replays.SEED) for name, policy in (("min_max", min_max), ("plan", plan))}
    for log in logs.values():
        assert flow_balances(shop, log)
        assert log.served.sum() + log.lost.sum() == pytest.approx(truth)
    assert shop.review.sum() == 4 and all(
        (first + timedelta(days=int(day))).weekday() == 0 for day in np.flatnonzero(shop.review)
    )


def test_the_replay_command_keeps_its_contract(shop_url, tmp_path, capsys):
    out = tmp_path / "replay.json"
    assert planning(["replay", "--db", shop_url, "--weeks", "4", "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    assert result["weeks"] == 4
    assert set(result["policies"]) == {"min_max", "plan"}
    for scores_ in result["policies"].values():
        assert {"fill_rate", "peak_fill_rate", "stockout_days", "avg_inventory_value", "orders"} <= set(scores_)
        assert 0 < scores_["fill_rate"] <= 1
        assert scores_["units_served"] + scores_["units_lost"] == scores_["units_demanded"]
    demanded = {name: s["units_demanded"] for name, s in result["policies"].items()}
    assert demanded["min_max"] == demanded["plan"] > 0
    assert "Fill rate" in capsys.readouterr().out


def test_imported_data_cannot_be_replayed(tmp_path, capsys):
    url = edge_case_database(tmp_path)
    assert planning(["replay", "--db", url]) == 1
    assert "no simulator ground truth" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["--weeks", "0"], ["--weeks", "many"], ["--json", "/no/such/folder/out.json"]])
def test_bad_usage_exits_2(shop_url, args, capsys):
    code = planning(["replay", "--db", shop_url, *args]) if "--json" in args else None
    if code is None:
        with pytest.raises(SystemExit) as exit_:
            planning(["replay", "--db", shop_url, *args])
        code = exit_.value.code
    assert code == 2
    assert "error" in capsys.readouterr().err
