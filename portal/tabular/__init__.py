"""Tables in and out, for every capability: read a CSV or XLSX upload all or nothing with
row-numbered problems, parse its cells, and write CSV/XLSX downloads that are formula-safe.

    table = tabular.read_table(data, HEADER, max_rows=5_000, invalid=LedgerInvalid)
    entries = table.parse(check_row, empty=_l("The file has no entries."))
    ...
    return tabular.download(rows, fmt, name)
"""

from portal.tabular.cells import (
    parse_choice,
    parse_date,
    parse_decimal,
    parse_hundredths,
    parse_int,
    parse_text,
)
from portal.tabular.errors import FILE_LEVEL, CellError, RowError, TableInvalid
from portal.tabular.reading import (
    ACCEPT,
    MAX_BYTES,
    MAX_ROWS,
    Row,
    Table,
    read_table,
    upload_hint,
)
from portal.tabular.workbook import MAX_CELLS, cell_text, sheet_row_limit
from portal.tabular.writing import CONTENT_TYPES, content_disposition, download, safe_cell, to_csv, to_xlsx

__all__ = [
    "ACCEPT",
    "CONTENT_TYPES",
    "FILE_LEVEL",
    "MAX_BYTES",
    "MAX_CELLS",
    "MAX_ROWS",
    "CellError",
    "Row",
    "RowError",
    "Table",
    "TableInvalid",
    "cell_text",
    "content_disposition",
    "download",
    "parse_choice",
    "parse_date",
    "parse_decimal",
    "parse_hundredths",
    "parse_int",
    "parse_text",
    "read_table",
    "safe_cell",
    "sheet_row_limit",
    "to_csv",
    "to_xlsx",
    "upload_hint",
]
