"""Inserting many rows at once, for imports: COPY on PostgreSQL, one executemany on SQLite,
without an ORM object or SQLAlchemy's per-row parameter handling (which costs more than the
database itself for a file of 100,000 rows)."""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence

from sqlalchemy import Enum, Table, exc, insert

from portal.extensions import db


def insert_rows(table: Table, columns: Sequence[str], rows: list[tuple], **constants) -> int:
    """Insert `rows` (tuples of the `columns`' values), each with the same `constants`, in the
    session's transaction. Values pass through the column types (enums, UTC times) as in any
    insert. Every column with a Python-side default must be given. A constraint violation
    raises sqlalchemy.exc.IntegrityError; run it in a savepoint to keep the rest of the
    transaction. Returns the number of rows."""
    if not rows:
        return 0
    names = [*columns, *constants]
    missing = sorted(
        column.name for column in table.c if column.default is not None and column.name not in names
    )
    if missing:
        raise ValueError(f"insert_rows: give values for {missing}")
    connection = db.session.connection()
    dialect = connection.dialect
    fixed = tuple(_converter(table, name, dialect)(value) for name, value in constants.items())
    converters = [(index, _converter(table, name, dialect)) for index, name in enumerate(columns)]
    converters = [(index, convert) for index, convert in converters if convert is not _unchanged]
    rows = [_converted(row, converters) + fixed for row in rows]
    if dialect.name == "postgresql":
        _copy(connection, table, names, rows)
    else:
        statement = insert(table).compile(dialect=dialect, column_keys=names)
        order = list(statement.positiontup or names)
        if order != names:
            reorder = operator.itemgetter(*(names.index(name) for name in order))
            rows = [reorder(row) for row in rows]
        connection.exec_driver_sql(str(statement), rows)
    return len(rows)


def _unchanged(value):
    return value


def _converter(table: Table, name: str, dialect):
    """The column type's conversion of a Python value for the database (identity if none); an
    enum's few values are converted once each."""
    column_type = table.c[name].type
    convert = column_type.dialect_impl(dialect).bind_processor(dialect) or _unchanged
    return functools.lru_cache(maxsize=64)(convert) if isinstance(column_type, Enum) else convert


def _converted(row: tuple, converters: list) -> tuple:
    if not converters:
        return tuple(row)
    values = list(row)
    for index, convert in converters:
        values[index] = convert(values[index])
    return tuple(values)


def _copy(connection, table: Table, names: list[str], rows: list[tuple]) -> None:
    """PostgreSQL's COPY FROM STDIN through psycopg, on the session's connection."""
    quote = connection.dialect.identifier_preparer
    statement = f"COPY {quote.format_table(table)} ({', '.join(quote.quote(n) for n in names)}) FROM STDIN"
    driver = connection.dialect.loaded_dbapi
    try:
        with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except driver.IntegrityError as error:
        raise exc.IntegrityError(statement, None, error) from error
