"""Roster import: a CSV of units and owners, checked whole, then applied in one transaction.

Header: building,unit,area_m2,area_source,owner_key,owner_name,owner_phone,status. Units of one
`owner_key` form one owner group; unsold and undelivered units all join the developer's group
(法释〔2009〕7号 Art. 9). Any bad row rejects the whole file and nothing changes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from portal import audit
from portal.errors import DomainError
from portal.extensions import db
from portal.forms import FORBIDDEN_CHARACTERS
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
#: The line number of problems with the whole file rather than one row.
FILE_LEVEL = 0
MAX_AREA = Decimal("100000")
MAX_AUDITED_CHANGES = 500
MAX_LENGTHS = {"building": 50, "unit": 50, "owner_key": 64, "owner_name": 100, "owner_phone": 20}


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class RowError:
    """A problem on one line of the file (line 1 is the header)."""

    line: int
    message: object

    def __str__(self) -> str:
        if self.line == FILE_LEVEL:
            return str(self.message)
        return str(_l("Row %(line)d: %(message)s", line=self.line, message=self.message))


class RosterInvalid(DomainError):
    """The file was refused; `errors` lists every problem found."""

    def __init__(self, errors: list[RowError]):
        super().__init__(_l("The roster was not imported. Problems found: %(n)d.", n=len(errors)))
        self.errors = errors


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


def parse_area(text: str):
    """Square metres with at most two decimals, as integer hundredths; or an error message."""
    try:
        area = Decimal(text)
    except InvalidOperation:
        return None, _l("area_m2 “%(value)s” is not a number.", value=text)
    if not area.is_finite() or area <= 0:
        return None, _l("area_m2 must be a positive number.")
    if area * 100 != (area * 100).to_integral_value():
        return None, _l("area_m2 may have at most two decimal places.")
    if area >= MAX_AREA:
        return None, _l("area_m2 is implausibly large.")
    return int(area * 100), None


def _choice(enum_class, text: str, default, column: str):
    if not text:
        return default, None
    try:
        return enum_class(text), None
    except ValueError:
        allowed = "/".join(member.value for member in enum_class)
        return None, _l("%(column)s must be one of %(allowed)s.", column=column, allowed=allowed)


def decode(data: bytes, invalid: type[DomainError] | None = None) -> str:
    """UTF-8 text of the file, with or without a byte-order mark; `invalid` is the error
    (taking a list of RowError) to raise otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problem = RowError(
            FILE_LEVEL, _l("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
        )
        raise (invalid or RosterInvalid)([problem]) from error


def _check_row(line: int, values: dict[str, str]) -> tuple[RosterRow | None, list[RowError]]:
    problems = []
    for column, limit in MAX_LENGTHS.items():
        if len(values[column]) > limit:
            problems.append(_l("%(column)s is longer than %(n)d characters.", column=column, n=limit))
    for column in ("building", "unit"):
        if not values[column]:
            problems.append(_l("%(column)s is empty.", column=column))
    for column, value in values.items():
        if FORBIDDEN_CHARACTERS.search(value):
            problems.append(_l("%(column)s contains < or > or a control character.", column=column))
    hundredths, area_problem = parse_area(values["area_m2"])
    source, source_problem = _choice(AreaSource, values["area_source"], AreaSource.REGISTERED, "area_source")
    status, status_problem = _choice(UnitStatus, values["status"], UnitStatus.DELIVERED, "status")
    problems += [p for p in (area_problem, source_problem, status_problem) if p]
    key = values["owner_key"]
    if status == UnitStatus.DELIVERED and not key:
        problems.append(_l("owner_key is required for a delivered unit."))
    if status == UnitStatus.DELIVERED and key == DEVELOPER_OWNER_KEY:
        problems.append(_l("owner_key %(key)s is reserved for the developer.", key=key))
    if problems:
        return None, [RowError(line, problem) for problem in problems]
    if status != UnitStatus.DELIVERED:
        key, values["owner_name"], values["owner_phone"] = DEVELOPER_OWNER_KEY, "", ""
    row = RosterRow(
        line,
        values["building"],
        values["unit"],
        hundredths,
        source,
        key,
        values["owner_name"],
        values["owner_phone"],
        status,
    )
    return row, []


def _records(reader, errors: list[RowError]):
    """The file's records with the line each ends on; a broken record ends the reading."""
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as error:
        errors.append(
            RowError(reader.line_num, _l("the line cannot be read as CSV (%(problem)s).", problem=str(error)))
        )


def parse_roster(data: bytes) -> list[RosterRow]:
    """Check the whole file; return its rows or raise RosterInvalid with every problem."""
    reader = csv.reader(io.StringIO(decode(data), newline=""))
    header = [cell.strip() for cell in next(reader, [])]
    if header != HEADER:
        raise RosterInvalid([RowError(1, _l("The header must be exactly: %(h)s", h=",".join(HEADER)))])
    rows, errors = [], []
    seen_units: dict[tuple[str, str], int] = {}
    owner_names: dict[str, tuple[str, int]] = {}
    for line, cells in _records(reader, errors):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(HEADER):
            errors.append(
                RowError(line, _l("expected %(n)d columns, found %(m)d.", n=len(HEADER), m=len(cells)))
            )
            continue
        row, problems = _check_row(line, dict(zip(HEADER, (c.strip() for c in cells), strict=True)))
        errors += problems
        if row is None:
            continue
        unit_key = (row.building, row.unit)
        if unit_key in seen_units:
            errors.append(
                RowError(
                    line,
                    _l(
                        "unit %(b)s %(u)s also appears on row %(other)d.",
                        b=row.building,
                        u=row.unit,
                        other=seen_units[unit_key],
                    ),
                )
            )
        seen_units.setdefault(unit_key, line)
        first_name, first_line = owner_names.setdefault(row.owner_key, (row.owner_name, line))
        if row.owner_name != first_name:
            errors.append(
                RowError(
                    line,
                    _l(
                        "owner_key %(key)s has a different owner_name on row %(other)d.",
                        key=row.owner_key,
                        other=first_line,
                    ),
                )
            )
        rows.append(row)
    if not rows and not errors:
        errors.append(RowError(FILE_LEVEL, _l("The file has no units.")))
    if errors:
        raise RosterInvalid(errors)
    return rows


def _unit_fields(row: RosterRow, group: OwnerGroup) -> dict:
    return {
        "area_hundredths": row.area_hundredths,
        "area_source": row.area_source,
        "status": row.status,
        "owner_group_id": group.id,
    }


def _owner_groups(compound: Compound, rows: list[RosterRow]) -> tuple[dict[str, OwnerGroup], int]:
    """The owner groups the file names, created as needed; and how many existing ones got a new
    name or phone."""
    groups = {
        g.owner_key: g
        for g in db.session.scalars(select(OwnerGroup).where(OwnerGroup.compound_id == compound.id))
    }
    updated = set()
    for row in rows:
        group = groups.get(row.owner_key)
        if group is None:
            group = groups[row.owner_key] = OwnerGroup(compound_id=compound.id, owner_key=row.owner_key)
            db.session.add(group)
        phone = row.owner_phone or group.owner_phone
        if group.id is not None and (group.owner_name, group.owner_phone) != (row.owner_name, phone):
            updated.add(group.owner_key)
        group.owner_name, group.owner_phone = row.owner_name, phone
    return groups, len(updated)


def _buildings(compound: Compound, rows: list[RosterRow]) -> dict[str, Building]:
    buildings = {
        b.name: b for b in db.session.scalars(select(Building).where(Building.compound_id == compound.id))
    }
    for name in dict.fromkeys(row.building for row in rows):
        if name not in buildings:
            buildings[name] = Building(compound_id=compound.id, name=name)
            db.session.add(buildings[name])
    return buildings


def import_roster(compound: Compound, data: bytes, *, actor=None) -> ImportReport:
    """Check `data` whole, then create or update the compound's units in place (key: building +
    unit), keeping their claims. Units missing from the file are kept and counted."""
    rows = parse_roster(data)
    before = roster_summary(compound).as_dict()
    groups, owners_updated = _owner_groups(compound, rows)
    buildings = _buildings(compound, rows)
    db.session.flush()
    existing = {
        (unit.building_id, unit.name): unit
        for unit in db.session.scalars(select(Unit).where(Unit.compound_id == compound.id))
    }
    report = ImportReport(rows=len(rows), owners_updated=owners_updated)
    new_units, moved, changes = [], [], []
    owner_keys = {group.id: key for key, group in groups.items()}
    for row in rows:
        building = buildings[row.building]
        fields = _unit_fields(row, groups[row.owner_key])
        unit = existing.pop((building.id, row.unit), None)
        if unit is None:
            new_units.append(Unit(compound_id=compound.id, building_id=building.id, name=row.unit, **fields))
            report.created += 1
            continue
        changed = {name: value for name, value in fields.items() if getattr(unit, name) != value}
        if not changed:
            report.unchanged += 1
            continue
        if "owner_group_id" in changed:
            moved.append(unit.id)
        changes.append(_change(row, unit, changed, owner_keys))
        for name, value in changed.items():
            setattr(unit, name, value)
        report.updated += 1
    report.not_in_file = len(existing)
    db.session.add_all(new_units)
    db.session.flush()
    _remove_empty_groups(compound)
    if moved:
        results = units_changed_owner.send(compound, unit_ids=moved)
        report.claims_reopened = sum(result or 0 for _, result in results)
    audit.record(
        "roster_imported",
        compound,
        before=before,
        after={
            **refresh_roster_figures(compound).as_dict(),
            **report.as_dict(),
            "changes": changes[:MAX_AUDITED_CHANGES],
        },
        compound_id=compound.id,
        actor=actor,
    )
    return report


def _change(row: RosterRow, unit: Unit, changed: dict, owner_keys: dict[int, str]) -> dict:
    """One unit's changed fields, before and after, for the audit record."""
    before = {name: getattr(getattr(unit, name), "value", getattr(unit, name)) for name in changed}
    after = {name: getattr(value, "value", value) for name, value in changed.items()}
    if "owner_group_id" in changed:
        before["owner_key"] = owner_keys.get(before.pop("owner_group_id"))
        after["owner_key"] = row.owner_key
        del after["owner_group_id"]
    return {"unit": f"{row.building} {row.unit}", "before": before, "after": after}


def _remove_empty_groups(compound: Compound) -> None:
    used = select(Unit.owner_group_id).where(Unit.compound_id == compound.id)
    db.session.execute(
        delete(OwnerGroup)
        .where(OwnerGroup.compound_id == compound.id, OwnerGroup.id.not_in(used))
        .execution_options(synchronize_session=False)
    )
