"""The import command.

    python -m data_access.importer FILE [FILE ...] [--db URL] [--map FIELD=COLUMN ...]
        [--mode append|replace] [--date-format FMT] [--encoding ENC] [--sheet NAME]
        [--rejects PATH] [--allow-partial] [--dry-run] [--saved-mapping NAME] [--currency CODE]

Exit codes: 0 imported (or, with --dry-run, would import); 1 the file cannot
be imported as it is or the database refused, nothing written (unreadable or
empty file, rows that fail validation, a required field with no column in the
file); 2 bad usage (unknown field, --map to a column the file does not have,
missing file, bad option, ambiguous dates without --date-format, a currency
other than the one the database's amounts are in). All files of one run are
imported in one transaction. A warning names currency symbols in the files'
amounts that cannot be the shop's currency.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from data_access.config import ConfigError, check_url, redact_secrets, redact_url, resolve_db_url
from data_access.engine import DatabaseUnavailableError, make_engine
from data_access.importer.currency import currency_mismatch
from data_access.importer.errors import FileProblem, ImportRefused, OptionProblem
from data_access.importer.fields import FIELDS, guess_mapping
from data_access.importer.loading import ImportReport, run_import
from data_access.importer.mappings import load_mapping
from data_access.importer.planning import ImportPlan, plan_import
from data_access.importer.reading import read_path
from data_access.importer.rejects import rejects_csv
from data_access.shop_settings import DEFAULT_CURRENCY, check_currency

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
_SHOWN_REJECTS = 10


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m data_access.importer",
        description="Import sales, stock, product, warehouse or purchase-order files (CSV or .xlsx).",
        epilog=f"Fields for --map: {', '.join(FIELDS)}. Exit codes: 0 imported, 1 invalid data (nothing "
        "written), 2 bad usage.",
    )
    parser.add_argument("files", metavar="FILE", nargs="+", type=Path)
    parser.add_argument("--db", metavar="URL", help="SQLAlchemy URL (default: the dashboard's database)")
    parser.add_argument(
        "--map",
        metavar="FIELD=COLUMN",
        action="append",
        default=[],
        help="use COLUMN for FIELD (FIELD= leaves a guessed field unmapped); repeatable",
    )
    parser.add_argument("--saved-mapping", metavar="NAME", help="start from a mapping saved on the Data page")
    parser.add_argument(
        "--mode",
        choices=("append", "replace"),
        default="append",
        help="append merges by natural keys (safe to repeat); replace empties every table first",
    )
    parser.add_argument("--date-format", metavar="FMT", help="DMY, MDY, YMD or a strftime format like %%d/%%m/%%Y")
    parser.add_argument("--encoding", metavar="ENC", help="text encoding (default: detected)")
    parser.add_argument("--sheet", metavar="NAME", help="worksheet of an .xlsx file (default: the first)")
    parser.add_argument(
        "--rejects",
        metavar="PATH",
        type=Path,
        help="where to write rejected rows (default: <file>.rejects.csv beside the first file with rejects)",
    )
    parser.add_argument("--allow-partial", action="store_true", help="import the valid rows even if some are rejected")
    parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    parser.add_argument(
        "--currency",
        metavar="CODE",
        help="the currency of the files' amounts (ISO 4217: EUR, CNY, USD ...), stored as the shop's when the "
        "database has none yet; amounts are never converted",
    )
    return parser


def parse_map_options(options: Sequence[str]) -> dict[str, str | None]:
    """FIELD=COLUMN pairs; None for FIELD= (unmap)."""
    explicit: dict[str, str | None] = {}
    for option in options:
        field, separator, column = option.partition("=")
        field = field.strip()
        if not separator:
            raise OptionProblem(f"--map {option!r} should look like FIELD=COLUMN, e.g. --map quantity='Units Sold'.")
        if field not in FIELDS:
            raise OptionProblem(f"--map: unknown field '{field}'. The fields are: {', '.join(FIELDS)}.")
        explicit[field] = column.strip() or None
    return explicit


def build_mapping(headers: list[str], base: dict[str, str], explicit: dict[str, str | None]) -> dict[str, str]:
    """The guess, overridden by a saved mapping's columns that exist in this
    file, overridden by --map.

    A column the user chose (saved mapping or --map) is taken away from any
    field it was only guessed for: a column feeds one field unless the user
    maps it to several.
    """
    mapping = guess_mapping(headers)
    chosen = {field: column for field, column in base.items() if column in headers}
    mapping.update(chosen)
    for field, column in explicit.items():
        mapping.pop(field, None)
        chosen.pop(field, None)
        if column is not None:
            mapping[field] = chosen[field] = column
    taken = set(chosen.values())
    return {field: column for field, column in mapping.items() if field in chosen or column not in taken}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        explicit = parse_map_options(args.map)
        saved = load_mapping(args.saved_mapping) if args.saved_mapping else None
        db_url = _database_url(args.db)
        date_format = args.date_format or (saved.date_format if saved else None)
        currency = _currency(args.currency)
        plans = [_plan(path, args, saved.mapping if saved else {}, explicit, date_format) for path in args.files]
    except OptionProblem as problem:
        return _fail(problem, EXIT_USAGE)
    except FileProblem as problem:
        return _fail(problem, EXIT_INVALID)
    if any(len(plan.rejects) for plan in plans):  # first, so the output's first line says where they went
        try:
            _write_rejects(plans, args.files, args.rejects)
        except OSError as error:  # rejects that cannot be kept must not be dropped silently
            return _fail(
                f"Cannot write the rejects to {error.filename}: {error.strerror}. Use --rejects PATH.", EXIT_USAGE
            )
    for plan in plans:
        _print_plan(plan)
    try:
        report = run_import(
            make_engine(db_url), plans, mode=args.mode, allow_partial=args.allow_partial, dry_run=args.dry_run,
            currency=currency,
        )  # fmt: skip
    except OptionProblem as problem:
        return _fail(problem, EXIT_USAGE)
    except (FileProblem, DatabaseUnavailableError) as problem:
        return _fail(problem, EXIT_INVALID)
    except Exception as error:  # a driver error: the transaction was rolled back
        detail = redact_secrets(str(getattr(error, "orig", None) or error).strip().splitlines()[0], db_url)
        return _fail(f"The import failed ({type(error).__name__}: {detail}). Nothing was written.", EXIT_INVALID)
    _print_report(report, redact_url(db_url), args.mode)
    _print_currency_notes(report)
    return EXIT_OK


def _currency(option: str | None) -> str | None:
    try:
        return check_currency(option) if option else None
    except ValueError as problem:
        raise OptionProblem(f"--currency: {problem}") from None


def _database_url(option: str | None) -> str:
    try:
        if option:
            check_url(option)
            return option
        return resolve_db_url()
    except ConfigError as problem:
        raise OptionProblem(str(problem)) from None


def _plan(
    path: Path, args: argparse.Namespace, base: dict[str, str], explicit: dict[str, str | None], date_format: str | None
) -> ImportPlan:
    try:
        table = read_path(path, encoding=args.encoding, sheet=args.sheet)
        return plan_import(table, build_mapping(table.headers, base, explicit), date_format)
    except ImportRefused as problem:
        # Prefix the file's name in place: rebuilding the exception would run a
        # subclass's constructor again (AmbiguousDates would repeat its advice).
        problem.args = (f"{path.name}: {problem}",)
        raise problem from None


def _fail(problem: Exception | str, code: int) -> int:
    print(f"Error: {problem}", file=sys.stderr)
    return code


def _print_plan(plan: ImportPlan) -> None:
    print(f"{plan.table.file_name}:")
    for note in plan.notes:
        print(f"  {note}")
    print("  Columns: " + ", ".join(f"{field} <- '{column}'" for field, column in plan.mapping.items()))
    print(f"  Rows read: {plan.rows_read:,}; valid: {len(plan.accepted):,}; rejected: {len(plan.rejected_rows):,}")
    for reject in plan.rejects.head(_SHOWN_REJECTS).itertuples():
        print(f"    row {reject.row}, column '{reject.column}', value '{reject.value}': {reject.reason}")
    if len(plan.rejects) > _SHOWN_REJECTS:
        print(f"    ... and {len(plan.rejects) - _SHOWN_REJECTS:,} more problem(s) in the rejects file")
    if plan.cost_warning:
        print(f"  Warning: {plan.cost_warning}")


def _write_rejects(plans: Sequence[ImportPlan], paths: Sequence[Path], target: Path | None) -> None:
    if target is None:
        first = next(path for plan, path in zip(plans, paths, strict=True) if len(plan.rejects))
        target = first.with_name(f"{first.stem}.rejects.csv")
    target.write_bytes(rejects_csv({plan.table.file_name: plan.rejects for plan in plans if len(plan.rejects)}))
    print(f"Rejected rows written to {target} (choose where with --rejects PATH)")


def _print_report(report: ImportReport, shown_url: str, mode: str) -> None:
    action = "Checked (dry run, nothing written) for" if report.dry_run else "Imported into"
    print(f"{action} {shown_url} ({mode}):")
    print(f"  rows read:     {report.rows_read:,}")
    print(f"  rows imported: {report.rows_imported:,}")
    print(f"  rows rejected: {report.rows_rejected:,}")
    if report.date_span:
        print(f"  dates:         {report.date_span[0]} to {report.date_span[1]}")
    for table in ("warehouses", "products"):
        print(f"  {table + ':':14} {report.created[table]:,} created, {report.updated[table]:,} updated")
    written = ", ".join(f"{table} {rows:,}" for table, rows in report.written.items()) or "nothing"
    print(f"  written:       {written}")
    print("  now in the database: " + ", ".join(f"{table} {rows:,}" for table, rows in report.totals.items()))
    if report.backup:
        print(f"  previous data: kept in {report.backup} (copy it back over the database file to undo the replace)")
    elif mode == "replace" and not report.dry_run:
        print("  previous data: not copied (a server database): restore it from the backup taken before.")
    if report.ground_truth_removed:
        print(
            "  The simulator's ground truth (true demand, supplier lead-time behaviour) was removed: "
            "it does not describe imported sales, stock or purchase orders."
        )


def _print_currency_notes(report: ImportReport) -> None:
    if report.currency is None:
        print(
            f"  currency:      none stored, so the dashboard shows amounts in {DEFAULT_CURRENCY} (or "
            "INVENTORY_CURRENCY). Pass --currency CODE (e.g. --currency CNY) to store the one they are in."
        )
        return
    print(f"  currency:      {report.currency}")
    marks = {mark for plan in report.plans for mark in plan.currency_marks}
    if warning := currency_mismatch(marks, report.currency):
        print(f"Warning: {warning}")


if __name__ == "__main__":
    sys.exit(main())
