"""The words for each kind of id, one function per kind.

Logic keeps ids; the user interface (and later the digest) calls these at
draw time, so cached results never hold words of one language. The tables
mark their words with `N_` for the catalog and translate them on each call.
"""

from __future__ import annotations

from collections.abc import Mapping

from i18n import N_, _


def _words(table: Mapping[str, str], kind: str, id_: str) -> str:
    try:
        return _(table[id_])
    except KeyError:
        raise ValueError(f"Unknown {kind} {id_!r}; known: {', '.join(table)}.") from None


_PRESETS = {
    "last-7-days": N_("Last 7 days"),
    "last-30-days": N_("Last 30 days"),
    "last-90-days": N_("Last 90 days"),
    "month-to-date": N_("Month to date"),
    "quarter-to-date": N_("Quarter to date"),
    "year-to-date": N_("Year to date"),
    "last-year": N_("Last year"),
    "custom": N_("Custom"),
}


def preset_label(preset: str) -> str:
    return _words(_PRESETS, "date preset", preset)


_COMPARISONS = {
    "previous-period": N_("Previous period"),
    "same-weekdays-last-year": N_("Same weekdays last year"),
    "same-event-last-year": N_("Same event last year"),
    "same-period-last-year": N_("Same dates last year"),
}


def comparison_label(comparison: str) -> str:
    return _words(_COMPARISONS, "comparison", comparison)


_STATUSES = {
    "out-of-stock": N_("Out of stock"),
    "understocked": N_("Understocked"),
    "healthy": N_("Healthy"),
    "overstocked": N_("Overstocked"),
    "dead-stock": N_("Dead stock"),
}


def status_label(status: str) -> str:
    return _words(_STATUSES, "stock status", status)


_LEAD_TIME_SOURCES = {
    "purchase-orders": N_("Its received purchase orders"),
    "supplier-pooled": N_("The supplier's orders of all products"),
    "product-setting": N_("Product's nominal lead time"),
    "default": N_("Default lead time"),
}


def lead_time_source_label(source: str) -> str:
    return _words(_LEAD_TIME_SOURCES, "lead-time source", source)


_EVENTS = {
    "winter-sales": N_("Winter sales"),
    "summer-sales": N_("Summer sales"),
    "singles-day": N_("11.11 Singles' Day"),
    "black-friday": N_("Black Friday to Cyber Monday"),
    "christmas-shopping": N_("Christmas shopping"),
    "christmas-last-orders": N_("Christmas last orders"),
    "new-year-shopping": N_("Chinese New Year shopping"),
    "spring-festival": N_("Spring Festival (suppliers closed)"),
    "618-festival": N_("618 shopping festival"),
    "618-day": N_("618 peak day"),
    "double-11-presale": N_("Double 11 pre-sale"),
    "double-11": N_("Double 11"),
    "double-12": N_("Double 12"),
}


def event_label(event: str) -> str:
    return _words(_EVENTS, "peak event", event)


_PAGES = {
    "overview": N_("Overview"),
    "revenue": N_("Revenue"),
    "stock-health": N_("Stock health"),
    "trends": N_("Trends"),
    "forecast": N_("Forecast"),
    "replenishment": N_("Replenishment"),
    "peak-readiness": N_("Peak readiness"),
    "suppliers": N_("Suppliers"),
    "cash": N_("Cash and classes"),
    "data": N_("Data"),
}


def page_title(page: str) -> str:
    return _words(_PAGES, "page", page)


_ALERTS = {
    "out-of-stock": N_("Out of stock now"),
    "below-reorder-point": N_("Below reorder point"),
    "overstocked": N_("Overstocked"),
    "dead-stock": N_("Dead stock"),
    "late-purchase-orders": N_("Late purchase orders"),
    "over-capacity": N_("Warehouses near capacity"),
    "status-changed": N_("Status changed"),
    "stockout-before-peak": N_("Runs out before the next peak"),
}


def alert_label(kind: str) -> str:
    return _words(_ALERTS, "alert kind", kind)


_DELIVERY_STATUSES = {"sent": N_("Sent"), "failed": N_("Failed")}


def delivery_status_label(status: str) -> str:
    return _words(_DELIVERY_STATUSES, "delivery status", status)


_GRAINS = {"day": N_("Day"), "week": N_("Week"), "month": N_("Month")}


def grain_label(grain: str) -> str:
    return _words(_GRAINS, "grain", grain)


