"""Reading a table from an uploaded file: CSV (UTF-8 with or without BOM, or GB18030, which is
what Excel in China saves as "CSV") or an Excel workbook (.xlsx, its first sheet).

`read_table` checks the file's shape (size, header, columns, rows, control characters); the
caller checks the cells with `Row.parse` and the parsers of `portal.tabular.cells`. Every problem
is collected with its line, and the import is refused whole when there is any (`Table.check`).
"""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Callable, Iterator
from typing import TypeVar

from flask_babel import LazyString, format_number, gettext
from flask_babel import lazy_gettext as _l

from portal.forms import FORBIDDEN_CHARACTERS
from portal.tabular.cells import parse_choice
from portal.tabular.errors import FILE_LEVEL, CellError, RowError, TableInvalid
from portal.tabular.workbook import XLSX_MAGIC, sheet_records, sheet_row_limit

T = TypeVar("T")

#: The request limit (MAX_CONTENT_LENGTH) is 8 MiB too; the file itself is checked here so that
#: the command line and the API keep the same limit.
MAX_BYTES = 8 * 1024 * 1024
MAX_ROWS = 100_000
#: For the `accept` attribute of an upload field.
ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted workbook


class Row:
    """One data row: its line in the file (the sheet row for XLSX) and its stripped cells in
    the header's order (`row["column"]` reads one). Problems found in it are added to the
    table's errors."""

    __slots__ = ("_table", "cells", "failed", "line")

    def __init__(self, table: Table, line: int, cells: list[str]):
        self._table, self.line, self.cells, self.failed = table, line, cells, False

    def __getitem__(self, column: str) -> str:
        return self.cells[self._table.columns[column]]

    def parse(self, column: str, parser: Callable, *args, **kwargs):
        """`parser(text, column, *args, **kwargs)`, or None with the problem recorded."""
        try:
            return parser(self[column], column, *args, **kwargs)
        except CellError as error:
            self.refuse(error.message)
            return None

    def choice(self, column: str, enum_class: type[enum.Enum], default=None):
        """`parse_choice` on the column, or None with the problem recorded."""
        try:
            return parse_choice(enum_class, self[column], column, default)
        except CellError as error:
            self.refuse(error.message)
            return None

    def refuse(self, message) -> None:
        self.failed = True
        self._table.errors.append(RowError(self.line, message))


class Table:
    """The well-formed rows of a file, and every problem found so far."""

    def __init__(self, header: list[str], invalid: type[TableInvalid]):
        self.header, self.invalid = header, invalid
        self.columns = {column: index for index, column in enumerate(header)}
        self.rows: list[Row] = []
        self.errors: list[RowError] = []

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def refuse(self, line: int, message) -> None:
        self.errors.append(RowError(line, message))

    def check(self, values: list[T], *, empty=None) -> list[T]:
        """`values` when nothing is wrong; otherwise raise `invalid` with every problem (also
        when the file has no rows and `empty` says so)."""
        if not self.errors and not values and empty is not None:
            self.refuse(FILE_LEVEL, empty)
        if self.errors:
            raise self.invalid(self.errors)
        return values

    def parse(self, check_row: Callable[[Row], T | None], *, empty=None) -> list[T]:
        """The common case in one call: `check_row` on every row (it returns None for a row it
        refused), then `check`."""
        values = [value for value in map(check_row, self.rows) if value is not None]
        return self.check(values, empty=empty)


def read_table(
    data: bytes,
    header: list[str],
    *,
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_BYTES,
    invalid: type[TableInvalid] = TableInvalid,
) -> Table:
    """Read `data` as CSV or XLSX whose first line is exactly `header`. A file that cannot be
    read at all raises `invalid` at once; problems of single rows are collected in the table."""
    if len(data) > max_bytes:
        raise invalid([RowError(FILE_LEVEL, _too_big(max_bytes))])
    table = Table(header, invalid)
    workbook = data.startswith(XLSX_MAGIC)
    if workbook:
        max_rows = sheet_row_limit(max_rows, len(header))
        records, screen = sheet_records(data, table, max_rows), True
    else:
        text = _decode(data, invalid)
        records, screen = _csv_records(text, table), bool(FORBIDDEN_CHARACTERS.search(text))
    try:
        _read_rows(table, records, max_rows, workbook=workbook, screen=screen)
    finally:
        records.close()
    return table


