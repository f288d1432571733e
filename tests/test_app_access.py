"""Sign-in, roles and warehouse scope in AppTest: a visitor who is not signed
in sees nothing; a scoped user's crafted link shows nothing of another
warehouse and the totals equal plain SQL over the allowed warehouses; viewers
get no import controls and a read-only plan; admins import."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from planning.__main__ import main as planning
from tests.support.app_db import (  # noqa: F401 (fixtures)
    assert_clean,
    fresh_caches,
    metric_values,
    open_app,
    simulated_database,
)

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "dashboard",
    "client_secret": "secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def secrets_with(users: dict) -> dict:
    return {"auth": AUTH, "access": {"users": users}}


def signed_in(email: str) -> dict:
    return {"is_logged_in": True, "email": email, "name": email.split("@")[0]}


@pytest.fixture(scope="module")
def plan_url(tmp_path_factory) -> str:
    url = simulated_database(tmp_path_factory.mktemp("access"))
    assert planning(["forecast", "--db", url, "--horizon-weeks", "8"]) == 0
    return url


@pytest.fixture
def db(plan_url, monkeypatch) -> str:
    monkeypatch.setenv("INVENTORY_DB_URL", plan_url)
    return plan_url


def codes(url: str) -> list[str]:
    engine = sa.create_engine(url, poolclass=NullPool)
    with engine.connect() as conn:
        found = [row[0] for row in conn.execute(sa.text("SELECT code FROM warehouses ORDER BY code"))]
    engine.dispose()
    return found


def revenue_by_sql(url: str, allowed: list[str], start, end) -> float:
    engine = sa.create_engine(url, poolclass=NullPool)
    with engine.connect() as conn:
        total = conn.execute(
            sa.text(
                "SELECT SUM(l.net_revenue) FROM order_lines l JOIN warehouses w ON w.warehouse_id = l.warehouse_id "
                "WHERE w.code IN :codes AND l.order_date BETWEEN :start AND :end"
            ).bindparams(sa.bindparam("codes", expanding=True)),
            {"codes": allowed, "start": start, "end": end},
        ).scalar()
    engine.dispose()
    return float(Decimal(str(total or 0)))


def test_a_visitor_who_is_not_signed_in_sees_only_the_sign_in_button(db):
    at = open_app(secrets=secrets_with({}), user={"is_logged_in": False})
    assert not at.exception
    assert [button.key for button in at.button] == ["sign_in"]
    assert not at.metric and not at.multiselect


def test_a_signed_in_user_no_rule_names_is_refused(db):
    at = open_app(secrets=secrets_with({}), user=signed_in("eve@example.com"))
    assert "eve@example.com has no access" in at.warning[0].value
    assert not at.metric


def test_a_crafted_link_shows_nothing_of_another_warehouse(db):
    mine, other = codes(db)[0], codes(db)[1]
    for crafted in ({"warehouse": other}, {"warehouse": [other, mine]}, {}):
        at = open_app(query_params=crafted, secrets=secrets_with({"li@example.com": {"role": "viewer",
                      "warehouses": [mine]}}), user=signed_in("li@example.com"))  # fmt: skip
        assert_clean(at)
        (picker,) = [m for m in at.multiselect if m.key == "filter_warehouses"]
        assert picker.options == [mine]
        assert set(picker.value) <= {mine}
        dates = at.date_input(key="filter_dates").value
        assert metric_values(at)["Net revenue"] == pytest.approx(revenue_by_sql(db, [mine], *dates), abs=0.01)
        assert not [e for e in at.expander if "Alert history" in e.label]


def test_a_viewer_gets_no_import_controls_and_a_read_only_plan(db):
    secrets = secrets_with({"v@example.com": {"role": "viewer"}})
    at = open_app("pages/4_Data.py", secrets=secrets, user=signed_in("v@example.com"))
    assert_clean(at)
    assert not at.get("file_uploader")
    assert not [b for b in at.button if b.key == "import"]
    assert "Only admins import data" in at.info[0].value
    at = open_app("pages/6_Replenishment.py", secrets=secrets, user=signed_in("v@example.com"))
    assert_clean(at)
    assert at.data_editor[0].proto.disabled
    assert "plan_abc" not in [slider.key for slider in at.slider]  # no policy settings to recompute the plan


def test_a_planner_edits_the_plan_and_an_admin_imports(db):
    secrets = secrets_with({"p@example.com": {"role": "planner"}, "a@example.com": {"role": "admin"}})
    at = open_app("pages/6_Replenishment.py", secrets=secrets, user=signed_in("p@example.com"))
    assert_clean(at)
    assert "plan_abc" in [slider.key for slider in at.slider]
    assert not at.data_editor[0].proto.disabled
    at = open_app("pages/4_Data.py", secrets=secrets, user=signed_in("p@example.com"))
    assert not at.get("file_uploader")
    at = open_app("pages/4_Data.py", secrets=secrets, user=signed_in("a@example.com"))
    assert_clean(at)
    assert at.get("file_uploader")
