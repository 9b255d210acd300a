"""Places: finding and creating them, and the roster figures that the law counts (DESIGN §3)."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from portal import audit
from portal.errors import DomainError
from portal.extensions import db
from portal.paging import like, paginate
from portal.places.models import Building, Community, Compound, RosterSummary, StreetOffice, Unit
from portal.statements import built_once


def hundredths_to_area(hundredths: int | None) -> Decimal:
    """Hundredths of a square metre as an exact Decimal in m² with two places."""
    return Decimal(int(hundredths or 0)).scaleb(-2).quantize(Decimal("0.01"))


def _summary_columns():
    return (
        func.count(Unit.id),
        func.coalesce(func.sum(Unit.area_hundredths), 0),
        func.count(func.distinct(Unit.owner_group_id)),
    )


def roster_summary(compound: Compound) -> RosterSummary:
    """Units, total area and owner groups of one compound, counted in SQL."""
    units, area, groups = db.session.execute(
        select(*_summary_columns()).where(Unit.compound_id == compound.id)
    ).one()
    return RosterSummary(units, hundredths_to_area(area), groups)


def refresh_roster_figures(compound: Compound) -> RosterSummary:
    """Count the roster in SQL and store the figures on the compound for list pages."""
    summary = roster_summary(compound)
    compound.roster_units = summary.units
    compound.roster_area_hundredths = int(summary.total_area * 100)
    compound.roster_owner_groups = summary.owner_groups
    return summary


def compounds_query() -> Select:
    """Compounds with their community, street office and management history loaded."""
    return (
        select(Compound)
        .join(Compound.community)
        .join(Community.street_office)
        .options(
            joinedload(Compound.community).joinedload(Community.street_office),
            selectinload(Compound.management_periods),
            selectinload(Compound.courtyards),
        )
        .order_by(StreetOffice.name, Community.name, Compound.name)
    )


def list_compounds(search: str = "") -> list[Compound]:
    """Every compound, optionally those whose name or community contains `search` (its
    wildcards taken literally)."""
    query = compounds_query()
    if search.strip():
        pattern = like(search)
        query = query.where(
            Compound.name.ilike(pattern, escape="\\") | Community.name.ilike(pattern, escape="\\")
        )
    return list(db.session.scalars(query))


@built_once
def _page_details() -> Select:
    return (
        select(Compound)
        .where(Compound.id == bindparam("compound_id"))
        .options(
            joinedload(Compound.community).joinedload(Community.street_office),
            joinedload(Compound.management_periods),
            joinedload(Compound.courtyards),
        )
        .execution_options(populate_existing=True)
    )


def with_page_details(compound: Compound) -> Compound:
    """The compound with what its page shows of it (community, street office, management
    history, courtyards) loaded in one statement rather than one each."""
    return db.session.scalars(_page_details(), {"compound_id": compound.id}).unique().one()


@built_once
def _buildings_with_unit_counts() -> Select:
    return (
        select(Building, func.count(Unit.id))
        .outerjoin(Unit, Unit.building_id == Building.id)
        .where(Building.compound_id == bindparam("compound_id"))
        .group_by(Building.id)
        .order_by(Building.name)
    )


def buildings_with_unit_counts(compound: Compound) -> list[tuple[Building, int]]:
    """The compound's buildings with how many units each has."""
    rows = db.session.execute(_buildings_with_unit_counts(), {"compound_id": compound.id})
    return [(building, count) for building, count in rows]


def _one(query, not_found, ambiguous):
    matches = list(db.session.scalars(query.limit(2)))
    if not matches:
        raise DomainError(not_found)
    if len(matches) > 1:
        raise DomainError(ambiguous)
    return matches[0]


def find_street_office(name: str) -> StreetOffice:
    return _one(
        select(StreetOffice).where(StreetOffice.name == name),
        _l("No street office is named %(name)s.", name=name),
        _l("Several street offices are named %(name)s.", name=name),
    )


def find_community(name: str, street: str | None = None) -> Community:
    query = select(Community).join(Community.street_office).where(Community.name == name)
    if street:
        query = query.where(StreetOffice.name == street)
    return _one(
        query,
        _l("No community is named %(name)s.", name=name),
        _l("Several communities are named %(name)s; name the street office too.", name=name),
    )


def find_compound(name: str, community: str | None = None, street: str | None = None) -> Compound:
    query = (
        select(Compound).join(Compound.community).join(Community.street_office).where(Compound.name == name)
    )
    if community:
        query = query.where(Community.name == community)
    if street:
        query = query.where(StreetOffice.name == street)
    return _one(
        query,
        _l("No compound is named %(name)s.", name=name),
        _l("Several compounds are named %(name)s; name the community too.", name=name),
    )


