"""Compounds as cards in a list (the home page): found by name or address, a page at a time,
read as plain rows in one statement, so that a page costs the same in a district of 20
compounds as in one of 2,000."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, bindparam, func, select

from portal.extensions import db
from portal.paging import Page, like, paged_rows, windowed
from portal.places.models import (
    Community,
    Compound,
    ManagementMode,
    ManagementPeriod,
    RosterSummary,
    StreetOffice,
)
from portal.places.services import hundredths_to_area
from portal.statements import built_once

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


def mode_in_force():
    """SQL: the compound's management mode in force (NULL where none is recorded)."""
    return (
        select(ManagementPeriod.mode)
        .where(ManagementPeriod.compound_id == Compound.id, ManagementPeriod.ended_on.is_(None))
        .order_by(ManagementPeriod.started_on.desc())
        .limit(1)
        .scalar_subquery()
    )


def in_list_order(query: Select) -> Select:
    """`query` on compounds joined to their community and street office, in the lists' order
    (street office, community, name)."""
    return (
        query.join(Community, Community.id == Compound.community_id)
        .join(StreetOffice, StreetOffice.id == Community.street_office_id)
        .order_by(StreetOffice.name, Community.name, Compound.name, Compound.id)
    )


def _cards() -> Select:
    """Rows of compound cards, in the order of street office, community and name."""
    return in_list_order(
        select(
            Compound.id,
            Compound.name,
            Compound.address,
            StreetOffice.district,
            StreetOffice.name,
            Community.name,
            mode_in_force(),
            Compound.roster_units,
            Compound.roster_area_hundredths,
            Compound.roster_owner_groups,
        )
    )


def _card(row) -> CompoundCard:
    *names, mode, units, area, groups = row[:10]
    roster = RosterSummary(units or 0, hundredths_to_area(area), groups or 0)
    return CompoundCard(*names, ManagementMode(mode) if mode else None, roster)


def matches(pattern):
    """SQL: the compound's name, address, community or street office is like `pattern`."""
    return (
        Compound.name.ilike(pattern, escape="\\")
        | Compound.address.ilike(pattern, escape="\\")
        | Community.name.ilike(pattern, escape="\\")
        | StreetOffice.name.ilike(pattern, escape="\\")
    )


def matching(query: Select, search: str) -> Select:
    """`query` (on compounds joined to their community and street office) narrowed to those
    whose name, address, community or street office contains `search` (all without it)."""
    return query.where(matches(like(search))) if search.strip() else query


def counted(search: str, *conditions) -> int:
    """How many compounds match `search` (and the conditions)."""
    query = select(func.count(Compound.id)).select_from(Compound).where(*conditions)
    query = query.join(Community, Community.id == Compound.community_id).join(
        StreetOffice, StreetOffice.id == Community.street_office_id
    )
    return db.session.scalar(matching(query, search))


@built_once
def _cards_page(searching: bool) -> Select:
    """A page of cards (`paging.windowed`), of the compounds like the parameter `pattern` when
    searching: built once, since the home page runs it on every visit."""
    return windowed(_cards().where(matches(bindparam("pattern"))) if searching else _cards())


def compounds_page(search: str = "", *, page: int = 1, per_page: int = COMPOUNDS_PER_PAGE) -> Page:
    """One page of the compounds whose name, address, community or street office contains
    `search` (every compound without it), and how many match (see `paged_rows`)."""
    searching = bool(search.strip())
    values = {"pattern": like(search)} if searching else {}
    rows, total = paged_rows(
        _cards_page(searching), lambda: counted(search), page=page, per_page=per_page, values=values
    )
    return Page([_card(row) for row in rows], page, per_page, total)


def cards_where(condition: ColumnElement[bool]) -> Select:
    """The statement of the cards of the compounds that meet `condition` (on `Compound`), in the
    list's order (to build once where the condition's shape is the same on every request)."""
    return _cards().where(condition)


def cards_of(statement: Select, values: dict | None = None) -> list[CompoundCard]:
    """The cards a `cards_where` statement finds, with the values of its parameters."""
    return [_card(row) for row in db.session.execute(statement, values or {})]
