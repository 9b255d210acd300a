"""Reading the first sheet of an Excel workbook (.xlsx) with openpyxl, within limits that keep
an upload well inside the request timeout, and turning its values into the text a person sees."""

from __future__ import annotations

import io
import math
import warnings
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook

from portal.tabular.errors import FILE_LEVEL, RowError

if TYPE_CHECKING:
    from portal.tabular.reading import Table

XLSX_MAGIC = b"PK\x03\x04"
#: openpyxl reads roughly 100,000 cells a second on the 2-core server (a CSV is read ten times
#: faster), so a sheet is read up to this many cells: 18,000 rows of 8 columns, 50,000 of 3.
MAX_CELLS = 150_000
#: The workbook's parts once unzipped: far more than such a sheet needs, far less than a zip bomb.
MAX_UNZIPPED = 64 * 1024 * 1024
#: Blank rows read beyond the row limit before the reading stops (a sheet may have gaps).
MAX_BLANK_ROWS = 10_000


def sheet_row_limit(max_rows: int, columns: int) -> int:
    """The most data rows read from a sheet of `columns` columns (in whole thousands)."""
    limit = MAX_CELLS // max(columns, 1)
    return min(max_rows, limit // 1000 * 1000 or limit)


def sheet_records(data: bytes, table: Table, max_rows: int) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's rows as text with their sheet row numbers. A workbook that cannot be
    opened raises the table's `invalid`; one that breaks or grows too large while being read
    ends the reading with a problem."""
    book = _open(data, table)
    max_line, max_cells, cells = max_rows + 1 + MAX_BLANK_ROWS, 2 * MAX_CELLS, 0
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some writers record wrong dimensions
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells += len(values)
            if line > max_line or cells > max_cells:
                table.refuse(line, _l("The workbook is too large to read here; save it as CSV."))
                return
            yield line, [cell_text(value) for value in values]
    except Exception:  # a damaged sheet fails in many ways; reported as a problem of the file
        table.refuse(FILE_LEVEL, _UNREADABLE)
    finally:
        book.close()


_UNREADABLE = _l("The workbook cannot be read. Open it in Excel, save it as .xlsx and try again.")


def _open(data: bytes, table: Table):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
        if unzipped > MAX_UNZIPPED:
            problem = _l("The workbook is too large to read here; save it as CSV.")
            raise table.invalid([RowError(FILE_LEVEL, problem)])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about features it does not read
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except table.invalid:
        raise
    except Exception as error:  # a damaged or hostile archive fails in many ways
        raise table.invalid([RowError(FILE_LEVEL, _UNREADABLE)]) from error


def cell_text(value) -> str:
    """A spreadsheet value as the text a person sees: 12 → "12", 80.5 → "80.5" (15 significant
    digits, as Excel shows them, never in exponent form), dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format(Decimal(format(value, ".15g")), "f") if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)