_MEASURES = {
    "revenue": N_("Revenue"),
    "units": N_("Units sold"),
    "orders": N_("Orders"),
    "stock-on-hand": N_("Stock on hand"),
    "stockout-rate": N_("Stockout rate"),
}


def measure_label(measure: str) -> str:
    return _words(_MEASURES, "trend measure", measure)


_SPLITS = {"none": N_("None"), "category": N_("Category"), "warehouse": N_("Warehouse")}


def split_label(split: str) -> str:
    return _words(_SPLITS, "trend split", split)


_DEMAND_CLASSES = {
    "smooth": N_("Smooth"),
    "erratic": N_("Erratic"),
    "intermittent": N_("Intermittent"),
    "lumpy": N_("Lumpy"),
    "new": N_("Too new"),
    "no-demand": N_("No demand"),
}


def demand_class_label(demand_class: str) -> str:
    return _words(_DEMAND_CLASSES, "demand class", demand_class)


_FORECAST_METHODS = {
    "ses": N_("Seasonal level (SES)"),
    "ses-slow": N_("Seasonal level (slow SES)"),
    "croston-sba": N_("Croston-SBA"),
    "tsb": N_("TSB"),
    "zero": N_("Zero (never sold)"),
}


def forecast_method_label(method: str) -> str:
    return _words(_FORECAST_METHODS, "forecast method", method)


_BACKTEST_SCOPES = {"all": N_("Weeks 1-13"), "week-13": N_("Week 13 only"), "peak": N_("Peak weeks")}


def backtest_scope_label(scope: str) -> str:
    return _words(_BACKTEST_SCOPES, "backtest scope", scope)


_BACKTEST_TARGETS = {"sales": N_("Against sales"), "demand": N_("Against true demand")}


def backtest_target_label(target: str) -> str:
    return _words(_BACKTEST_TARGETS, "backtest target", target)


_FORECAST_STEPS = {
    "reading-history": N_("Reading the weekly history"),
    "forecasting": N_("Forecasting every product in every warehouse"),
    "backtesting": N_("Backtesting at 13 cutoffs"),
    "storing": N_("Storing the run"),
    "stored": N_("Forecast stored"),
}


def forecast_step_label(step: str) -> str:
    return _words(_FORECAST_STEPS, "forecast step", step)


_BREAKDOWNS = {"category": N_("Category"), "warehouse": N_("Warehouse"), "demand-class": N_("Demand class")}


def breakdown_label(breakdown: str) -> str:
    return _words(_BREAKDOWNS, "accuracy breakdown", breakdown)


_ABC_CLASSES = {"a": N_("A"), "b": N_("B"), "c": N_("C")}


def abc_class_label(abc_class: str) -> str:
    return _words(_ABC_CLASSES, "ABC class", abc_class)


_XYZ_CLASSES = {"x": N_("X"), "y": N_("Y"), "z": N_("Z"), "too-new": N_("Too new to judge")}


def xyz_class_label(xyz_class: str) -> str:
    return _words(_XYZ_CLASSES, "XYZ class", xyz_class)


_AGE_BANDS = {
    "0-30": N_("0–30 days"),
    "31-90": N_("31–90 days"),
    "91-180": N_("91–180 days"),
    "181-365": N_("181–365 days"),
    "over-365": N_("Over 365 days"),
}


def age_band_label(band: str) -> str:
    return _words(_AGE_BANDS, "age band", band)


_PURCHASE_REASONS = {"below-reorder-point": N_("Below reorder point"), "top-up": N_("Top-up to order-up-to level")}


def purchase_reason_label(reason: str) -> str:
    return _words(_PURCHASE_REASONS, "purchase reason", reason)


_DEMAND_BASES = {"forecast": N_("Stored forecast"), "sales": N_("Average of recent sales")}


def demand_basis_label(basis: str) -> str:
    return _words(_DEMAND_BASES, "demand basis", basis)


_WEEKDAYS = {
    "monday": N_("Monday"),
    "tuesday": N_("Tuesday"),
    "wednesday": N_("Wednesday"),
    "thursday": N_("Thursday"),
    "friday": N_("Friday"),
    "saturday": N_("Saturday"),
    "sunday": N_("Sunday"),
}


def weekday_label(weekday: str) -> str:
    return _words(_WEEKDAYS, "weekday", weekday)


