"""API endpoints: thin wrappers around the capability services, with the same rules."""

from __future__ import annotations

import base64
import binascii
import io

from flask import abort, current_app
from flask_babel import gettext as _
from flask_login import current_user
from limits import parse as parse_limit
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from portal.api import bp, schemas
from portal.api.services import issue_token
from portal.assembly import services as assembly
from portal.assembly.models import Assembly, BallotChannel, BallotChoice, Meeting, MeetingForm, MeetingKind
from portal.assembly.rules import Matter
from portal.assembly.tally import area, tally
from portal.auth import services as accounts
from portal.auth.permissions import (
    anyone,
    can_decide_claim,
    can_manage_meeting,
    can_manage_meetings,
    can_view_meeting,
    can_vote,
    requires,
    signed_in,
)
from portal.errors import ConflictError, DomainError, render_error
from portal.extensions import db, limiter
from portal.places.models import Building, Compound, Unit
from portal.places.services import list_compounds
from portal.registration import services as registration
from portal.registration.models import UnitClaim

BEARER = [{"bearer": []}]


@bp.errorhandler(ConflictError)
def conflict(error):
    db.session.rollback()
    return render_error(409, error.message)


@bp.errorhandler(DomainError)
def refused(error):
    db.session.rollback()
    return render_error(422, error.message)


@bp.route("/tokens", methods=["POST"])
@requires(anyone)
@bp.arguments(schemas.TokenIn)
@bp.response(201, schemas.TokenOut)
def create_token(body):
    """Exchange a phone number and password for a bearer token (30 days)."""
    phone = accounts.normalize_phone(body["phone"])
    limit = parse_limit(current_app.config["LOGIN_LIMIT_PER_ACCOUNT"])
    if not limiter.limiter.hit(limit, "login-account", phone):
        abort(429)
    user = accounts.authenticate(phone, body["password"])
    if user is None:
        abort(401)
    limiter.limiter.clear(limit, "login-account", phone)
    token, expires_at = issue_token(user)
    db.session.commit()
    return {"token": token, "expires_at": expires_at}


@bp.route("/compounds", methods=["GET"])
@requires(anyone)
@bp.arguments(schemas.CompoundQuery, location="query")
@bp.response(200, schemas.CompoundOut(many=True))
def compounds(query):
    """Compounds whose name or community contains `name`, with their assembly status."""
    found = list_compounds(query["name"].strip())
    statuses = dict(
        db.session.execute(
            select(Assembly.compound_id, Assembly.status).where(
                Assembly.compound_id.in_([c.id for c in found])
            )
        ).all()
    )
    return [
        {
            "id": c.id,
            "name": c.name,
            "community": c.community.name,
            "assembly_status": getattr(statuses.get(c.id), "value", "none"),
        }
        for c in found
    ]


@bp.route("/compounds/<int:compound_id>/units", methods=["GET"])
@bp.doc(security=BEARER)
@requires(signed_in, compound=Compound)
@bp.arguments(schemas.UnitQuery, location="query")
@bp.response(200, schemas.UnitOut(many=True))
def units(query, compound: Compound):
    """The compound's units, optionally of one building and unit name."""
    statement = select(Unit, Building.name).join(Building).where(Unit.compound_id == compound.id)
    if query["building"]:
        statement = statement.where(Building.name == query["building"])
    if query["unit"]:
        statement = statement.where(Unit.name == query["unit"])
    rows = db.session.execute(statement.order_by(Building.name, Unit.name).limit(2000))
    return [
        {"id": u.id, "building": b, "unit": u.name, "area": area(u.area_hundredths), "status": u.status.value}
        for u, b in rows
    ]


def _claim(claim: UnitClaim) -> dict:
    return {"id": claim.id, "status": claim.status.value, "unit_id": claim.unit_id, "reason": claim.reason}


@bp.route("/units/<int:unit_id>/claims", methods=["POST"])
@bp.doc(security=BEARER)
@requires(signed_in, unit=Unit)
@bp.arguments(schemas.ClaimIn)
@bp.response(201, schemas.ClaimOut)
def claim(body, unit: Unit):
    """Claim a unit with the property certificate number."""
    result = _claim(registration.claim_unit(current_user, unit, body["certificate_no"]))
    db.session.commit()
    return result


