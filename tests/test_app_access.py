"""Sign-in, roles and warehouse scope in AppTest: a visitor who is not signed
in sees nothing; a scoped user's crafted link shows nothing of another
warehouse and the totals equal plain SQL over the allowed warehouses; viewers
get no import controls and a read-only plan; admins import."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from streamlit.testing.v1 import AppTest

from data_access.importer.mappings import SavedMapping, list_mappings, save_mapping
from planning.__main__ import main as planning
from tests.support.app_db import (  # noqa: F401 (fixtures)
    APP_PATH,
    assert_clean,
    fresh_caches,
    metric_values,
    open_app,
    simulated_database,
    table,
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


def test_only_an_admin_is_shown_where_the_database_is(db):
    secrets = secrets_with({"v@example.com": {"role": "viewer"}, "a@example.com": {"role": "admin"}})
    shown = {}
    for email in ("v@example.com", "a@example.com"):
        at = open_app(secrets=secrets, user=signed_in(email))
        assert_clean(at)
        shown[email] = [c.value for c in at.sidebar.caption if c.value.startswith("Database:")]
    assert shown["v@example.com"] == []
    assert len(shown["a@example.com"]) == 1 and shown["a@example.com"][0].endswith(".duckdb`")


def scalar(url: str, sql: str, **params):
    engine = sa.create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        value = conn.execute(sa.text(sql), params).scalar()
    engine.dispose()
    return value


def scoped_to(code: str) -> dict:
    return secrets_with({"s@example.com": {"role": "planner", "warehouses": [code]}})


def test_a_scoped_users_sidebar_shows_their_sales_span_and_their_warehouses(plan_url, tmp_path, monkeypatch):
    """One warehouse's sales end on 15 Dec, the shop's on 31 Dec: its user is told 15 Dec."""
    url = f"duckdb:///{tmp_path / 'uneven.duckdb'}"
    shutil.copy(sa.engine.make_url(plan_url).database, sa.engine.make_url(url).database)
    mine = codes(url)[0]
    scalar(url, "DELETE FROM order_lines WHERE order_date > :day AND warehouse_id = "
                "(SELECT warehouse_id FROM warehouses WHERE code = :code)", day=date(2025, 12, 15), code=mine)
    monkeypatch.setenv("INVENTORY_DB_URL", url)
    for lang, placeholder in (("en", "All my warehouses (1)"), ("zh", "我的全部仓库（1 个）")):
        at = open_app(query_params={"lang": lang}, secrets=scoped_to(mine), user=signed_in("s@example.com"))
        assert_clean(at)
        captions = " ".join(c.value for c in at.sidebar.caption)  # the sales span and the default range
        assert ("15 Dec 2025" if lang == "en" else "12月15日") in captions
        assert "31 Dec" not in captions and "12月31日" not in captions, captions
        (picker,) = [m for m in at.multiselect if m.key == "filter_warehouses"]
        assert picker.proto.placeholder == placeholder
    at = open_app(secrets=secrets_with({"a@example.com": {"role": "admin"}}), user=signed_in("a@example.com"))
    assert [c.value for c in at.sidebar.caption if "31 Dec 2025" in c.value]  # the shop's span for everyone else
    (picker,) = [m for m in at.multiselect if m.key == "filter_warehouses"]
    assert picker.proto.placeholder == "All warehouses"


def test_the_forecast_counts_only_the_series_of_the_users_warehouses(db):
    mine = codes(db)[0]
    ours = scalar(db, "SELECT COUNT(*) FROM forecast_series s JOIN warehouses w USING (warehouse_id) "
                      "WHERE w.code = :code AND s.run_id = (SELECT MAX(run_id) FROM forecast_runs)", code=mine)
    every = scalar(db, "SELECT series FROM forecast_runs ORDER BY run_id DESC LIMIT 1")
    assert 0 < ours < every
    for secrets, email, expected in ((scoped_to(mine), "s@example.com", ours),
                                     (secrets_with({"a@example.com": {"role": "admin"}}), "a@example.com", every)):
        at = open_app("pages/5_Forecast.py", secrets=secrets, user=signed_in(email))
        assert_clean(at)
        assert [c.value for c in at.caption if f": {expected} product x warehouse series" in c.value]


def test_transfers_do_not_name_a_warehouse_the_user_may_not_see(db):
    """The scoped user's warehouse ships to and receives from others: the page
    says "another warehouse" and shows none of the other's stock, and the
    tile counts only the user's own positions below their reorder point."""
    every = codes(db)
    moves = {code: scalar(db, "SELECT COUNT(*) FROM plan_transfers t JOIN warehouses a ON a.warehouse_id = "
                              "t.from_warehouse_id JOIN warehouses b ON b.warehouse_id = t.to_warehouse_id "
                              "WHERE a.code = :code OR b.code = :code", code=code) for code in every}  # fmt: skip
    mine = max(every, key=moves.get)
    at = open_app("pages/6_Replenishment.py", secrets=scoped_to(mine), user=signed_in("s@example.com"))
    assert_clean(at)
    shown = table(at, "plan_transfers")
    assert len(shown) == moves[mine]
    partners = set(shown["from_warehouse"]) | set(shown["to_warehouse"])
    assert partners == {mine, "another warehouse"}
    assert ((shown["from_warehouse"] == mine) != (shown["to_warehouse"] == mine)).all()
    text = shown.astype(str).to_string()
    assert not [code for code in every if code != mine and code in text]
    incoming = shown[shown["to_warehouse"] == mine]
    assert incoming["why"].str.startswith("another warehouse holds more than its order-up-to level;").all()
    short = scalar(db, "SELECT COUNT(*) FROM (SELECT product_id, warehouse_id FROM plan_purchases WHERE reason = "
                       "'below-reorder-point' UNION SELECT product_id, to_warehouse_id FROM plan_transfers) s "
                       "JOIN warehouses w USING (warehouse_id) WHERE w.code = :code", code=mine)  # fmt: skip
    assert metric_values(at)["Below reorder point"] == short


