"""Roster import: a CSV or XLSX table of units and owners, checked whole, then applied in one
transaction.

Header: building,unit,area_m2,area_source,owner_key,owner_name,owner_phone,status. Units of one
`owner_key` form one owner group; unsold and undelivered units all join the developer's group
(法释〔2009〕7号 Art. 9). Any bad row rejects the whole file and nothing changes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, delete, insert, select, type_coerce, update

from portal import audit, bulk, tabular
from portal.extensions import db
from portal.places.models import (
    DEVELOPER_OWNER_KEY,
    AreaSource,
    Building,
    Compound,
    OwnerGroup,
    Unit,
    UnitStatus,
)
from portal.places.services import refresh_roster_figures, roster_summary
from portal.places.signals import units_changed_owner
from portal.tabular import Row, TableInvalid

HEADER = [
    "building",
    "unit",
    "area_m2",
    "area_source",
    "owner_key",
    "owner_name",
    "owner_phone",
    "status",
]
#: The most units one file may hold: an 8 MB file holds about 100,000, and 120,000 are imported
#: in about 4 s (bench/README.md).
MAX_UNITS = 120_000
MIN_AREA, MAX_AREA = Decimal("0.01"), Decimal("99999.99")
MAX_AUDITED_CHANGES = 500
#: Units that changed owner are announced in batches, so that a receiver's `IN (...)` stays
#: within the databases' limits on parameters (SQLite 32,766; PostgreSQL 65,535).
MOVED_PER_SIGNAL = 10_000
MAX_LENGTHS = {"building": 50, "unit": 50, "owner_key": 64, "owner_name": 100, "owner_phone": 20}
REQUIRED = ("building", "unit")


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One checked line of the roster file."""

    line: int
    building: str
    unit: str
    area_hundredths: int
    area_source: AreaSource
    owner_key: str
    owner_name: str
    owner_phone: str
    status: UnitStatus


class RosterInvalid(TableInvalid):
    """The roster file was refused; `errors` lists every problem found."""

    @staticmethod
    def summary(count: int):
        return _l("The roster was not imported. Problems found: %(n)d.", n=count)


@dataclass
class ImportReport:
    """What an import did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_in_file: int = 0
    rows: int = 0
    owners_updated: int = 0
    #: Verified claims sent back for verification because their unit changed owner.
    claims_reopened: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def parse_area(text: str, column: str = "area_m2") -> int:
    """Square metres, positive, with at most two decimals, as integer hundredths."""
    return tabular.parse_hundredths(text, column, MIN_AREA, MAX_AREA)


def _check_row(row: Row) -> RosterRow | None:
    """The row's values, or None with its problems recorded."""
    building, unit, _area, _source, key, name, phone, _status = row.cells
    for column, limit in MAX_LENGTHS.items():
        text = row[column]
        if len(text) > limit or (not text and column in REQUIRED):  # the parser says what is wrong
            row.parse(column, tabular.parse_text, limit, required=column in REQUIRED)
    hundredths = row.parse("area_m2", parse_area)
    source = row.choice("area_source", AreaSource, AreaSource.REGISTERED)
    status = row.choice("status", UnitStatus, UnitStatus.DELIVERED)
    if status == UnitStatus.DELIVERED and not key:
        row.refuse(_l("owner_key is required for a delivered unit."))
    if status == UnitStatus.DELIVERED and key == DEVELOPER_OWNER_KEY:
        row.refuse(_l("owner_key %(key)s is reserved for the developer.", key=key))
    if row.failed:
        return None
    if status != UnitStatus.DELIVERED:
        key, name, phone = DEVELOPER_OWNER_KEY, "", ""
    return RosterRow(row.line, building, unit, hundredths, source, key, name, phone, status)


def _check_consistency(table: tabular.Table, rows: list[RosterRow]) -> None:
    """Each unit once in the file; one name per owner key."""
    seen_units: dict[tuple[str, str], int] = {}
    owner_names: dict[str, tuple[str, int]] = {}
    for row in rows:
        other = seen_units.setdefault((row.building, row.unit), row.line)
        if other != row.line:
            message = _l(
                "unit %(b)s %(u)s also appears on row %(other)d.", b=row.building, u=row.unit, other=other
            )
            table.refuse(row.line, message)
        first_name, first_line = owner_names.setdefault(row.owner_key, (row.owner_name, row.line))
        if row.owner_name != first_name:
            message = _l(
                "owner_key %(key)s has a different owner_name on row %(other)d.",
                key=row.owner_key,
                other=first_line,
            )
            table.refuse(row.line, message)


