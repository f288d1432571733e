"""The rules every row must pass, as a pandera schema built for one file.

The schema runs on the parsed values; `given` (which cells held any text)
lets a rule tell "left blank" from "written but not a number". Validation is
lazy, so every problem of every row is found in one pass, and each comes back
as (row, field, reason) for the rejects report.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pandera.pandas as pa

from data_access.importer.fields import FIELDS, INT32_MAX, MONEY_MAX, Field
from data_access.importer.shapes import REQUIRED_FIELDS, Shape

PROBLEM_COLUMNS = ["row", "field", "reason"]
FIRST_DAY, LAST_DAY = pd.Timestamp("1900-01-01"), pd.Timestamp("2100-12-31")
_NEGATIVE_REASONS = {
    "on_hand": "a negative stock level",
    "unit_price": "a negative price",
    "unit_cost": "a negative cost",
}
_NOT_POSITIVE_REASONS = {
    "pack_size": "a pack size must be at least 1 unit",
    "min_order_qty": "a minimum order quantity must be at least 1 unit",
}
# A row-wise rule over several columns: field to report it on, reason, test.
RowRule = tuple[str, str, Callable[[pd.DataFrame], pd.Series]]


def find_problems(parsed: pd.DataFrame, given: pd.DataFrame, shape: Shape, date_hint: str = "") -> pd.DataFrame:
    """One line per problem: row (the spreadsheet's row number), field, reason."""
    row_rules = _row_rules(parsed, given, shape)
    schema = pa.DataFrameSchema(
        {
            name: pa.Column(checks=_column_checks(FIELDS[name], given[name], shape, date_hint), nullable=True)
            for name in parsed.columns
        },
        checks=[pa.Check(test, error=reason, ignore_na=False) for _, reason, test in row_rules],
    )
    try:
        schema.validate(parsed, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return _problems(errors.failure_cases, {reason: field for field, reason, _ in row_rules})
    return pd.DataFrame(columns=PROBLEM_COLUMNS)


def _check(test: Callable[[pd.Series], pd.Series], reason: str) -> pa.Check:
    return pa.Check(test, error=reason, ignore_na=False)


def _column_checks(field: Field, given: pd.Series, shape: Shape, date_hint: str) -> list[pa.Check]:
    checks = []
    if field.name in REQUIRED_FIELDS[shape]:
        checks.append(_check(lambda s: given, "missing"))
    if field.kind == "date":
        checks += [
            _check(lambda s: s.notna() | ~given, f"not a date{date_hint}"),
            _check(lambda s: s.isna() | s.between(FIRST_DAY, LAST_DAY), "a date before 1900 or after 2100"),
        ]
    elif field.kind == "text":
        checks.append(
            _check(lambda s: s.isna() | (s.str.len() <= field.max_length), f"longer than {field.max_length} characters")
        )
    else:
        checks += _number_checks(field, given, shape)
    return checks


def _number_checks(field: Field, given: pd.Series, shape: Shape) -> list[pa.Check]:
    largest = MONEY_MAX if field.kind == "money" else INT32_MAX
    checks = [
        _check(lambda s: s.notna() | ~given, "not a number"),
        _check(lambda s: s.isna() | (s.abs() <= largest), "too large"),
    ]
    if field.kind == "integer":
        checks.append(_check(lambda s: s.isna() | (s == s.round()), "not a whole number"))
    if field.kind == "discount":
        checks.append(_check(lambda s: s.isna() | s.between(0, 1), "not a discount between 0 and 100%"))
    if field.non_negative:
        checks.append(_check(lambda s: s.isna() | (s >= 0), _NEGATIVE_REASONS.get(field.name, "negative")))
    if field.positive:
        checks.append(_check(lambda s: s.isna() | (s >= 1), _NOT_POSITIVE_REASONS.get(field.name, "less than 1")))
    if shape is Shape.PURCHASE_ORDERS and field.name == "quantity":
        checks.append(_check(lambda s: s.isna() | (s > 0), "an ordered quantity must be more than 0"))
    return checks


def _row_rules(parsed: pd.DataFrame, given: pd.DataFrame, shape: Shape) -> list[RowRule]:
    columns = set(parsed.columns)
    rules: list[RowRule] = []
    if shape is Shape.ACTIVITY:
        amounts = [name for name in ("quantity", "on_hand") if name in columns]
        rules.append(
            (
                amounts[0],
                f"no {' and no '.join(FIELDS[a].label.lower() for a in amounts)}",
                lambda d: given[amounts].any(axis=1),
            )
        )
        if "on_hand" in columns:
            rules.append(
                (
                    "on_hand",
                    "another row gives a different stock level for the same day, product and warehouse",
                    _consistent_stock,
                )
            )
        prices = [name for name in ("unit_price", "revenue") if name in columns]
        if prices and "quantity" in columns:
            rules.append(
                (
                    prices[0],
                    "units sold without a unit price or revenue",
                    lambda d: ~(d["quantity"].fillna(0).ne(0) & ~given[prices].any(axis=1)),
                )
            )
    if shape is Shape.PURCHASE_ORDERS and "received_on" in columns:
        rules.append(("received_on", "received before it was ordered", lambda d: ~(d["received_on"] < d["ordered_on"])))
    return rules


def _consistent_stock(parsed: pd.DataFrame) -> pd.Series:
    keys = [name for name in ("date", "sku", "warehouse") if name in parsed.columns]
    levels = parsed.groupby(keys)["on_hand"].transform("nunique")
    return ~(levels > 1)  # rows without a key are reported by their own rules


def _problems(failure_cases: pd.DataFrame, row_rule_fields: dict[str, str]) -> pd.DataFrame:
    cases = failure_cases.dropna(subset=["index"])
    wide = cases["schema_context"].eq("DataFrameSchema")
    fields = cases["column"].where(~wide, cases["check"].map(row_rule_fields))
    problems = pd.DataFrame({"row": cases["index"].astype("int64"), "field": fields, "reason": cases["check"]})
    return problems.drop_duplicates().reset_index(drop=True)