def test_a_user_whose_warehouses_hold_no_data_is_told_so_not_that_the_shop_is_empty(db):
    at = open_app(secrets=scoped_to("NOWHERE"), user=signed_in("s@example.com"))
    assert not at.exception and not at.metric
    assert "Your warehouses (NOWHERE) have no sales or stock yet" in at.info[0].value
    assert not [c.value for c in at.sidebar.caption if "Dec 2025" in c.value]


def test_only_an_admin_can_delete_a_saved_mapping_even_with_a_crafted_session(db, tmp_path, monkeypatch):
    monkeypatch.setenv("INVENTORY_MAPPINGS_DIR", str(tmp_path / "mappings"))
    save_mapping(SavedMapping("Shop export", {"date": "Date", "sku": "SKU", "on_hand": "Stock"}))
    secrets = secrets_with({"p@example.com": {"role": "planner"}, "a@example.com": {"role": "admin"}})
    at = AppTest.from_file(APP_PATH, default_timeout=30)  # a planner's session with the controls' state set
    at.secrets.update(secrets)
    at.user = signed_in("p@example.com")
    at.session_state["delete_mapping_name"] = "Shop export"
    at.session_state["confirm_delete_mapping"] = True
    at.switch_page("pages/4_Data.py")
    at.run()
    assert not at.exception
    assert not [b for b in at.button if b.key == "delete_mapping"]
    at.run()
    assert [m.name for m in list_mappings()] == ["Shop export"]
    at = open_app("pages/4_Data.py", secrets=secrets, user=signed_in("a@example.com"))
    assert_clean(at)
    at.checkbox(key="confirm_delete_mapping").check().run()
    at.button(key="delete_mapping").click().run()
    assert list_mappings() == []