@bp.route("/claims/<int:claim_id>/verify", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_decide_claim, claim=UnitClaim)
@bp.response(200, schemas.ClaimOut)
def verify(claim: UnitClaim):
    """Verify a pending claim (committee, or community staff where there is no committee)."""
    result = _claim(registration.verify_claim(claim, current_user))
    db.session.commit()
    return result


@bp.route("/claims/<int:claim_id>/reject", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_decide_claim, claim=UnitClaim)
@bp.arguments(schemas.RejectIn)
@bp.response(200, schemas.ClaimOut)
def reject(body, claim: UnitClaim):
    """Reject a pending claim with a reason."""
    result = _claim(registration.reject_claim(claim, current_user, body["reason"]))
    db.session.commit()
    return result


def _meeting(meeting: Meeting) -> dict:
    return {
        "id": meeting.id,
        "status": assembly.status_of(meeting).value,
        "total_area": area(meeting.total_area_hundredths) if meeting.total_owners is not None else None,
        "total_owners": meeting.total_owners,
        "items": [
            {"id": i.id, "number": i.number, "title": i.title, "matter": i.matter.value}
            for i in meeting.items
        ],
    }


@bp.route("/compounds/<int:compound_id>/meetings", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_manage_meetings, compound=Compound)
@bp.arguments(schemas.MeetingIn)
@bp.response(201, schemas.MeetingOut)
def create_meeting(body, compound: Compound):
    """Create a draft meeting with its agenda."""
    meeting = assembly.create_meeting(
        compound,
        title=body["title"],
        kind=MeetingKind(body["kind"]),
        form=MeetingForm(body["form"]),
        opens_at=body["voting_opens_at"],
        closes_at=body["voting_closes_at"],
        items=[assembly.ItemDraft(i["title"], i["description"], Matter(i["matter"])) for i in body["items"]],
        actor=current_user,
    )
    result = _meeting(meeting)
    db.session.commit()
    return result


@bp.route("/meetings/<int:meeting_id>/publish", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_manage_meeting, meeting=Meeting)
@bp.response(200, schemas.MeetingOut)
def publish(meeting: Meeting):
    """Publish the notice: freezes the roster; 422 when the notice period is too short."""
    result = _meeting(assembly.publish(meeting, actor=current_user))
    db.session.commit()
    return result


def _authorisation(encoded: str) -> FileStorage | None:
    """The base64 `authorisation` of a proxy ballot as an uploaded file, or None."""
    if not encoded:
        return None
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as error:
        raise DomainError(_("The authorisation is not valid base64.")) from error
    return FileStorage(io.BytesIO(data), filename="authorisation")


def _choices(raw: dict[str, str]) -> dict[int, BallotChoice]:
    return {int(item_id): BallotChoice(choice) for item_id, choice in raw.items()}


@bp.route("/meetings/<int:meeting_id>/ballots", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_vote, meeting=Meeting)
@bp.arguments(schemas.BallotIn)
@bp.response(201, schemas.ReceiptOut)
def vote(body, meeting: Meeting):
    """Vote online as a verified owner; 409 if the group voted on another channel."""
    receipt = assembly.cast_online(meeting, current_user, _choices(body["choices"]))
    db.session.commit()
    return {"receipt": receipt}


@bp.route("/meetings/<int:meeting_id>/paper-ballots", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_manage_meeting, meeting=Meeting)
@bp.arguments(schemas.PaperBallotIn)
@bp.response(201, schemas.BallotOut(many=True))
def paper_ballot(body, meeting: Meeting):
    """Enter a paper or proxy ballot for an owner group (`@developer` for the developer)."""
    ballots = assembly.enter_ballot(
        meeting,
        owner_key=body["owner_key"],
        channel=BallotChannel(body["channel"]),
        proxy_name=body["proxy_name"],
        authorisation=_authorisation(body["authorisation"]),
        choices=_choices(body["choices"]),
        actor=current_user,
    )
    result = [
        {
            "item_id": b.item_id,
            "owner_key": b.owner.owner_key,
            "choice": b.choice.value,
            "channel": b.channel.value,
        }
        for b in ballots
    ]
    db.session.commit()
    return result


@bp.route("/meetings/<int:meeting_id>/tally", methods=["GET"])
@bp.doc(security=BEARER)
@requires(can_view_meeting, meeting=Meeting)
@bp.response(200, schemas.TallyOut)
def meeting_tally(meeting: Meeting):
    """Turnout while voting; choices and verdicts by DESIGN §3 once voting has closed."""
    return tally(meeting).as_dict()
