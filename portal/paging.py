"""Lists a page at a time: the page's rows and how many there are in all in one statement (the
total rides along with each row as a window count), a second only for a page past the last;
`paginate` for lists of ORM objects (the notice board, the forum, the inbox, the queue...),
`paged_rows` for lists read as plain rows and found by words (the home page's compounds, the
overview's); and the way back from a page past the last to the last."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import redirect, url_for
from sqlalchemy import Select, bindparam, func, select

from portal.extensions import db


@dataclass(frozen=True)
class Page:
    """One page of items and how many there are in all (what the pagination macro reads)."""

    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return math.ceil(self.total / self.per_page)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def next_num(self) -> int:
        return self.page + 1


def windowed(query: Select) -> Select:
    """`query` with how many rows it has in all as its last column (a window over the whole
    result), limited to one page by the parameters `per_page` and `skip`: what `paged_rows`
    runs. A list whose query is the same on every request builds this once
    (`portal.statements.built_once`) and gives `values` to `paged_rows`."""
    return query.add_columns(func.count().over()).limit(bindparam("per_page")).offset(bindparam("skip"))


def paged_rows(
    query: Select, count: Callable[[], int], *, page: int, per_page: int, values: dict | None = None
) -> tuple[list, int]:
    """The rows of `query` on this page and how many rows it has in all: one statement (the
    count is a window over the whole result, the last column of each row), `count()` only for a
    page past the last, which has no rows. `query` may be `windowed` already, with the `values`
    of its other parameters."""
    statement = query if values is not None else windowed(query)
    bounds = {"per_page": per_page, "skip": (page - 1) * per_page}
    rows = db.session.execute(statement, {**(values or {}), **bounds}).all()
    if rows:
        return rows, rows[0][-1]
    return rows, 0 if page == 1 else count()


def paginate(query: Select, *, page: int, per_page: int, values: dict | None = None) -> Page:
    """A page of the objects an ORM query selects (`select(Model)`, with its loader options) and
    how many there are: one statement, where Flask-SQLAlchemy's `paginate` runs two (the page,
    then a count of a subquery of the whole query, built anew on every request). A list asked
    for on every request gives its query `windowed` and built once, with the `values` of its
    parameters (as `paged_rows` takes them)."""

    def count() -> int:
        whole = query.order_by(None) if values is None else query.order_by(None).limit(None).offset(None)
        return db.session.scalar(select(func.count()).select_from(whole.subquery()), values or {})

    rows, total = paged_rows(query, count, page=page, per_page=per_page, values=values)
    return Page([row[0] for row in rows], page, per_page, total)


def like(words: str) -> str:
    """A LIKE pattern that finds `words` anywhere, with LIKE's wildcards taken literally (use
    with `escape="\\"`)."""
    escaped = words.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_words(args, name: str = "q") -> str:
    """The words searched for, from the query string (50 characters at most)."""
    return args.get(name, "").strip()[:50]


def to_last_page(page: Page, endpoint: str, **args):
    """A redirect to the last page for a page past it (None on a page that exists); the first
    page is written without its number."""
    last = max(page.pages, 1)
    if page.page <= last:
        return None
    return redirect(url_for(endpoint, **args, page=last if last > 1 else None))
