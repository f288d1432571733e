"""The shop's settings stored with its data, on DuckDB, SQLite and PostgreSQL:
written and replaced in the caller's transaction, kept when the data is
replaced, read by the service with its defaults and INVENTORY_CURRENCY;
stored by `python -m sample_data` (EUR and the European calendar, or CNY and
the Chinese one) and by the importer, which refuses a currency other than the
one the data is in and warns about symbols that cannot be the shop's."""

from __future__ import annotations

from datetime import date

import pytest

from data_access.bulk import delete_all_rows, write_dataset
from data_access.engine import connect, make_engine, transaction
from data_access.importer import OptionProblem
from data_access.importer.__main__ import main
from data_access.importer.currency import currencies_of, currency_mismatch
from data_access.migrations import prepare_schema
from data_access.shop_settings import CALENDAR, CURRENCY, check_currency, read_settings, write_settings
from sample_data.build import generate_into
from sample_data.simulator import SimulationConfig
from services.reads import ConnectionReads
from services.shop import CURRENCY_ENV_VAR, Shop, ShopSettingsError, shop
from tests.fixtures_import import SALES_AND_STOCK, dump, import_text, plan_text, write_file
from tests.support.dataset import make_test_dataset

TINY = dict(products=6, warehouses=2, days=40, end_date=date(2025, 12, 31), seed=3)
YUAN_SALES = "Date,SKU,Qty,Price\n2025-03-01,A-1,2,¥12.50\n2025-03-02,A-1,1,￥12.50\n"


def _engine(url: str):
    engine = make_engine(url)
    prepare_schema(engine)
    return engine


def _settings(engine) -> dict[str, str]:
    with connect(engine) as conn:
        return read_settings(conn)


def _shop(engine) -> Shop:
    with connect(engine) as conn:
        return shop(ConnectionReads(conn))


# --- storage --------------------------------------------------------------------------------------


def test_settings_start_empty_and_are_written_and_replaced(backend, new_database):
    engine = _engine(new_database(backend))
    assert _settings(engine) == {}

    with transaction(engine) as conn:
        write_settings(conn, {CURRENCY: "CNY", CALENDAR: "china"})
    with transaction(engine) as conn:
        write_settings(conn, {CURRENCY: "JPY"})

    assert _settings(engine) == {CURRENCY: "JPY", CALENDAR: "china"}
    engine.dispose()


def test_settings_are_written_with_their_transaction_or_not_at_all(backend, new_database):
    engine = _engine(new_database(backend))
    with pytest.raises(RuntimeError):
        with transaction(engine) as conn:
            write_settings(conn, {CURRENCY: "CNY"})
            raise RuntimeError("the import fails after storing its currency")
    assert _settings(engine) == {}
    engine.dispose()


def test_emptying_the_data_keeps_the_settings(backend, new_database):
    url = new_database(backend)
    engine = _engine(url)
    with transaction(engine) as conn:
        write_dataset(conn, make_test_dataset())
        write_settings(conn, {CURRENCY: "GBP"})
    with transaction(engine) as conn:
        delete_all_rows(conn)
    assert _settings(engine) == {CURRENCY: "GBP"}
    assert all(not rows for name, rows in dump(url).items() if name != "shop_settings")
    engine.dispose()


# --- the service ------------------------------------------------------------------------------------


def test_the_service_gives_defaults_stored_values_and_the_override(backend, new_database, monkeypatch):
    monkeypatch.delenv(CURRENCY_ENV_VAR, raising=False)
    engine = _engine(new_database(backend))
    assert _shop(engine) == Shop("EUR", "europe", currency_stored=False)  # as the dashboard always showed

    with transaction(engine) as conn:
        write_settings(conn, {CURRENCY: "CNY", CALENDAR: "china"})
    assert _shop(engine) == Shop("CNY", "china", currency_stored=True)

    monkeypatch.setenv(CURRENCY_ENV_VAR, " usd ")
    assert _shop(engine) == Shop("USD", "china", currency_stored=True)
    monkeypatch.setenv(CURRENCY_ENV_VAR, "dollars")
    with pytest.raises(ShopSettingsError, match="INVENTORY_CURRENCY: 'dollars' is not a currency code"):
        _shop(engine)
    engine.dispose()


