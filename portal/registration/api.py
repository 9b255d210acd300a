"""API of owner registration: claiming a unit, verifying and rejecting claims."""

from __future__ import annotations

from flask_login import current_user
from marshmallow import Schema, fields, validate

from portal.api import BEARER, bp
from portal.auth.permissions import can_decide_claim, requires, signed_in
from portal.places.models import Unit
from portal.registration import services
from portal.registration.models import UnitClaim


class ClaimIn(Schema):
    certificate_no = fields.String(required=True, validate=validate.Length(min=1, max=64))


class ClaimOut(Schema):
    id = fields.Integer()
    status = fields.String()
    unit_id = fields.Integer()
    reason = fields.String()


class VerifyIn(Schema):
    certificate_checked = fields.Boolean(
        load_default=False,
        metadata={
            "description": "The reviewer checked the ownership certificate; required (true) when the unit "
            "already has a verified owner or the claimant's name differs from the roster."
        },
    )


class RejectIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


def _claim(claim: UnitClaim) -> dict:
    return {"id": claim.id, "status": claim.status.value, "unit_id": claim.unit_id, "reason": claim.reason}


@bp.route("/units/<int:unit_id>/claims", methods=["POST"])
@bp.doc(security=BEARER)
@requires(signed_in, unit=Unit)
@bp.arguments(ClaimIn)
@bp.response(201, ClaimOut)
def claim(body, unit: Unit):
    """Claim a unit with the property certificate number."""
    return _claim(services.claim_unit(current_user, unit, body["certificate_no"]))


@bp.route("/claims/<int:claim_id>/verify", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_decide_claim, claim=UnitClaim)
@bp.arguments(VerifyIn, required=False)
@bp.response(200, ClaimOut)
def verify(body, claim: UnitClaim):
    """Verify a pending claim (committee, or community staff where there is no committee). A
    claim on a unit with a verified owner, or by someone the roster does not name, needs
    `certificate_checked: true`."""
    return _claim(services.verify_claim(claim, current_user, certificate_checked=body["certificate_checked"]))


@bp.route("/claims/<int:claim_id>/reject", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_decide_claim, claim=UnitClaim)
@bp.arguments(RejectIn)
@bp.response(200, ClaimOut)
def reject(body, claim: UnitClaim):
    """Reject a pending claim with a reason."""
    return _claim(services.reject_claim(claim, current_user, body["reason"]))
