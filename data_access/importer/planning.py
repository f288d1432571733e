"""A read file plus a column mapping -> what would be imported and what would
be rejected, and why. Nothing here touches the database, so the page can show
the plan before the user commits to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import pandas as pd

from data_access.importer.currency import normalised_mark
from data_access.importer.dimensions import DEFAULT_WAREHOUSE
from data_access.importer.errors import OptionProblem
from data_access.importer.fields import DATE_FIELDS, FIELDS, NUMBER_FIELDS
from data_access.importer.parsing import (
    DateReading,
    as_fraction,
    choose_date_reading,
    currency_marks,
    decimal_separators,
    map_unique,
    parse_dates,
    parse_numbers,
)
from data_access.importer.reading import RawTable
from data_access.importer.rejects import describe_problems
from data_access.importer.shapes import Shape, detect_shape, require_fields, used_fields
from data_access.importer.validation import find_problems


@dataclass(frozen=True)
class ImportPlan:
    """One file, parsed and checked. `values` holds every row read (parsed,
    by field, indexed by spreadsheet row); `rejects` one line per problem."""

    table: RawTable
    mapping: dict[str, str]
    shape: Shape
    values: pd.DataFrame
    rejects: pd.DataFrame  # row, column, value, reason
    notes: tuple[str, ...]
    date_format: str | None  # how the dates were read, as a --date-format value
    currency_marks: tuple[str, ...] = ()  # currency symbols and codes seen in its amounts ("¥", "EUR")

    @property
    def rows_read(self) -> int:
        return len(self.values)

    @property
    def rejected_rows(self) -> pd.Index:
        return pd.Index(self.rejects["row"].unique())

    @cached_property
    def accepted(self) -> pd.DataFrame:
        return self.values.drop(index=self.rejected_rows) if len(self.rejects) else self.values

    @property
    def date_span(self) -> tuple[date, date] | None:
        field = "ordered_on" if self.shape is Shape.PURCHASE_ORDERS else "date"
        if field not in self.values:
            return None
        days = self.accepted[field].dropna()
        return (days.min().date(), days.max().date()) if len(days) else None


    @property
    def products_without_cost(self) -> list[str]:
        """SKUs this file describes with no unit cost: a products file without
        one, or any file whose unit-cost column is blank for them."""
        rows = self.accepted
        if "sku" not in rows or ("unit_cost" not in rows and self.shape is not Shape.PRODUCTS):
            return []
        blank = rows["unit_cost"].isna() if "unit_cost" in rows else pd.Series(True, index=rows.index)
        return sorted(rows.loc[blank, "sku"].dropna().unique())

    @property
    def cost_warning(self) -> str | None:
        """Why products without a cost matter: their margin is unknown and margins leave them out."""
        skus = self.products_without_cost
        if not skus:
            return None
        more = len(skus) - _NAMED_SKUS
        shown = ", ".join(skus[:_NAMED_SKUS]) + (f" and {more:,} more" if more > 0 else "")
        return (
            f"{len(skus):,} product(s) have no unit cost ({shown}): their margin is unknown, so the dashboard "
            "leaves their revenue out of margins and says how much. Import a unit_cost column to include them."
        )


_NAMED_SKUS = 5


def check_mapping(mapping: dict[str, str], headers: list[str]) -> None:
    for field, column in mapping.items():
        if field not in FIELDS:
            raise OptionProblem(f"Unknown field '{field}'. The fields are: {', '.join(FIELDS)}.")
        if column not in headers:
            raise OptionProblem(
                f"There is no column '{column}' (mapped to {field}). The columns are: {', '.join(headers)}."
            )


def plan_import(table: RawTable, mapping: dict[str, str], date_format: str | None = None) -> ImportPlan:
    check_mapping(mapping, table.headers)
    shape = detect_shape(mapping)
    require_fields(shape, mapping, table.headers)
    used = {field: column for field, column in mapping.items() if field in used_fields(shape)}
    raw = pd.DataFrame({field: table.frame[column] for field, column in used.items()}, index=table.frame.index)
    given = pd.DataFrame({field: map_unique(raw[field], lambda v: v.str.strip().ne("")) for field in raw})
    reading = choose_date_reading({f: raw[f][given[f]] for f in DATE_FIELDS if f in raw}, date_format)
    decimals = decimal_separators({f: raw[f][given[f]] for f in NUMBER_FIELDS if f in raw})
    values = pd.DataFrame({field: _parse(field, raw[field], given[field], reading, decimals) for field in raw})
    problems = find_problems(values, given, shape, date_hint=_date_hint(reading))
    notes = _notes(table, mapping, used, shape, reading, decimals)
    rejects = describe_problems(problems, raw, used, table.headers)
    marks = {
        normalised_mark(mark)
        for field in raw
        if FIELDS[field].kind == "money"
        for mark in currency_marks(raw[field][given[field]])
    }
    return ImportPlan(table, used, shape, values, rejects, notes, reading.as_option, tuple(sorted(marks)))


def _parse(field: str, raw: pd.Series, given: pd.Series, reading: DateReading, decimals: dict[str, str]) -> pd.Series:
    kind = FIELDS[field].kind
    if kind == "date":
        return parse_dates(raw, reading)
    if kind == "text":
        return map_unique(raw, lambda v: v.str.strip()).where(given)
    numbers = parse_numbers(raw, decimals[field])
    if kind == "discount":
        return as_fraction(numbers)
    return numbers.values.where(~numbers.percent)  # a % sign only makes sense on a discount


def _date_hint(reading: DateReading) -> str:
    if reading.strftime:
        return f" in the format {reading.strftime}"
    return f" (dates are read {reading.order})" if reading.order else " (dates are read year first)"


def _notes(
    table: RawTable,
    mapping: dict[str, str],
    used: dict[str, str],
    shape: Shape,
    reading: DateReading,
    decimals: dict[str, str],
) -> tuple[str, ...]:
    notes = [f"Read as {table.source}; {shape} file."]
    if any(FIELDS[f].kind == "date" for f in used):
        notes.append(reading.note)
    if "," in decimals.values():
        comma_fields = [f for f, sep in decimals.items() if sep == ","]
        notes.append(f"Numbers use a decimal comma (1.234,56): {', '.join(comma_fields)}.")
    if table.blank_rows:
        notes.append(f"{table.blank_rows} blank row(s) skipped.")
    ignored = [f"{column} ({field})" for field, column in mapping.items() if field not in used]
    if ignored:
        notes.append(f"Not used in a {shape} file: {', '.join(ignored)}.")
    unmapped = [h for h in table.headers if h not in mapping.values()]
    if unmapped:
        notes.append(f"Columns not imported: {', '.join(unmapped)}.")
    if shape is not Shape.PRODUCTS and "warehouse" not in used:
        notes.append(f"No warehouse column: every row goes to warehouse {DEFAULT_WAREHOUSE}.")
    if shape is Shape.ACTIVITY and "quantity" in used and not {"unit_price", "revenue"} & set(used):
        notes.append("No price or revenue column: sales lines take the product's list price (0 when unknown).")
    return tuple(notes)
