"""Writing a table for download: CSV (UTF-8 with BOM, so that Excel shows Chinese) or XLSX,
with text that a spreadsheet would run as a formula kept as plain text."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, time
from decimal import Decimal
from urllib.parse import quote

from flask import Response
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from werkzeug.exceptions import NotFound

#: A spreadsheet runs a cell starting with one of these as a formula (or may, after a TAB or CR).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_KEPT_TYPES = (int, float, Decimal, date, time)
_SHEET_TITLE_UNSAFE = re.compile(r"[\[\]:*?/\\]")
_FILENAME_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_cell(value):
    """The value to write: numbers, booleans and dates as they are, None as empty, anything
    else as text, prefixed with ' when a spreadsheet would run it as a formula."""
    if value is None:
        return ""
    if isinstance(value, _KEPT_TYPES):  # bool is an int
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _safe_rows(rows: Iterable[Iterable]) -> Iterable[list]:
    return ([safe_cell(value) for value in row] for row in rows)


def to_csv(rows: Iterable[Iterable]) -> bytes:
    """The rows as CSV in UTF-8 with a byte-order mark (Excel then reads Chinese correctly)."""
    out = io.StringIO()
    csv.writer(out).writerows(_safe_rows(rows))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(rows: Iterable[Iterable], title: str) -> bytes:
    """The rows as a one-sheet workbook named `title` (characters Excel refuses removed)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_SHEET_TITLE_UNSAFE.sub("", str(title))[:31] or "Sheet1")
    for row in _safe_rows(rows):
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name and the real (e.g. Chinese) name per RFC 5987."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    stem, _, extension = ascii_name.rpartition(".")
    fallback = _FILENAME_UNSAFE.sub("_", stem).strip("_.-") or "export"
    fallback = f"{fallback}.{_FILENAME_UNSAFE.sub('', extension)}" if extension else fallback
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download(rows: Iterable[Iterable], fmt: str, name: str) -> Response:
    """The rows as a file to save, `name`.csv or `name`.xlsx; another format is a 404. Exports
    hold private data, so nothing (browser, proxy) may keep a copy."""
    if fmt not in CONTENT_TYPES:
        raise NotFound()
    body = to_csv(rows) if fmt == "csv" else to_xlsx(rows, name)
    response = Response(body, content_type=CONTENT_TYPES[fmt])
    response.headers["Content-Disposition"] = content_disposition(f"{name}.{fmt}")
    response.headers["Cache-Control"] = "no-store"
    return response
