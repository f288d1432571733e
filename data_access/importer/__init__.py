"""Import a manager's exports (shop system, ERP, spreadsheet) without losing
a row and without ever leaving the database half written.

The path of a file: `reading` (bytes -> text cells: encoding, delimiter,
.xlsx sheet) -> `fields.guess_mapping` (headers -> canonical fields, English
and Chinese) -> `planning.plan_import` (parse dates and numbers, validate
with pandera: what will be imported, what is rejected and why) ->
`loading.run_import` (one transaction: derive warehouses and products, write
the facts idempotently).

The rules users rely on, each documented where it is implemented:

- Nothing is lost: rows read = rows imported + rows rejected. A file with any
  rejected row imports nothing unless partial imports are allowed.
- Idempotent: the file's rows replace the rows with the same natural key;
  sales lines by (order_id, SKU, warehouse), a row without an order id
  belonging to the order `AUTO-<warehouse>-<yyyymmdd>`; stock levels by
  (day, SKU, warehouse); purchase orders by (supplier, SKU, warehouse,
  ordered_on). See `facts`.
- Dates: the order (day or month first) is inferred only when some date
  proves it; otherwise the user must choose. See `parsing`.
- Discounts: with a % sign or above 1 a percentage, else a fraction.
- Encodings tried: BOM, UTF-8, then GBK or Windows-1252/Latin-1. See `decoding`.
"""

from data_access.importer.errors import FileProblem, ImportRefused, OptionProblem
from data_access.importer.fields import FIELDS, guess_mapping
from data_access.importer.loading import ImportReport, Mode, run_import
from data_access.importer.parsing import AmbiguousDates, DateOrder
from data_access.importer.planning import ImportPlan, plan_import
from data_access.importer.reading import RawTable, read_bytes, read_path

__all__ = [
    "FIELDS",
    "AmbiguousDates",
    "DateOrder",
    "FileProblem",
    "ImportPlan",
    "ImportRefused",
    "ImportReport",
    "Mode",
    "OptionProblem",
    "RawTable",
    "guess_mapping",
    "plan_import",
    "read_bytes",
    "read_path",
    "run_import",
]