def parse_roster(data: bytes) -> list[RosterRow]:
    """Check the whole file (CSV or XLSX); return its rows or raise RosterInvalid with every
    problem."""
    table = tabular.read_table(data, HEADER, max_rows=MAX_UNITS, invalid=RosterInvalid)
    rows = [row for row in map(_check_row, table) if row is not None]
    _check_consistency(table, rows)
    table.errors.sort(key=lambda error: error.line)
    return table.check(rows, empty=_l("The file has no units."))


def _owner_groups(
    compound: Compound, rows: list[RosterRow]
) -> tuple[dict[str, int], dict[int, str], int, set[int]]:
    """The ids of the owner groups the file names by key (new ones inserted), the keys of the
    compound's groups before the import by id, how many got a new name or phone, and the ids of
    those that now name a different owner (another name than the one they had)."""
    groups = OwnerGroup.__table__.c
    query = select(groups.id, groups.owner_key, groups.owner_name, groups.owner_phone)
    existing = {
        key: (group_id, name, phone)
        for group_id, key, name, phone in _core_rows(query.where(groups.compound_id == compound.id))
    }
    from portal.registration.warnings import same_name

    wanted: dict[str, tuple[str, str]] = {}
    for row in rows:
        phone = row.owner_phone or wanted.get(row.owner_key, ("", ""))[1]
        if not phone and row.owner_key in existing:
            phone = existing[row.owner_key][2]
        # A blank name keeps the one on record (as a blank phone does).
        name = row.owner_name or wanted.get(row.owner_key, ("", ""))[0]
        if not name and row.owner_key in existing:
            name = existing[row.owner_key][1]
        wanted[row.owner_key] = (name, phone)
    new = [(key, name, phone) for key, (name, phone) in wanted.items() if key not in existing]
    changed = [
        {"id": existing[key][0], "owner_name": name, "owner_phone": phone}
        for key, (name, phone) in wanted.items()
        if key in existing and existing[key][1:] != (name, phone)
    ]
    columns = ("owner_key", "owner_name", "owner_phone")
    bulk.insert_rows(OwnerGroup.__table__, columns, new, compound_id=compound.id)
    if changed:
        db.session.execute(update(OwnerGroup), changed)
    ids = dict(_core_rows(select(groups.owner_key, groups.id).where(groups.compound_id == compound.id)).all())
    # Another owner under the same key: only two non-empty names that differ beyond spacing and
    # case (the registration's comparison) count; a blank cell or "张 三" is the same owner.
    renamed = {
        existing[key][0]
        for key, (name, _phone) in wanted.items()
        if key in existing and existing[key][1] and name and not same_name(existing[key][1], name)
    }
    return ids, {group_id: key for key, (group_id, _, _) in existing.items()}, len(changed), renamed


def _buildings(compound: Compound, rows: list[RosterRow]) -> dict[str, int]:
    """The ids of the compound's buildings by name, with the new ones of the file inserted."""
    query = select(Building.name, Building.id).where(Building.compound_id == compound.id)
    ids = dict(db.session.execute(query).all())
    new = [{"compound_id": compound.id, "name": name} for name in dict.fromkeys(r.building for r in rows)]
    new = [fields for fields in new if fields["name"] not in ids]
    if new:
        db.session.execute(insert(Building.__table__), new)
        ids = dict(db.session.execute(query).all())
    return ids


def import_roster(compound: Compound, data: bytes, *, actor=None) -> ImportReport:
    """Check `data` whole, then create or update the compound's units in place (key: building +
    unit), keeping their claims. Units missing from the file are kept and counted."""
    rows = parse_roster(data)
    before = roster_summary(compound).as_dict()
    group_ids, old_keys, owners_updated, renamed = _owner_groups(compound, rows)
    plan = _plan_units(compound, rows, _buildings(compound, rows), group_ids, old_keys)
    plan.write()
    plan.moved += _units_with_a_new_owner(renamed, set(plan.moved))
    _remove_empty_groups(compound)
    _forget_stale_objects(compound)
    report = ImportReport(
        created=len(plan.new),
        updated=len(plan.changed),
        unchanged=plan.unchanged,
        not_in_file=plan.not_in_file,
        rows=len(rows),
        owners_updated=owners_updated,
    )
    for start in range(0, len(plan.moved), MOVED_PER_SIGNAL):
        results = units_changed_owner.send(compound, unit_ids=plan.moved[start : start + MOVED_PER_SIGNAL])
        report.claims_reopened += sum(result or 0 for _, result in results)
    audit.record(
        "roster_imported",
        compound,
        before=before,
        after={**refresh_roster_figures(compound).as_dict(), **report.as_dict(), "changes": plan.changes},
        compound_id=compound.id,
        actor=actor,
    )
    return report


