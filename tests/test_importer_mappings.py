"""Saved mappings (JSON files in a configurable folder) and the downloadable
templates, which must import cleanly as they are."""

from __future__ import annotations

import pytest

from data_access.engine import make_engine
from data_access.importer import OptionProblem, guess_mapping, plan_import, read_bytes, run_import
from data_access.importer.mappings import SavedMapping, list_mappings, load_mapping, mappings_dir, save_mapping
from data_access.importer.shapes import Shape
from data_access.importer.templates import TEMPLATES, template_csv, template_file_name
from tests.fixtures_import import dump


@pytest.fixture(autouse=True)
def mappings_folder(tmp_path, monkeypatch):
    folder = tmp_path / "mappings"
    monkeypatch.setenv("INVENTORY_MAPPINGS_DIR", str(folder))
    return folder


def test_a_saved_mapping_round_trips(mappings_folder):
    saved = SavedMapping("Shop export (März)", {"date": "Datum", "sku": "Artikel", "quantity": "Menge"}, "DMY")
    path = save_mapping(saved)
    assert path.parent == mappings_folder == mappings_dir()
    assert load_mapping("shop export (märz)") == saved
    assert list_mappings() == [saved]
    assert saved.fits(["Datum", "Artikel", "Menge", "Extra"]) and not saved.fits(["Datum", "Artikel"])


def test_saving_again_under_the_same_name_replaces(mappings_folder):
    save_mapping(SavedMapping("ERP", {"sku": "Item"}))
    save_mapping(SavedMapping("erp", {"sku": "Item No"}))
    assert [m.mapping for m in list_mappings()] == [{"sku": "Item No"}]


def test_names_cannot_leave_the_folder(mappings_folder):
    path = save_mapping(SavedMapping("../../etc/passwd", {"sku": "SKU"}))
    assert path.parent == mappings_folder
    with pytest.raises(OptionProblem, match="at least one letter or digit"):
        save_mapping(SavedMapping("../..", {"sku": "SKU"}))


def test_damaged_or_unknown_files_are_skipped_in_the_list_and_refused_by_name(mappings_folder):
    save_mapping(SavedMapping("good", {"sku": "SKU"}))
    (mappings_folder / "broken.json").write_text("{not json", encoding="utf-8")
    (mappings_folder / "odd.json").write_text('{"name": "odd", "mapping": {"colour": "Farbe"}}', encoding="utf-8")
    assert [m.name for m in list_mappings()] == ["good"]
    with pytest.raises(OptionProblem, match="cannot be read"):
        load_mapping("broken")
    with pytest.raises(OptionProblem, match="unknown fields: colour"):
        load_mapping("odd")
    with pytest.raises(OptionProblem, match=r"No saved mapping 'missing'.*saved: good"):
        load_mapping("missing")


EXPECTED_SHAPES = {
    "sales and stock": Shape.ACTIVITY,
    "sales": Shape.ACTIVITY,
    "stock levels": Shape.ACTIVITY,
    "products": Shape.PRODUCTS,
    "warehouses": Shape.WAREHOUSES,
    "purchase orders": Shape.PURCHASE_ORDERS,
}


@pytest.mark.parametrize("shape", list(TEMPLATES))
def test_every_template_is_recognised_and_valid_as_it_is(shape):
    table = read_bytes(template_file_name(shape), template_csv(shape))
    mapping = guess_mapping(table.headers)
    assert set(mapping.values()) == set(table.headers), "every template column is recognised"
    plan = plan_import(table, mapping)
    assert plan.shape is EXPECTED_SHAPES[shape]
    assert plan.rejects.empty and plan.rows_read == len(TEMPLATES[shape])


def test_the_templates_import_together_and_again(new_database):
    url = new_database("duckdb")
    plans = []
    for shape in ("products", "warehouses", "sales and stock", "sales", "stock levels", "purchase orders"):
        table = read_bytes(template_file_name(shape), template_csv(shape))
        plans.append(plan_import(table, guess_mapping(table.headers)))
    engine = make_engine(url)
    report = run_import(engine, plans)
    assert report.rows_rejected == 0 and report.written["purchase_orders"] == 2
    first = dump(url)
    run_import(engine, plans)
    engine.dispose()
    assert dump(url) == first
