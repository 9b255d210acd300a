"""API of owner registration: claiming a unit, verifying and rejecting claims, an owner's answer
to someone else's claim on their unit, and the release of a claim put on hold."""

from __future__ import annotations

from flask_login import current_user
from marshmallow import Schema, fields, validate

from portal.api import BEARER, bp
from portal.auth.permissions import can_answer_claim, can_decide_claim, requires, signed_in
from portal.places.models import Unit
from portal.registration import services
from portal.registration.models import OwnerAnswer, UnitClaim


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


class AnswerIn(Schema):
    answer = fields.String(
        required=True,
        validate=validate.OneOf([a.value for a in OwnerAnswer]),
        metadata={"description": "co_owner, or not_known (puts a waiting claim on hold)."},
    )


class ClaimOnMyUnitOut(Schema):
    id = fields.Integer()
    status = fields.String()
    unit_id = fields.Integer()
    building = fields.String()
    unit = fields.String()
    claimant = fields.String()
    claimed_at = fields.AwareDateTime()
    my_answer = fields.String(allow_none=True)


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


@bp.route("/claims/on-my-units", methods=["GET"])
@bp.doc(security=BEARER)
@requires(signed_in)
@bp.response(200, ClaimOnMyUnitOut(many=True))
def claims_on_my_units():
    """Other people's open claims on the units the signed-in person is a verified owner of, with
    their answer to each (null until they answer)."""
    return [
        {
            "id": claim.id,
            "status": claim.status.value,
            "unit_id": claim.unit_id,
            "building": claim.unit.building.name,
            "unit": claim.unit.name,
            "claimant": claim.user.name,
            "claimed_at": claim.created_at,
            "my_answer": answer.answer.value if answer else None,
        }
        for claim, answer in services.claims_on_my_units(current_user)
    ]


@bp.route("/claims/<int:claim_id>/answer", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_answer_claim, claim=UnitClaim)
@bp.arguments(AnswerIn)
@bp.response(200, ClaimOut)
def answer(body, claim: UnitClaim):
    """A verified owner of the claimed unit answers someone else's claim on it, once."""
    services.answer_claim(claim, current_user, OwnerAnswer(body["answer"]))
    return _claim(claim)


@bp.route("/claims/<int:claim_id>/release", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_decide_claim, claim=UnitClaim)
@bp.response(200, ClaimOut)
def release(claim: UnitClaim):
    """Send a claim on hold back to the queue, after looking at it again with the owners'
    answers in view (a reviewer of the compound)."""
    return _claim(services.release_claim(claim, current_user))
