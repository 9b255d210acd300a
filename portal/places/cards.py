"""Compounds as cards in a list (the home page): found by name or address, a page at a time,
read as plain rows in one statement, so that a page costs the same in a district of 20
compounds as in one of 2,000."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, select

from portal.extensions import db
from portal.places.models import (
    Community,
    Compound,
    ManagementMode,
    ManagementPeriod,
    RosterSummary,
    StreetOffice,
)
from portal.places.services import hundredths_to_area

#: Compounds on one page of the home page's list (a district has a few hundred).
COMPOUNDS_PER_PAGE = 20


@dataclass(frozen=True)
class CompoundCard:
    """What a compound's card shows: its name and address, where it is, the management mode
    in force (None when none is recorded) and the roster figures of the last import."""

    id: int
    name: str
    address: str
    district: str
    street_office: str
    community: str
    mode: ManagementMode | None
    roster: RosterSummary


@dataclass(frozen=True)
class CardPage:
    """One page of cards and how many there are in all (what the pagination macro reads)."""

    items: list[CompoundCard]
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


def _cards() -> Select:
    """Rows of compound cards, in the order of street office, community and name."""
    mode_in_force = (
        select(ManagementPeriod.mode)
        .where(ManagementPeriod.compound_id == Compound.id, ManagementPeriod.ended_on.is_(None))
        .order_by(ManagementPeriod.started_on.desc())
        .limit(1)
        .scalar_subquery()
    )
    return (
        select(
            Compound.id,
            Compound.name,
            Compound.address,
            StreetOffice.district,
            StreetOffice.name,
            Community.name,
            mode_in_force,
            Compound.roster_units,
            Compound.roster_area_hundredths,
            Compound.roster_owner_groups,
        )
        .join(Community, Community.id == Compound.community_id)
        .join(StreetOffice, StreetOffice.id == Community.street_office_id)
        .order_by(StreetOffice.name, Community.name, Compound.name, Compound.id)
    )


def _card(row) -> CompoundCard:
    *names, mode, units, area, groups = row[:10]
    roster = RosterSummary(units or 0, hundredths_to_area(area), groups or 0)
    return CompoundCard(*names, ManagementMode(mode) if mode else None, roster)


def _like(words: str) -> str:
    """A LIKE pattern that finds `words` anywhere, with LIKE's wildcards taken literally."""
    escaped = words.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _matching(query: Select, search: str) -> Select:
    if not search.strip():
        return query
    pattern = _like(search)
    return query.where(
        Compound.name.ilike(pattern, escape="\\")
        | Compound.address.ilike(pattern, escape="\\")
        | Community.name.ilike(pattern, escape="\\")
        | StreetOffice.name.ilike(pattern, escape="\\")
    )


def compounds_page(search: str = "", *, page: int = 1, per_page: int = COMPOUNDS_PER_PAGE) -> CardPage:
    """One page of the compounds whose name, address, community or street office contains
    `search` (every compound without it), and how many match: one statement (the total rides
    along with each row), a second only for a page past the last, which has no items."""
    query = _matching(_cards(), search)
    rows = db.session.execute(
        query.add_columns(func.count().over()).limit(per_page).offset((page - 1) * per_page)
    ).all()
    if rows:
        total = rows[0][-1]
    elif page == 1:
        total = 0
    else:
        counted = _matching(select(func.count(Compound.id)).select_from(Compound), search)
        counted = counted.join(Community, Community.id == Compound.community_id).join(
            StreetOffice, StreetOffice.id == Community.street_office_id
        )
        total = db.session.scalar(counted)
    return CardPage([_card(row) for row in rows], page, per_page, total)


def compounds_with_ids(compound_ids: set[int]) -> list[CompoundCard]:
    """The cards of these compounds, in the list's order."""
    if not compound_ids:
        return []
    return compounds_where(Compound.id.in_(sorted(compound_ids)))


def compounds_where(condition: ColumnElement[bool]) -> list[CompoundCard]:
    """The cards of the compounds that meet `condition` (on `Compound`), in the list's order:
    one query, also when the compounds are themselves found by a query."""
    return [_card(row) for row in db.session.execute(_cards().where(condition))]
