"""API of places: compounds and their units."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from portal.api import BEARER, bp
from portal.auth.permissions import anyone, requires, signed_in
from portal.formatting import area_text
from portal.panels import facts
from portal.places import services
from portal.places.models import Compound


class CompoundQuery(Schema):
    name = fields.String(load_default="", validate=validate.Length(max=50))


class CompoundOut(Schema):
    id = fields.Integer()
    name = fields.String()
    community = fields.String()
    assembly_status = fields.String()


class UnitQuery(Schema):
    building = fields.String(load_default="", validate=validate.Length(max=50))
    unit = fields.String(load_default="", validate=validate.Length(max=50))


class UnitOut(Schema):
    id = fields.Integer()
    building = fields.String()
    unit = fields.String()
    area = fields.String()
    status = fields.String()


@bp.route("/compounds", methods=["GET"])
@requires(anyone)
@bp.arguments(CompoundQuery, location="query")
@bp.response(200, CompoundOut(many=True))
def compounds(query):
    """Compounds whose name or community contains `name`, with their assembly status."""
    found = services.list_compounds(query["name"].strip())
    statuses = facts("assembly_status", found)
    return [
        {
            "id": c.id,
            "name": c.name,
            "community": c.community.name,
            "assembly_status": statuses.get(c.id, "none"),
        }
        for c in found
    ]


@bp.route("/compounds/<int:compound_id>/units", methods=["GET"])
@bp.doc(security=BEARER)
@requires(signed_in, compound=Compound)
@bp.arguments(UnitQuery, location="query")
@bp.response(200, UnitOut(many=True))
def units(query, compound: Compound):
    """The compound's units, optionally of one building and unit name."""
    return [
        {
            "id": unit.id,
            "building": unit.building.name,
            "unit": unit.name,
            "area": area_text(unit.area_hundredths),
            "status": unit.status.value,
        }
        for unit in services.find_units(compound, building=query["building"], unit=query["unit"])
    ]
