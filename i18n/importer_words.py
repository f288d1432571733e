"""The importer's messages in the current language, for the Data page.

`data_access.importer` writes its reject reasons, its notes on how a file
was read and its currency warning in English: the command prints them and the
rejects file keeps them, and data_access speaks no language of the user's.
Each message's shape is matched here (`i18n.message_shapes`); the parts
that are data (column names, values, dates as written) are kept, and the
parts that are ids of their own (a kind of file, a field, a date order) are
named through their labels.
"""

from __future__ import annotations

import re

from i18n import N_, _
from i18n.labels import import_field_label, import_shape_label
from i18n.message_shapes import MessageShapes, Shape

_DATE_ORDERS = {"day first": N_("day first"), "month first": N_("month first"), "year first": N_("year first")}


def _order(words: str) -> str:
    return _(_DATE_ORDERS[words]) if words in _DATE_ORDERS else words


def _shape(words: str) -> str:
    try:
        return import_shape_label(words).lower()
    except ValueError:
        return words


# The English labels the importer writes for its fields (lower case in its
# sentences), by field id: the reverse of `data_access.importer.FIELDS`.
_FIELD_IDS = {
    "quantity": "quantity",
    "stock on hand": "on_hand",
}


def _amounts(words: str) -> str:
    """"quantity and no stock on hand" -> the fields' labels joined in the current language."""
    names = [_FIELD_IDS.get(part.strip(), "") for part in words.split(" and no ")]
    if not all(names):
        return words
    return _(" and no ").join(import_field_label(name).lower() for name in names)


_DELIMITERS = {"comma": N_("comma"), "semicolon": N_("semicolon"), "tab": N_("tab"), "pipe": N_("pipe")}
_CSV_SOURCE = re.compile(r"CSV, (?P<encoding>.+), (?P<delimiter>\w+)-separated\Z")
_SHEET_SOURCE = re.compile(r"Excel sheet '(?P<sheet>.*)'\Z", re.DOTALL)


def file_source(source: str) -> str:
    """How a file was read ("CSV, UTF-8, comma-separated") in the current language."""
    if (match := _CSV_SOURCE.match(source)) and match["delimiter"] in _DELIMITERS:
        delimiter = _DELIMITERS[match["delimiter"]]
        return _("CSV, {encoding}, {delimiter}-separated").format(
            encoding=encoding_label(match["encoding"]), delimiter=_(delimiter)
        )
    if match := _SHEET_SOURCE.match(source):
        return _("Excel sheet “{sheet}”").format(sheet=match["sheet"])
    return source


_ENCODING_WORDS = re.compile(r"(?P<encoding>UTF-\d+) \((?P<order>little|big)-endian, no BOM\)\Z")


def encoding_label(label: str) -> str:
    """An encoding's name as the importer gives it, the words in it translated."""
    if label == "UTF-8 with BOM":
        return _("UTF-8 with BOM")
    if match := _ENCODING_WORDS.match(label):
        words = _("{encoding} (little-endian, no BOM)") if match["order"] == "little" else _(
            "{encoding} (big-endian, no BOM)"
        )
        return words.format(encoding=match["encoding"])
    return label


def _skus(words: str) -> str:
    """"A-1, B-2 and 12 more": the SKUs kept, the rest counted in the current language."""
    if match := re.fullmatch(r"(?P<named>.+) and (?P<more>[\d,]+) more", words):
        return _("{skus} and {count} more").format(skus=match["named"], count=match["more"])
    return words


def _needed_fields(words: str) -> str:
    """"date (Date), quantity or on_hand": each field id kept, its label in the current language."""
    shown = []
    for part in words.split(", "):
        field = part.split(" (")[0]
        if field == "quantity or on_hand":
            shown.append(_("{one} or {other}").format(one="quantity", other="on_hand"))
        else:
            try:
                shown.append(_("{field} ({label})").format(field=field, label=import_field_label(field)))
            except ValueError:
                shown.append(part)
    return ", ".join(shown)