def _read_rows(table: Table, records: Iterator, max_rows: int, *, workbook: bool, screen: bool) -> None:
    """Check the header, then keep the well-formed rows; blank rows are skipped. `screen`: look
    for forbidden characters row by row (a CSV text without any is checked once, whole)."""
    _check_header(table, next(records, None), workbook=workbook)
    count, width, keep = 0, len(table.header), table.rows.append
    for line, cells in records:
        cells = list(map(str.strip, cells))
        if not any(cells):
            continue
        count += 1
        if count > max_rows:
            table.refuse(line, _too_many_rows(max_rows, workbook=workbook))
            return
        if workbook:  # a sheet row has no trailing empty cells, or as many as were ever used
            cells = _trimmed(cells)
            cells += [""] * (width - len(cells))
        if len(cells) != width:
            table.refuse(line, _l("expected %(n)d columns, found %(m)d.", n=width, m=len(cells)))
        elif not screen or _plain(table, line, cells):
            keep(Row(table, line, cells))


def _check_header(table: Table, first: tuple[int, list[str]] | None, *, workbook: bool) -> None:
    found = [] if first is None else [cell.strip().lstrip("\ufeff").strip() for cell in first[1]]
    if (_trimmed(found) if workbook else found) != table.header:
        message = _l("The header must be exactly: %(h)s", h=",".join(table.header))
        raise table.invalid([*table.errors, RowError(first[0] if first else 1, message)])


def _plain(table: Table, line: int, cells: list[str]) -> bool:
    """No markup or control characters in the row (each bad cell is a problem)."""
    if not FORBIDDEN_CHARACTERS.search("\n".join(cells)):
        return True
    for column, cell in zip(table.header, cells, strict=True):
        if FORBIDDEN_CHARACTERS.search(cell):
            table.refuse(line, _l("%(column)s contains < or > or a control character.", column=column))
    return False


def upload_hint(max_rows: int, columns: int, max_bytes: int = MAX_BYTES) -> LazyString:
    """The formats and limits, for an upload field's description (said before the upload)."""
    return LazyString(
        lambda: gettext(
            "CSV (UTF-8 or GB18030) or Excel workbook (.xlsx), at most %(mb)s MB and %(rows)s rows "
            "(a workbook: %(sheet_rows)s rows).",
            mb=f"{max_bytes / 1024 / 1024:g}",
            rows=format_number(max_rows),
            sheet_rows=format_number(sheet_row_limit(max_rows, columns)),
        )
    )


def _too_many_rows(max_rows: int, *, workbook: bool):
    if workbook:
        return _l(
            "The workbook has more than %(n)d rows; split it, or save it as CSV (which may have more).",
            n=max_rows,
        )
    return _l("The file has more than %(n)d rows; split it into smaller files.", n=max_rows)


def _too_big(max_bytes: int):
    return _l("The file is larger than %(n)s MB.", n=f"{max_bytes / 1024 / 1024:g}")


def _decode(data: bytes, invalid: type[TableInvalid]) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), else GB18030."""
    if data.startswith(OLE_MAGIC):
        message = _l("This is an old Excel file (.xls) or a protected workbook. Save it as .xlsx or as CSV.")
        raise invalid([RowError(FILE_LEVEL, message)])
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    message = _l(
        "The file is neither CSV text (UTF-8 or GB18030) nor an Excel workbook (.xlsx). "
        "Save it as “CSV UTF-8” or as .xlsx and try again."
    )
    raise invalid([RowError(FILE_LEVEL, message)])


def _csv_records(text: str, table: Table) -> Iterator[tuple[int, list[str]]]:
    """The file's records with the line each ends on; a broken record ends the reading."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as error:
        problem = _l("the line cannot be read as CSV (%(problem)s).", problem=str(error))
        table.refuse(reader.line_num, problem)


def _trimmed(cells: list[str]) -> list[str]:
    """A row of stripped cells without its trailing empty ones."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]
