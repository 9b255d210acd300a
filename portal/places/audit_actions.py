"""The places' audit actions and subjects: the roster import; compounds, communities, street
offices and units by name."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, select

from portal.audit import Field, action_group, labels_by, register_action, register_subject
from portal.audit.formats import area_hundredths, area_m2, choice, readable
from portal.extensions import db
from portal.places.models import Building, Community, Compound, StreetOffice, Unit
from portal.statements import built_once
from portal.translation import text as _

PLACES = action_group("places", _l("Places and rosters"))
MAX_UNIT_CHANGES_SHOWN = 20


@built_once
def _units() -> Select:
    return (
        select(Unit.id, Building.name, Unit.name)
        .join(Building, Unit.building_id == Building.id)
        .where(Unit.id.in_(bindparam("ids", expanding=True)))
    )


def unit_labels(ids: list[int]) -> dict[int, str]:
    """Units as "building unit" (e.g. "1号楼 1单元101")."""
    rows = db.session.execute(_units(), {"ids": ids})
    return {ident: f"{building} {unit}" for ident, building, unit in rows}


register_subject("Compound", labels_by(Compound, "name"), label=_l("Compound"))
register_subject("Community", labels_by(Community, "name"), label=_l("Community"))
register_subject("StreetOffice", labels_by(StreetOffice, "name"), label=_l("Street office"))
register_subject("Unit", unit_labels, label=_l("Unit"))

UNIT_FIELDS = {
    "area_hundredths": Field(_l("Area"), area_hundredths),
    "area_source": Field(
        _l("Source of the area"),
        choice({"registered": _l("Registry"), "surveyed": _l("Surveyed"), "contract": _l("Sale contract")}),
    ),
    "status": Field(
        _l("Status"),
        choice({"delivered": _l("Delivered"), "unsold": _l("Unsold"), "undelivered": _l("Not handed over")}),
    ),
    "owner_key": Field(_l("Owner key")),
}


def _unit_change(change) -> str:
    """One unit of a roster import: "1号楼 101: Area 60.00 m² → 61.00 m²"."""
    if not isinstance(change, dict):
        return readable(change)
    before, after = change.get("before") or {}, change.get("after") or {}
    parts = []
    for name in [*before, *(key for key in after if key not in before)]:
        spec = UNIT_FIELDS.get(name, Field(name))
        show = spec.format or readable
        parts.append(f"{spec.label} {show(before.get(name))} → {show(after.get(name))}")
    return _("%(name)s: %(value)s", name=change.get("unit", "?"), value=_(", ").join(parts))


def unit_changes(value) -> str:
    """The units a roster import changed, the first few in full."""
    if not isinstance(value, list):
        return readable(value)
    shown = _("; ").join(_unit_change(change) for change in value[:MAX_UNIT_CHANGES_SHOWN])
    if len(value) > MAX_UNIT_CHANGES_SHOWN:
        return _("%(shown)s and %(more)d more", shown=shown, more=len(value) - MAX_UNIT_CHANGES_SHOWN)
    return shown


#: The roster's figures (RosterSummary.as_dict), shared with the assembly's roster publication.
ROSTER_FIGURES = {
    "units": Field(_l("Units")),
    "total_area": Field(_l("Total area"), area_m2),
    "owner_groups": Field(_l("Owners (by the headcount rule)")),
}

register_action(
    "roster_imported",
    PLACES,
    _l("imported the roster of %(subject)s: %(created)s units added, %(updated)s changed"),
    _l("imported the roster of %(subject)s"),
    fields={
        **ROSTER_FIGURES,
        "rows": Field(_l("Rows in the file")),
        "created": Field(_l("Units added")),
        "updated": Field(_l("Units changed")),
        "unchanged": Field(_l("Units unchanged")),
        "not_in_file": Field(_l("Units not in the file (kept)")),
        "owners_updated": Field(_l("Owners renamed or with a new phone")),
        "claims_reopened": Field(_l("Verified claims sent back")),
        "changes": Field(_l("Changed units"), unit_changes),
    },
    label=_l("Roster imported"),
)
register_action(
    "committee_contact_changed",
    PLACES,
    _l("set how owners reach the committee of %(subject)s: %(hours)s, %(phone)s"),
    _l("changed how owners reach the committee of %(subject)s"),
    fields={
        "hours": Field(_l("Contact hours")),
        "phone": Field(_l("Contact phone")),
        "compound": Field(_l("Compound")),
    },
    label=_l("Committee contact changed"),
)