_MESSAGES: tuple[Shape, ...] = (
    # reject reasons
    (r"missing", N_("missing"), {}),
    (r"not a date in the format (?P<format>.+)", N_("not a date in the format {format}"), {}),
    (r"not a date \(dates are read (?P<order>.+)\)", N_("not a date (dates are read {order})"), {"order": _order}),
    (r"not a date", N_("not a date"), {}),
    (r"a date before 1900 or after 2100", N_("a date before 1900 or after 2100"), {}),
    (r"longer than (?P<count>\d+) characters", N_("longer than {count} characters"), {}),
    (r"not a number", N_("not a number"), {}),
    (r"too large", N_("too large"), {}),
    (r"not a whole number", N_("not a whole number"), {}),
    (r"not a discount between 0 and 100%", N_("not a discount between 0 and 100 percent"), {}),
    (r"negative", N_("negative"), {}),
    (r"a negative stock level", N_("a negative stock level"), {}),
    (r"a negative price", N_("a negative price"), {}),
    (r"a negative cost", N_("a negative cost"), {}),
    (r"less than 1", N_("less than 1"), {}),
    (r"a pack size must be at least 1 unit", N_("a pack size must be at least 1 unit"), {}),
    (r"a minimum order quantity must be at least 1 unit", N_("a minimum order quantity must be at least 1 unit"), {}),
    (r"an ordered quantity must be more than 0", N_("an ordered quantity must be more than 0"), {}),
    (r"no (?P<amounts>.+?)", N_("no {amounts}"), {"amounts": _amounts}),
    (r"another row gives a different stock level for the same day, product and warehouse",
     N_("another row gives a different stock level for the same day, product and warehouse"), {}),
    (r"units sold without a unit price or revenue", N_("units sold without a unit price or revenue"), {}),
    (r"received before it was ordered", N_("received before it was ordered"), {}),
    # notes on how the file was read
    (r"Read as (?P<source>.+); (?P<kind>[a-z ]+) file\.", N_("Read as {source}; {kind} file."),
     {"source": file_source, "kind": _shape}),
    (r"Dates are written year first \(ISO\)\.", N_("Dates are written year first (ISO)."), {}),
    (r"Dates are read day first: (?P<examples>.+) can only be read that way\.",
     N_("Dates are read day first: {examples} can only be read that way."), {}),
    (r"Dates are read month first: (?P<examples>.+) can only be read that way\.",
     N_("Dates are read month first: {examples} can only be read that way."), {}),
    (r"Dates read the same day first or month first\.", N_("Dates read the same day first or month first."), {}),
    (r"Dates are read with the format (?P<format>.+), as chosen\.",
     N_("Dates are read with the format {format}, as chosen."), {}),
    (r"Dates are read (?P<order>day first|month first|year first), as chosen\.",
     N_("Dates are read {order}, as chosen."), {"order": _order}),
    (r"Numbers use a decimal comma \(1\.234,56\): (?P<fields>.+)\.",
     N_("Numbers use a decimal comma (1.234,56): {fields}."), {}),
    (r"(?P<count>\d+) blank row\(s\) skipped\.", N_("{count} blank row(s) skipped."), {}),
    (r"Not used in a (?P<kind>[a-z ]+) file: (?P<columns>.+)\.", N_("Not used in a {kind} file: {columns}."),
     {"kind": _shape}),
    (r"Columns not imported: (?P<columns>.+)\.", N_("Columns not imported: {columns}."), {}),
    (r"No warehouse column: every row goes to warehouse (?P<code>\S+)\.",
     N_("No warehouse column: every row goes to warehouse {code}."), {}),
    (r"No price or revenue column: sales lines take the product's list price \(0 when unknown\)\.",
     N_("No price or revenue column: sales lines take the product's list price (0 when unknown)."), {}),
    # dates that need the user's choice
    (r"The dates mix two orders: (?P<day_first>.+) can only be day first, (?P<month_first>.+) only month first\. "
     r"Correct the file, or choose the order and let the other dates be rejected\.",
     N_("The dates mix two orders: {day_first} can only be day first, {month_first} only month first. Correct "
        "the file, or choose the order and let the other dates be rejected."), {}),
    (r"The dates are ambiguous: every one, such as (?P<examples>.+), can be read day first or month first\.",
     N_("The dates are ambiguous: every one, such as {examples}, can be read day first or month first."), {}),
    # files that cannot be imported as they are
    (r"The file is not valid (?P<encoding>.+): line (?P<line>\d+) has bytes that this encoding cannot hold\. Choose "
     r"the encoding the file was saved in, or save it again as UTF-8\.",
     N_("The file is not valid {encoding}: line {line} has bytes that this encoding cannot hold. Choose the "
        "encoding the file was saved in, or save it again as UTF-8."), {"encoding": encoding_label}),
    (r"The file mixes encodings: line (?P<utf8>\d+) is UTF-8 but line (?P<other>\d+) is not\. Save the file again "
     r"in one encoding \(UTF-8\), or, if it really is all in one legacy encoding, name that encoding\.",
     N_("The file mixes encodings: line {utf8} is UTF-8 but line {other} is not. Save the file again in one "
        "encoding (UTF-8), or, if it really is all in one legacy encoding, name that encoding."), {}),
    (r"The file is not a text \(CSV\) file: it holds binary bytes\. Export the data as CSV or \.xlsx and try again\.",
     N_("The file is not a text (CSV) file: it holds binary bytes. Export the data as CSV or .xlsx and try "
        "again."), {}),
    (r"The file is not a text \(CSV\) file: it holds binary bytes\. Export the data as CSV or \.xlsx and try again; "
     r"if it is text saved as UTF-16 or UTF-32, choose that encoding \(utf-16-le, utf-16-be, utf-32\)\.",
     N_("The file is not a text (CSV) file: it holds binary bytes. Export the data as CSV or .xlsx and try "
        "again; if it is text saved as UTF-16 or UTF-32, choose that encoding (utf-16-le, utf-16-be, utf-32)."), {}),
    (r"The file is in the old Excel \.xls format\. Save it as \.xlsx or CSV and try again\.",
     N_("The file is in the old Excel .xls format. Save it as .xlsx or CSV and try again."), {}),
    (r"The file is not a valid \.xlsx workbook \(it may be damaged or renamed\)\.",
     N_("The file is not a valid .xlsx workbook (it may be damaged or renamed)."), {}),
    (r"The workbook cannot be opened \((?P<problem>\w+)\); save it again as \.xlsx\.",
     N_("The workbook cannot be opened ({problem}); save it again as .xlsx."), {}),
    (r"Sheet '(?P<sheet>.*)' is empty \(its first row should hold the column names\)\.",
     N_("Sheet “{sheet}” is empty (its first row should hold the column names)."), {}),
    (r"The file is empty\.", N_("The file is empty."), {}),
    (r"The file has a header but no data rows\.", N_("The file has a header but no data rows."), {}),
    (r"The file cannot be read as CSV: line (?P<line>\d+) has more values than the header's (?P<columns>\d+) "
     r"columns\. A value that contains the separator must be in double quotes\.",
     N_("The file cannot be read as CSV: line {line} has more values than the header's {columns} columns. A "
        "value that contains the separator must be in double quotes."), {}),
    (r"The header names '(?P<header>.*)' twice \(columns (?P<first>\d+) and (?P<second>\d+)\)\. Rename one of them "
     r"so that each column has its own name\.",
     N_("The header names “{header}” twice (columns {first} and {second}). Rename one of them so that each "
        "column has its own name."), {}),
    (r"The file is (?P<size>[\d.e+]+) MB, over the import limit of (?P<limit>[\d.e+]+) MB\. Split the file, or raise "
     r"the limit with the (?P<setting>\w+) setting\.",
     N_("The file is {size} MB, over the import limit of {limit} MB. Split the file, or raise the limit with "
        "the {setting} setting."), {}),
    (r"The file has more than (?P<limit>[\d,]+) data rows\. Split it into several files, or raise the limit with the "
     r"(?P<setting>\w+) setting\.",
     N_("The file has more than {limit} data rows. Split it into several files, or raise the limit with the "
        "{setting} setting."), {}),
    (r"The sheet has more than (?P<limit>[\d,]+) data rows, which would take minutes to read from a workbook\. Save "
     r"the sheet as CSV \(UTF-8\) and import that \(CSV files of up to (?P<rows>[\d,]+) rows take seconds\), split "
     r"it, or raise the limit with the (?P<setting>\w+) setting\.",
     N_("The sheet has more than {limit} data rows, which would take minutes to read from a workbook. Save the "
        "sheet as CSV (UTF-8) and import that (CSV files of up to {rows} rows take seconds), split it, or raise "
        "the limit with the {setting} setting."), {}),
    (r"No column was recognised as a date, SKU, quantity, stock level or warehouse, so it is not clear what the "
     r"file holds\. Map its columns to fields \(see the templates for the accepted shapes\)\.",
     N_("No column was recognised as a date, SKU, quantity, stock level or warehouse, so it is not clear what "
        "the file holds. Map its columns to fields (see the templates for the accepted shapes)."), {}),
    (r"A (?P<kind>[a-z ]+) file needs a column for: (?P<fields>.+)\. The file's columns are: (?P<columns>.*)\. "
     r"Map the right column to each \(on the Data page, or with --map FIELD=COLUMN\)\.",
     N_("A {kind} file needs a column for: {fields}. The file's columns are: {columns}. Map the right column "
        "to each (on the Data page, or with --map FIELD=COLUMN)."), {"kind": _shape, "fields": _needed_fields}),
    (r"Give the mapping a name with at least one letter or digit\.",
     N_("Give the mapping a name with at least one letter or digit."), {}),
    # the currency
    (r"The database's amounts are in (?P<stored>[A-Z]{3}), not (?P<currency>[A-Z]{3}): amounts are never "
     r"converted\. Import the file in (?P=stored), or replace all data \(--mode replace\) to start over in "
     r"(?P=currency)\. To only show amounts in another currency, set INVENTORY_CURRENCY\.",
     N_("The database's amounts are in {stored}, not {currency}: amounts are never converted. Import the file "
        "in {stored}, or replace all data (--mode replace) to start over in {currency}. To only show amounts "
        "in another currency, set INVENTORY_CURRENCY."), {}),
    # products without a cost
    (r"(?P<count>[\d,]+) product\(s\) have no unit cost \((?P<skus>.+)\): their margin is unknown, so the dashboard "
     r"leaves their revenue out of margins and says how much\. Import a unit_cost column to include them\.",
     N_("{count} product(s) have no unit cost ({skus}): their margin is unknown, so the dashboard leaves their "
        "revenue out of margins and says how much. Import a unit_cost column to include them."), {"skus": _skus}),
    (r"The file's amounts carry (?P<marks>.+), but the shop's amounts are in (?P<currency>[A-Z]{3})\. They are "
     r"imported as written, without conversion: check that the file belongs to this shop\.",
     N_("The file's amounts carry {marks}, but the shop's amounts are in {currency}. They are imported as "
        "written, without conversion: check that the file belongs to this shop."), {}),
)

importer_message = MessageShapes(_MESSAGES)
"""One of the importer's messages in the current language (in English, as the
importer wrote it); unknown shapes as they are."""