def ensure_compound(name: str, community: str | None = None, street: str | None = None) -> Compound:
    """Find the compound, or create it (and its community and street office) when both the
    community and the street office are named."""
    try:
        return find_compound(name, community, street)
    except DomainError:
        if not (community and street):
            raise
    office = db.session.scalar(select(StreetOffice).where(StreetOffice.name == street))
    office = office or StreetOffice(name=street)
    place = next((c for c in office.communities if c.name == community), None)
    place = place or Community(name=community, street_office=office)
    compound = Compound(name=name, community=place)
    db.session.add_all([office, place, compound])
    db.session.flush()
    return compound


def roster_page(compound: Compound, *, page: int, per_page: int):
    """One page of the compound's units with their building and owner group."""
    query = (
        select(Unit)
        .join(Unit.building)
        .options(joinedload(Unit.building), joinedload(Unit.owner_group))
        .where(Unit.compound_id == compound.id)
        .order_by(Building.name, Unit.name)
    )
    return paginate(query, page=page, per_page=per_page)


def roster_units(compound: Compound) -> list:
    """Every unit of the compound with its building, area and owner group (key and name),
    grouped by owner: what a notice freezes as the electorate (DESIGN §3)."""
    from portal.places.models import OwnerGroup

    query = (
        select(
            Unit.id.label("unit_id"),
            Building.name.label("building"),
            Unit.name.label("unit"),
            Unit.area_hundredths,
            OwnerGroup.owner_key,
            OwnerGroup.owner_name,
        )
        .join(Building, Building.id == Unit.building_id)
        .join(OwnerGroup, OwnerGroup.id == Unit.owner_group_id)
        .where(Unit.compound_id == compound.id)
        .order_by(OwnerGroup.owner_key, Building.name, Unit.name)
    )
    return list(db.session.execute(query))


def owner_keys_of_units(unit_ids: list[int]) -> dict[int, str]:
    """The current owner key of each of these units."""
    from portal.places.models import OwnerGroup

    if not unit_ids:
        return {}
    query = select(Unit.id, OwnerGroup.owner_key).join(OwnerGroup, OwnerGroup.id == Unit.owner_group_id)
    return dict(db.session.execute(query.where(Unit.id.in_(unit_ids))).all())


def owner_group_totals(group_ids: set[int]) -> tuple[int, int]:
    """How many of these owner groups there are and their total area in hundredths."""
    if not group_ids:
        return 0, 0
    owners, area = db.session.execute(
        select(
            func.count(func.distinct(Unit.owner_group_id)), func.coalesce(func.sum(Unit.area_hundredths), 0)
        ).where(Unit.owner_group_id.in_(group_ids))
    ).one()
    return owners, int(area)


def find_units(compound: Compound, *, building: str = "", unit: str = "", limit: int = 2000) -> list[Unit]:
    """The compound's units, optionally of one building and one unit name, in order."""
    query = (
        select(Unit)
        .join(Building, Building.id == Unit.building_id)
        .options(joinedload(Unit.building))
        .where(Unit.compound_id == compound.id)
    )
    if building:
        query = query.where(Building.name == building)
    if unit:
        query = query.where(Unit.name == unit)
    return list(db.session.scalars(query.order_by(Building.name, Unit.name).limit(limit)))


def set_committee_contact(compound: Compound, *, hours: str, phone: str, actor) -> Compound:
    """The committee publishes when and how owners can reach it (both may be left empty)."""
    before = {"hours": compound.committee_hours, "phone": compound.committee_phone}
    compound.committee_hours, compound.committee_phone = (
        (hours or "").strip()[:200],
        (phone or "").strip()[:20],
    )
    after = {"hours": compound.committee_hours, "phone": compound.committee_phone, "compound": compound.name}
    audit.record(
        "committee_contact_changed",
        compound,
        before=before,
        after=after,
        compound_id=compound.id,
        actor=actor,
    )
    return compound


def start_management_period(compound: Compound, mode, provider: str, started_on, note: str = ""):
    """A new management mode from `started_on` on: the period in force ends the day before.
    The new period must start after the current one started. (Audited by the caller.)"""
    from datetime import timedelta

    from portal.places.models import ManagementPeriod

    current = compound.current_management
    if current is not None and started_on <= current.started_on:
        raise DomainError(_l("The new mode must start after the current one started."))
    if current is not None:
        current.ended_on = started_on - timedelta(days=1)
    period = ManagementPeriod(mode=mode, provider=provider.strip(), started_on=started_on, note=note.strip())
    compound.management_periods.append(period)
    db.session.flush()
    return period
