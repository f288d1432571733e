"""The suppliers table on every backend: revision 0008 fills it from every
name on products and purchase orders (up, down, up), and loads register the
names they bring (the sample shop, an import, a replace)."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from data_access.bulk import Dataset, delete_all_rows, write_dataset
from data_access.engine import connect, make_engine, transaction
from data_access.migrations import downgrade, upgrade
from data_access.suppliers import register_suppliers
from tests.fixtures_import import SALES_AND_STOCK, import_text
from tests.support.dataset import make_test_dataset

BEFORE, REVISION = "0006_replenishment_plans", "0008_suppliers"


def _odd_names(dataset: Dataset) -> Dataset:
    """Names only on orders, with spaces, in Chinese, differing by case, and none at all."""
    products = dataset.frames["products"].copy()
    orders = dataset.frames["purchase_orders"].copy()
    products.loc[0, "supplier"] = "  Spaced Supplier "
    products.loc[1, "supplier"] = "供应商甲"
    products.loc[2, "supplier"] = None
    orders.loc[0, "supplier"] = "Only On Orders"
    orders.loc[1, "supplier"] = "supplier 1"
    orders.loc[2, "supplier"] = None
    return Dataset({**dataset.frames, "products": products, "purchase_orders": orders})


DATASET = _odd_names(make_test_dataset())


def _names(dataset: Dataset) -> set[str]:
    frames = (dataset.frames["products"], dataset.frames["purchase_orders"])
    return {name for frame in frames for name in frame["supplier"].dropna()}


def _stored(engine) -> pd.DataFrame:
    with connect(engine) as conn:
        rows = conn.execute(sa.text("SELECT supplier_id, name FROM suppliers ORDER BY supplier_id")).all()
    return pd.DataFrame(rows, columns=["supplier_id", "name"])


def _tables(engine) -> set[str]:
    with connect(engine) as conn:
        return set(sa.inspect(conn).get_table_names())


def test_the_revision_keeps_every_name_up_down_and_up(backend, new_database):
    engine = make_engine(new_database(backend, empty=True))
    upgrade(engine, BEFORE)
    with transaction(engine) as conn:
        write_dataset(conn, DATASET)  # 0006's schema: no suppliers table to register in
    upgrade(engine, REVISION)
    stored = _stored(engine)
    assert set(stored["name"]) == _names(DATASET) and stored["name"].is_unique
    assert list(stored["supplier_id"]) == list(range(1, len(stored) + 1))
    assert {"  Spaced Supplier ", "供应商甲", "Only On Orders", "supplier 1", "Supplier 1"} <= set(stored["name"])
    downgrade(engine, BEFORE)
    assert "suppliers" not in _tables(engine)
    upgrade(engine, REVISION)
    assert _stored(engine).equals(stored)
    engine.dispose()


def test_loads_register_new_names_and_keep_the_old_ids(backend, new_database):
    engine = make_engine(new_database(backend, empty=True))
    upgrade(engine)
    with transaction(engine) as conn:
        write_dataset(conn, DATASET)
    first = _stored(engine)
    assert set(first["name"]) == _names(DATASET)
    with transaction(engine) as conn:
        conn.execute(sa.text("UPDATE purchase_orders SET supplier = 'Brand New' WHERE po_id = 5"))
        register_suppliers(conn)
        register_suppliers(conn)  # nothing new the second time
    second = _stored(engine)
    assert second.iloc[: len(first)].equals(first)
    assert list(second["name"].iloc[len(first):]) == ["Brand New"]
    assert second["supplier_id"].iloc[-1] == len(first) + 1
    with transaction(engine) as conn:
        delete_all_rows(conn)
    assert _stored(engine).empty
    engine.dispose()


def test_an_import_keeps_accepting_names_and_new_ones_create_suppliers(backend, new_database):
    url = new_database(backend)
    import_text(url, SALES_AND_STOCK)
    import_text(url, "SKU,Product name,Supplier\nA-1,Garden hose,Acme\n", name="products.csv")
    orders = "Supplier,SKU,Warehouse,Ordered on,Qty\nNewco Ltd,A-1,BER,2025-02-20,100\n,A-1,BER,2025-02-21,5\n"
    import_text(url, orders, name="orders.csv")
    engine = make_engine(url)
    assert list(_stored(engine)["name"]) == ["Acme", "Newco Ltd"]
    engine.dispose()