UNIT_FIELDS = (Unit.area_hundredths, Unit.area_source, Unit.status, Unit.owner_group_id)
FIELD_NAMES = tuple(column.key for column in UNIT_FIELDS)
#: Read as their stored text: a StrEnum member equals its value, so comparing needs no conversion.
ENUM_FIELDS = ("area_source", "status")


@dataclass
class _UnitPlan:
    """What the import does to the compound's units: rows to insert, rows to update (with the
    audit's before and after of the first MAX_AUDITED_CHANGES), units that changed owner."""

    compound_id: int
    new: list[tuple] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)
    moved: list[int] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    unchanged: int = 0
    not_in_file: int = 0

    def change(self, row: RosterRow, unit_id: int, stored: tuple, values: tuple, old_keys: dict) -> None:
        changed = {
            name: new for name, old, new in zip(FIELD_NAMES, stored, values, strict=True) if old != new
        }
        if "owner_group_id" in changed:
            self.moved.append(unit_id)
        if len(self.changes) < MAX_AUDITED_CHANGES:
            self.changes.append(_change(row, dict(zip(FIELD_NAMES, stored, strict=True)), changed, old_keys))
        self.changed.append({"id": unit_id, **changed})

    def write(self) -> None:
        """The new units in one bulk insert and the changed ones in executemany UPDATEs,
        instead of an ORM object per unit."""
        bulk.insert_rows(
            Unit.__table__, ("building_id", "name", *FIELD_NAMES), self.new, compound_id=self.compound_id
        )
        if self.changed:
            db.session.execute(update(Unit), self.changed)


def _plan_units(
    compound: Compound, rows: list[RosterRow], building_ids: dict, group_ids: dict, old_keys: dict
) -> _UnitPlan:
    units = Unit.__table__.c
    stored_fields = [
        type_coerce(units[name], String) if name in ENUM_FIELDS else units[name] for name in FIELD_NAMES
    ]
    query = select(units.id, units.building_id, units.name, *stored_fields).where(
        units.compound_id == compound.id
    )
    existing = {
        (building, name): (unit_id, tuple(values)) for unit_id, building, name, *values in _core_rows(query)
    }
    plan = _UnitPlan(compound.id)
    for row in rows:
        building_id = building_ids[row.building]
        values = (row.area_hundredths, row.area_source, row.status, group_ids[row.owner_key])
        unit_id, stored = existing.pop((building_id, row.unit), (None, None))
        if unit_id is None:
            plan.new.append((building_id, row.unit, *values))
        elif values == stored:
            plan.unchanged += 1
        else:
            plan.change(row, unit_id, stored, values, old_keys)
    plan.not_in_file = len(existing)
    return plan


def _forget_stale_objects(compound: Compound) -> None:
    """Units, groups and buildings loaded before the import are re-read when next used."""
    for instance in list(db.session.identity_map.values()):
        if isinstance(instance, Unit | OwnerGroup | Building):
            db.session.expire(instance)
    db.session.expire(compound, ["buildings"])


def _core_rows(query):
    """Plain result tuples (no ORM loading), for reading a whole compound quickly."""
    return db.session.connection().execute(query)


def _change(row: RosterRow, stored: dict, changed: dict, old_keys: dict[int, str]) -> dict:
    """One unit's changed fields, before and after, for the audit record."""
    before = {name: getattr(stored[name], "value", stored[name]) for name in changed}
    after = {name: getattr(value, "value", value) for name, value in changed.items()}
    if "owner_group_id" in changed:
        before["owner_key"] = old_keys.get(before.pop("owner_group_id"))
        after["owner_key"] = row.owner_key
        del after["owner_group_id"]
    return {"unit": f"{row.building} {row.unit}", "before": before, "after": after}


def _units_with_a_new_owner(renamed_group_ids: set[int], moved: set[int]) -> list[int]:
    """The units (not already counted as moved) of the groups whose key the file now gives to
    a differently named owner: they changed owner as surely as a unit given another key, so
    their verified claims are reopened the same way."""
    if not renamed_group_ids:
        return []
    query = select(Unit.id).where(Unit.owner_group_id.in_(renamed_group_ids)).order_by(Unit.id)
    return [unit_id for unit_id in _core_rows(query).scalars() if unit_id not in moved]


def _remove_empty_groups(compound: Compound) -> None:
    used = select(Unit.owner_group_id).where(Unit.compound_id == compound.id)
    db.session.execute(
        delete(OwnerGroup)
        .where(OwnerGroup.compound_id == compound.id, OwnerGroup.id.not_in(used))
        .execution_options(synchronize_session=False)
    )
