"""What the online votes of assembly meetings and committee elections share: writing a voter's
ballots in rounds of one guarded upsert each.

A vote has read the voter's ballots as they were (`seen`, by key: an (item, group) pair for a
meeting, a group for an election). Each round writes every ballot still pending with one
`INSERT … ON CONFLICT … DO UPDATE … WHERE`: the update replaces only an online ballot whose
receipt is one of those read (every online vote writes a new random receipt), so a ballot that
someone else recorded or changed since it was read (a co-owner at the same moment, a paper
ballot being entered) is never overwritten unseen. Its row comes back unwritten; the next round
reads it again, refuses it (paper, proxy) or replaces it with its history kept (a co-owner).

The upsert is written as text() in the SQL that SQLite and PostgreSQL share, built once per
shape (rows × receipts): SQLAlchemy compiles its dialects' `INSERT … ON CONFLICT` anew on every
execution (they are not cached), a text() once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import TextClause, bindparam, text

from portal.columns import UTCDateTime
from portal.errors import ConflictError

#: Rounds of "read, write what is unchanged" before a vote gives up on rows that keep changing.
ATTEMPTS = 3
KEEPS_CHANGING = _l("Another ballot for this owner was recorded at the same moment; please reload.")

Key = TypeVar("Key", bound=Hashable)


def rounds(
    pending: list[Key],
    seen: Mapping[Key, Any],
    *,
    read_again: Callable[[list[Key]], Mapping[Key, Any]],
    refuse: Callable[[Mapping[Key, Any], list[Key]], None],
    upsert: Callable[[list[Key], Mapping[Key, Any]], Mapping[Key, Any] | set],
) -> Iterator[tuple[Mapping[Key, Any], Mapping[Key, Any] | set]]:
    """Write the ballots of the `pending` keys, in their order, in rounds: each round keeps of
    `seen` the pending keys, lets `refuse` raise for a ballot that may not be replaced online,
    then `upsert`s them and yields (what it saw, what it wrote). Keys left unwritten were
    written by someone else meanwhile: the next round reads them again (`read_again`). Raises
    ConflictError when they keep changing."""
    for attempt in range(ATTEMPTS):
        if attempt:
            seen = read_again(pending)
        wanted = set(pending)
        seen = {key: found for key, found in seen.items() if key in wanted}
        refuse(seen, pending)
        written = upsert(pending, seen)
        yield seen, written
        pending = [key for key in pending if key not in written]
        if not pending:
            return
    raise ConflictError(KEEPS_CHANGING)


def receipt_guard(seen: Mapping[Any, Any]) -> tuple[int, dict[str, str | None]]:
    """The receipts seen (`seen_0`, `seen_1`…, what `GuardedUpsert` compares with), padded to a
    power of two by repeating the last, so that the statement has a few shapes, not one per
    count: (how many, their parameters)."""
    receipts = sorted({found.receipt for found in seen.values()}) or [None]
    size = 1 << (len(receipts) - 1).bit_length()
    return size, {f"seen_{n}": receipts[min(n, len(receipts) - 1)] for n in range(size)}


@dataclass(frozen=True)
class GuardedUpsert:
    """`INSERT INTO table (columns) VALUES (row), … ON CONFLICT (conflict) DO UPDATE SET
    updates WHERE the ballot is online and its receipt one of those seen RETURNING returning`.
    `row` names the n-th row's own parameters with `{n}` (`:group_{n}`); its other parameters
    are shared by every row (`:cast_at` is a UTC time), and the receipts are `receipt_guard`'s."""

    table: str
    columns: str
    row: str
    conflict: str
    updates: str
    returning: str

    def statement(self, rows: int, receipts: int) -> TextClause:
        """The upsert of `rows` ballots guarded by `receipts` receipts, built once per shape."""
        return _statement(self, rows, receipts)


@lru_cache(maxsize=256)
def _statement(upsert: GuardedUpsert, rows: int, receipts: int) -> TextClause:
    values = ", ".join(f"({upsert.row.format(n=n)})" for n in range(rows))
    seen = ", ".join(f":seen_{n}" for n in range(receipts))
    table = upsert.table
    return text(
        f"INSERT INTO {table} ({upsert.columns}) VALUES {values}"
        f" ON CONFLICT ({upsert.conflict}) DO UPDATE SET {upsert.updates}"
        f" WHERE {table}.channel = 'online' AND {table}.receipt IN ({seen})"
        f" RETURNING {upsert.returning}"
    ).bindparams(bindparam("cast_at", type_=UTCDateTime()))
