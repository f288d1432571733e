"""Roles and warehouse scope: the `[access]` settings, and the scope enforced
where the SQL is built, on every backend, checked against independent SQL
over the allowed warehouses only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from analytics.stock_health import StockPolicy
from data_access import sales
from data_access.bulk import write_dataset
from data_access.engine import connect, make_engine, transaction
from data_access.filters import Filters
from data_access.migrations import prepare_schema
from data_access.positions import stock_positions
from services import overview
from services.access import LOCAL_ACCESS, Access, AccessError, Role, settings_from
from services.reads import ConnectionReads
from tests.conftest import BACKENDS
from tests.support.dataset import FIRST_DAY, LAST_DAY, make_test_dataset

SECTION = {
    "group_claim": "roles",
    "users": {
        "Ana@Example.com": {"role": "admin"},
        "li@example.com": {"role": "viewer", "warehouses": ["MAD"]},
    },
    "groups": {
        "berlin": {"role": "planner", "warehouses": ["BER"]},
        "paris": {"role": "viewer", "warehouses": ["PAR"]},
        "head-office": {"role": "viewer", "warehouses": "*"},
    },
}


def test_a_user_matches_by_email_before_any_group():
    settings = settings_from(SECTION)
    assert settings.access_for({"email": "ana@example.com", "roles": ["paris"]}) == Access(
        "ana@example.com", Role.ADMIN, None
    )
    assert settings.access_for({"email": "li@example.com", "roles": ["berlin"]}) == Access(
        "li@example.com", Role.VIEWER, ("MAD",)
    )


def test_groups_give_the_highest_role_and_the_union_of_their_warehouses():
    settings = settings_from(SECTION)
    access = settings.access_for({"email": "bo@example.com", "roles": ["paris", "berlin"]})
    assert access == Access("bo@example.com", Role.PLANNER, ("BER", "PAR"))
    assert access.can_edit_plans and not access.can_import
    assert settings.access_for({"email": "x@example.com", "roles": ["paris", "head-office"]}).warehouses is None
    assert settings.access_for({"email": "x@example.com", "roles": "berlin"}).warehouses == ("BER",)


def test_an_unknown_user_has_no_access_unless_a_default_role_is_set():
    assert settings_from(SECTION).access_for({"email": "eve@example.com", "roles": ["unknown"]}) is None
    assert settings_from(SECTION).access_for({"sub": "no-email"}) is None
    relaxed = settings_from({"default_role": "viewer", "default_warehouses": ["PAR"]})
    assert relaxed.access_for({"email": "eve@example.com"}) == Access("eve@example.com", Role.VIEWER, ("PAR",))


def test_without_sign_in_the_local_user_is_an_admin_of_every_warehouse():
    assert LOCAL_ACCESS.role == Role.ADMIN and LOCAL_ACCESS.warehouses is None and LOCAL_ACCESS.can_import


@pytest.mark.parametrize(
    "section, problem",
    [
        ({"users": {"a@b.c": {"role": "owner"}}}, "role must be one of viewer, planner, admin"),
        ({"groups": {"g": {"role": "viewer", "warehouses": []}}}, "non-empty list of warehouse codes"),
        ({"groups": {"g": {"role": "viewer", "warehouses": "BER"}}}, "non-empty list of warehouse codes"),
        ({"roles": {}}, "unknown keys roles"),
        ({"users": ["a@b.c"]}, "must hold tables"),
    ],
)
def test_bad_settings_name_the_problem(section, problem):
    with pytest.raises(AccessError, match=problem):
        settings_from(section)


def test_a_scope_drops_other_warehouses_and_an_empty_selection_means_all_allowed():
    f = Filters(FIRST_DAY, LAST_DAY)
    assert f.within(None) == f
    assert f.within(("MAD", "BER")).warehouses == ("BER", "MAD")
    assert Filters(FIRST_DAY, LAST_DAY, warehouses=("PAR", "MAD")).within(("MAD", "BER")).warehouses == ("MAD",)
    assert Filters(FIRST_DAY, LAST_DAY, warehouses=("PAR",)).within(("MAD",)).warehouses == ("MAD",)
    with pytest.raises(ValueError):
        f.within(())


@pytest.fixture(scope="module", params=BACKENDS)
def engine(request, new_database):
    engine = make_engine(new_database(request.param))
    prepare_schema(engine)
    with transaction(engine) as conn:
        write_dataset(conn, make_test_dataset())
    yield engine
    engine.dispose()


def _independent_revenue(conn, allowed: tuple[str, ...], start: date, end: date) -> Decimal:
    total = conn.execute(
        sa.text(
            "SELECT SUM(l.net_revenue) FROM order_lines l JOIN warehouses w ON w.warehouse_id = l.warehouse_id "
            "WHERE w.code IN :codes AND l.order_date BETWEEN :start AND :end"
        ).bindparams(sa.bindparam("codes", expanding=True)),
        {"codes": list(allowed), "start": start, "end": end},
    ).scalar()
    return Decimal(str(total or 0))


@pytest.mark.parametrize("allowed", [("MAD",), ("BER", "PAR")])
@pytest.mark.parametrize("picked", [(), ("PAR",), ("MAD", "PAR")])
def test_scoped_queries_and_services_read_only_the_allowed_warehouses(engine, allowed, picked):
    f = Filters(FIRST_DAY, LAST_DAY, warehouses=picked).within(allowed)
    assert set(f.warehouses) <= set(allowed)
    shown = tuple(w for w in picked if w in allowed) or allowed
    with connect(engine) as conn:
        totals = sales.sales_totals(conn, f)
        assert Decimal(str(totals["revenue"])).quantize(Decimal("0.01")) == _independent_revenue(
            conn, shown, FIRST_DAY, LAST_DAY
        ).quantize(Decimal("0.01"))
        headline = overview.headline(ConnectionReads(conn), f, StockPolicy())
        assert Decimal(str(headline.revenue)).quantize(Decimal("0.01")) == _independent_revenue(
            conn, shown, FIRST_DAY, LAST_DAY
        ).quantize(Decimal("0.01"))
        positions = stock_positions(conn, f, LAST_DAY, 28)
        assert set(positions["warehouse"]) <= set(shown)