def test_a_calendar_this_version_does_not_know_is_named(new_database):
    engine = _engine(new_database("duckdb"))
    with transaction(engine) as conn:
        write_settings(conn, {CALENDAR: "mars"})
    with pytest.raises(ShopSettingsError, match="'mars'"):
        _shop(engine)
    engine.dispose()


def test_currency_codes_are_checked_against_cldr():
    assert check_currency(" cny ") == "CNY"
    with pytest.raises(ValueError, match="'ABC' is not a currency code"):
        check_currency("ABC")


# --- the sample shops -------------------------------------------------------------------------------


def test_sample_data_stores_its_currency_and_calendar_and_a_replace_changes_them(backend, new_database):
    url = new_database(backend)
    generate_into(url, SimulationConfig(**TINY), replace=False)
    engine = make_engine(url)
    assert _settings(engine) == {CURRENCY: "EUR", CALENDAR: "europe"}

    summary = generate_into(url, SimulationConfig(**TINY, locale="zh"), replace=True)

    assert _settings(engine) == {CURRENCY: "CNY", CALENDAR: "china"}
    assert "amounts in CNY; retail calendar: china" in summary.format()
    engine.dispose()


# --- the importer -----------------------------------------------------------------------------------


def test_an_import_stores_its_currency_and_refuses_another_leaving_the_data_as_it_was(backend, new_database):
    url = new_database(backend)
    report = import_text(url, SALES_AND_STOCK, currency="eur")
    assert report.currency == "EUR"
    before = dump(url)

    with pytest.raises(OptionProblem, match="amounts are in EUR, not CNY"):
        import_text(url, YUAN_SALES, currency="CNY")
    assert dump(url) == before

    assert import_text(url, YUAN_SALES).currency == "EUR"  # without a currency: the stored one stays
    replaced = import_text(url, YUAN_SALES, currency="CNY", mode="replace")
    engine = make_engine(url)
    assert replaced.currency == "CNY" and _settings(engine) == {CURRENCY: "CNY"}
    engine.dispose()


def test_a_dry_run_stores_no_currency(new_database):
    url = new_database("duckdb")
    assert import_text(url, SALES_AND_STOCK, currency="CNY", dry_run=True).currency == "CNY"
    engine = make_engine(url)
    assert _settings(engine) == {}
    engine.dispose()


def test_the_file_s_currency_symbols_are_kept_in_its_plan():
    assert plan_text(YUAN_SALES).currency_marks == ("¥",)  # the full-width ￥ is the same sign
    assert plan_text(SALES_AND_STOCK).currency_marks == ()


@pytest.mark.parametrize(
    "mark, codes",
    [("¥", {"CNY", "JPY"}), ("€", {"EUR"}), ("元", {"CNY"}), ("RMB", {"CNY"}), ("HK$", {"HKD"}), ("eur", {"EUR"})],
)
def test_a_mark_names_the_currencies_written_with_it(mark, codes):
    assert currencies_of(mark) == codes
    assert "USD" in currencies_of("$") and "EUR" not in currencies_of("$")


def test_symbols_that_cannot_be_the_shop_s_currency_are_named():
    assert currency_mismatch(["¥"], "CNY") is None
    assert currency_mismatch(["EUR", "€"], "EUR") is None
    warning = currency_mismatch(["¥", "€"], "EUR")
    assert warning.startswith("The file's amounts carry ¥ (CNY or JPY), but the shop's amounts are in EUR")


def test_the_command_stores_warns_and_refuses(tmp_path, capsys):
    url = f"duckdb:///{tmp_path / 'shop.duckdb'}"
    yuan = write_file(tmp_path, "yuan.csv", YUAN_SALES)

    assert main([str(yuan), "--db", url]) == 0
    assert "currency:      none stored, so the dashboard shows amounts in EUR" in capsys.readouterr().out

    assert main([str(yuan), "--db", url, "--currency", "eur"]) == 0
    out = capsys.readouterr().out
    assert "currency:      EUR" in out
    assert "Warning: The file's amounts carry ¥ (CNY or JPY), but the shop's amounts are in EUR." in out

    before = dump(url)
    assert main([str(yuan), "--db", url, "--currency", "CNY"]) == 2
    assert "Error: The database's amounts are in EUR, not CNY" in capsys.readouterr().err
    assert main([str(yuan), "--db", url, "--currency", "yuan"]) == 2
    assert "--currency: 'yuan' is not a currency code" in capsys.readouterr().err
    assert dump(url) == before