# The sample shop's progress steps: `sample_data` reports these ids (its
# command prints them as they are), the first start's progress bar shows words.
_SAMPLE_STEPS = {
    "drawing the product range": N_("Drawing the product range"),
    "modelling demand": N_("Modelling demand"),
    "simulating stock day by day": N_("Simulating stock day by day"),
    "writing order lines": N_("Writing order lines"),
    "writing stock snapshots": N_("Writing stock snapshots"),
    "assembling purchase orders": N_("Assembling purchase orders"),
    "simulation done": N_("Simulation done"),
    "done": N_("Done"),
}


def sample_step_label(step: str) -> str:
    return _words(_SAMPLE_STEPS, "sample data step", step)


_IMPORT_FIELDS = {
    "date": N_("Date"),
    "order_id": N_("Order ID"),
    "sku": N_("SKU"),
    "product_name": N_("Product name"),
    "category": N_("Category"),
    "warehouse": N_("Warehouse / store"),
    "warehouse_name": N_("Warehouse name"),
    "region": N_("Region"),
    "capacity_units": N_("Capacity (units)"),
    "quantity": N_("Quantity"),
    "unit_price": N_("Unit price"),
    "revenue": N_("Revenue"),
    "discount": N_("Discount"),
    "unit_cost": N_("Unit cost"),
    "on_hand": N_("Stock on hand"),
    "supplier": N_("Supplier"),
    "lead_time_days": N_("Lead time (days)"),
    "pack_size": N_("Pack size"),
    "min_order_qty": N_("Minimum order quantity"),
    "ordered_on": N_("Ordered on"),
    "expected_on": N_("Expected on"),
    "received_on": N_("Received on"),
}


def import_field_label(field: str) -> str:
    """An importer field's words (`data_access.importer.FIELDS` names them by id)."""
    return _words(_IMPORT_FIELDS, "import field", field)


_IMPORT_SHAPES = {
    "sales and stock": N_("Sales and stock"),
    "sales": N_("Sales"),
    "stock levels": N_("Stock levels"),
    "products": N_("Products"),
    "warehouses": N_("Warehouses"),
    "purchase orders": N_("Purchase orders"),
}


def import_shape_label(shape: str) -> str:
    """A kind of import file's words ("sales and stock")."""
    return _words(_IMPORT_SHAPES, "import file kind", shape)


_TABLES = {
    "warehouses": N_("Warehouses"),
    "products": N_("Products"),
    "order_lines": N_("Sales lines"),
    "inventory_snapshots": N_("Stock levels"),
    "purchase_orders": N_("Purchase orders"),
}


def table_label(table: str) -> str:
    """A database table's words, as an import's summary names it."""
    return _words(_TABLES, "table", table)


# Headers of the data columns that CSV downloads carry (a table's own words win).
_COLUMNS = {
    "period": N_("Period"),
    "series": N_("Series"),
    "day": N_("Day"),
    "week_start": N_("Week"),
    "sku": N_("SKU"),
    "name": N_("Name"),
    "category": N_("Category"),
    "warehouse": N_("Warehouse"),
    "supplier": N_("Supplier"),
    "product_id": N_("Product id"),
    "warehouse_id": N_("Warehouse id"),
    "po_id": N_("PO"),
    "revenue": N_("Revenue"),
    "units": N_("Units"),
    "margin": N_("Margin"),
    "cost": N_("Cost"),
    "share_pct": N_("Share %"),
    "on_hand": N_("On hand"),
    "on_order": N_("On order"),
    "capacity_units": N_("Capacity (units)"),
    "used_pct": N_("Used %"),
    "has_stock": N_("Has stock snapshots"),
    "stock_value": N_("Stock value"),
    "status": N_("Status"),
    "previous_status": N_("Was"),
    "avg_daily_units": N_("Sold/day"),
    "reorder_point": N_("Reorder point"),
    "days_of_cover": N_("Days of cover"),
    "days_late": N_("Days late"),
    "runs_out_on": N_("Runs out on"),
    "forecast_units": N_("Forecast"),
    "low": N_("Band low (P10)"),
    "high": N_("Band high (P90)"),
    "method": N_("Method"),
    "as_is": N_("As things stand"),
    "with_plan": N_("With the plan"),
    "projected_units": N_("Projected units"),
}


def column_label(column: str) -> str | None:
    """A data column's header in the current language; None for a column without one (data as headers)."""
    words = _COLUMNS.get(column)
    return _(words) if words else None
