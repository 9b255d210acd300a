"""The street office's and community's overview: the compounds in scope, a page at a time
(found by name, address, community or street office, as on the home page), each with its management
mode, assembly status, committee status (its term's end, whether filed, elections under way),
verified owners as a share of owner groups, open and overdue complaints, volunteer hours this
year, whether its ledger is published up to last month; and coverage by mode (物业管理全覆盖), counted
over every compound in scope by one aggregate query, with a bar chart drawn on the server as SVG.
Facts come from the capabilities that own them (`portal.panels.facts`), each in one query for the
compounds of the page (of all of them for the export)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import contains_eager, selectinload

from portal.auth.models import Role
from portal.extensions import db
from portal.ledger.rules import period_of, previous_period
from portal.paging import Page, like, paged_rows, windowed
from portal.panels import facts
from portal.places import cards
from portal.places.models import Community, Compound, ManagementMode
from portal.places.services import compounds_query
from portal.statements import built_once

#: Compounds on one page of the overview (a street office has up to a few hundred).
COMPOUNDS_PER_PAGE = 20

#: Coverage groups, in the order of the goal: professional, basic, self-governed, none.
MODES = ("professional", "basic", "self_governed", "none")
MODE_NAMES = {
    "professional": _l("Professional property service"),
    "basic": _l("Basic property service"),
    "self_governed": _l("Owner self-governance"),
    "none": _l("No management"),
}
ASSEMBLY_NAMES = {
    "none": _l("Not established"),
    "preparing": _l("Preparatory group at work"),
    "established": _l("Established"),
}
COMMITTEE_NAMES = {
    "current": _l("In office"),
    "expired": _l("Term expired"),
    "none": _l("No committee"),
}
CHART_TITLE = _l("Compounds by management mode")
MODE_COLOURS = {"professional": "#0d6efd", "basic": "#198754", "self_governed": "#fd7e14", "none": "#6c757d"}


@dataclass(frozen=True)
class CompoundLine:
    compound: Compound
    mode: str
    provider: str
    assembly: str | None
    verified_groups: int
    owner_groups: int
    volunteer_minutes: int | None
    ledger_through: int | None
    ledger_current: bool
    committee: str = "none"
    committee_ends_on: date | None = None
    committee_filed_on: date | None = None
    elections_in_progress: int = 0
    open_complaints: int = 0
    overdue_complaints: int = 0


@dataclass(frozen=True)
class Coverage:
    mode: str
    count: int
    total: int

    @property
    def percent(self) -> int:
        """The share in whole per cent, rounded half up, in integers."""
        return (200 * self.count + self.total) // (2 * self.total) if self.total else 0


def scope(user) -> list:
    """SQL conditions on compounds: admins (the street office, for now) see every compound;
    community staff those of their communities."""
    ids = _communities_overseen(user)
    return [] if ids is None else [Compound.community_id.in_(ids)]


def _communities_overseen(user) -> list[int] | None:
    """The communities whose compounds the person oversees; None for all of them (admins)."""
    if any(grant.role == Role.ADMIN for grant in user.grants):
        return None
    return [g.community_id for g in user.grants if g.role == Role.COMMUNITY_STAFF]


def _in_scope(scoped: bool) -> list:
    """`scope` for a statement built once: the communities as the parameter `community_ids`."""
    return [Compound.community_id.in_(bindparam("community_ids", expanding=True))] if scoped else []


def compounds_in_scope(user) -> list[Compound]:
    """Every compound the person oversees (the export lists them all)."""
    return list(db.session.scalars(compounds_query().where(*scope(user))))


def overview_page(user, search: str, page: int, today: date, per_page: int = COMPOUNDS_PER_PAGE) -> Page:
    """One page of the lines of the compounds in scope that match `search`, and how many match:
    the page's compounds in one statement (with their community, street office and the count),
    their management periods in a second, then the facts for those compounds only."""
    communities = _communities_overseen(user)
    values = {} if communities is None else {"community_ids": communities}
    if search.strip():
        values["pattern"] = like(search)
    query = _compounds_page(communities is not None, "pattern" in values)

    def count() -> int:  # a page past the last
        return cards.counted(search, *scope(user))

    rows, total = paged_rows(query, count, page=page, per_page=per_page, values=values)
    return Page(overview([row[0] for row in rows], today), page, per_page, total)


@built_once
def _compounds_page(scoped: bool, searching: bool) -> Select:
    """A page of the compounds in scope (`paging.windowed`), like `pattern` when searching, with
    their community, street office and management periods."""
    query = cards.in_list_order(select(Compound).where(*_in_scope(scoped)))
    if searching:
        query = query.where(cards.matches(bindparam("pattern")))
    query = query.options(
        contains_eager(Compound.community).contains_eager(Community.street_office),
        selectinload(Compound.management_periods),
    )
    return windowed(query)


def coverage_in_scope(user) -> list[Coverage]:
    """Coverage by management mode of every compound in scope, counted by the database (one
    GROUP BY over the mode in force of each compound)."""
    communities = _communities_overseen(user)
    values = {} if communities is None else {"community_ids": communities}
    counts = {
        ManagementMode(mode).value if mode else "none": n
        for mode, n in db.session.execute(_coverage(communities is not None), values)
    }
    total = sum(counts.values())
    return [Coverage(mode, counts.get(mode, 0), total) for mode in MODES]


@built_once
def _coverage(scoped: bool) -> Select:
    modes = (
        select(cards.mode_in_force().label("mode")).select_from(Compound).where(*_in_scope(scoped)).subquery()
    )
    return select(modes.c.mode, func.count()).group_by(modes.c.mode)


def overview(compounds: list[Compound], today: date) -> list[CompoundLine]:
    """One line per compound, from a constant number of queries."""
    assembly = facts("assembly_status", compounds)
    verified = facts("verified_owner_groups", compounds)
    minutes = facts("volunteer_minutes_this_year", compounds)
    ledger = facts("ledger_published_through", compounds)
    committee = facts("committee_status", compounds)  # state, ends_on, filed_on
    elections = facts("elections_in_progress", compounds)
    complaints = facts("open_complaints", compounds)  # open, overdue
    last_month = previous_period(period_of(today))
    lines = []
    for compound in compounds:
        period = compound.current_management
        term = committee.get(compound.id)
        cases = complaints.get(compound.id)
        lines.append(
            CompoundLine(
                compound=compound,
                mode=period.mode.value if period else "none",
                provider=period.provider if period else "",
                assembly=assembly.get(compound.id),
                verified_groups=verified.get(compound.id, 0),
                owner_groups=compound.roster_owner_groups or 0,
                volunteer_minutes=minutes.get(compound.id, 0) if minutes is not None else None,
                ledger_through=ledger.get(compound.id),
                ledger_current=(ledger.get(compound.id) or 0) >= last_month,
                committee=term.state if term else "none",
                committee_ends_on=term.ends_on if term else None,
                committee_filed_on=term.filed_on if term else None,
                elections_in_progress=elections.get(compound.id, 0),
                open_complaints=cases.open if cases else 0,
                overdue_complaints=cases.overdue if cases else 0,
            )
        )
    return lines


def coverage(lines: list[CompoundLine]) -> list[Coverage]:
    return [Coverage(mode, sum(1 for line in lines if line.mode == mode), len(lines)) for mode in MODES]


def chart_svg(shares: list[Coverage]) -> Markup:
    """Horizontal bars, one per mode, with the count and share written beside each."""
    row, width, label_w = 34, 320, 0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 {row * len(shares) + 8}" role="img" '
        f'aria-labelledby="coverage-chart-title" class="w-100" style="max-width: 36rem">',
        f'<title id="coverage-chart-title">{escape(CHART_TITLE)}</title>',
    ]
    for n, share in enumerate(shares):
        y = 4 + n * row
        bar = int(width * share.count / share.total) if share.total else 0
        label = f"{MODE_NAMES[share.mode]} {share.count} ({share.percent}%)"
        parts.append(
            f'<rect x="{label_w}" y="{y + 16}" width="{max(bar, 2)}" height="12" rx="2" '
            f'fill="{MODE_COLOURS[share.mode]}"/>'
            f'<text x="{label_w}" y="{y + 12}" font-size="13" fill="#212529">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
