"""API of committee elections (issue 11 §4): create an election, open its nominations,
nominate (organisers for an owner group, a verified owner for themself), publish the list,
vote, enter paper and proxy ballots, and read the result. The same services and rules as the
pages; refusals are 422 with the rule in the message, 409 for a second ballot."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from marshmallow import Schema, fields, validate

from portal.api import BEARER, bp
from portal.assembly.api import _authorisation
from portal.assembly.models import BallotChannel
from portal.auth.permissions import (
    can_manage_election,
    can_run_elections,
    can_stand,
    can_view_election,
    can_vote_in_election,
    requires,
)
from portal.elections import services
from portal.elections.models import Election
from portal.formatting import area_text
from portal.places.models import Compound


class ElectionIn(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    seats = fields.Integer(required=True, strict=True)
    alternates = fields.Integer(load_default=0, strict=True)
    term_years = fields.Integer(required=True, strict=True)
    nominations_close_at = fields.AwareDateTime(required=True)
    voting_opens_at = fields.AwareDateTime(required=True)
    voting_closes_at = fields.AwareDateTime(required=True)


class ElectionOut(Schema):
    id = fields.Integer()
    status = fields.String()


class CandidateIn(Schema):
    #: Organisers only: the owner group of the roster nominated; omitted to nominate oneself.
    owner_key = fields.String(load_default="", validate=validate.Length(max=64))
    statement = fields.String(load_default="", validate=validate.Length(max=1000))


class CandidateOut(Schema):
    id = fields.Integer()
    number = fields.Integer()
    name = fields.String()
    status = fields.String()


class CandidateListOut(Schema):
    total_area = fields.String()
    total_owners = fields.Integer()
    candidates = fields.List(fields.Nested(CandidateOut))


class ElectionBallotIn(Schema):
    candidates = fields.List(fields.Integer(strict=True), required=True, validate=validate.Length(max=50))


class ElectionPaperBallotIn(ElectionBallotIn):
    owner_key = fields.String(required=True, validate=validate.Length(min=1, max=64))
    channel = fields.String(
        required=True, validate=validate.OneOf([BallotChannel.PAPER.value, BallotChannel.PROXY.value])
    )
    proxy_name = fields.String(load_default="", validate=validate.Length(max=100))
    #: The proxy's written authorisation (PDF, PNG, JPEG or WebP), base64-encoded; required for proxy.
    authorisation = fields.String(load_default="", validate=validate.Length(max=7_000_000))
    #: The day the sheet was collected (default today); after voting closes, only sheets
    #: collected by the closing day.
    collected_on = fields.Date(load_default=None)


class ElectionReceiptOut(Schema):
    receipt = fields.String()


class ElectionPaperOut(Schema):
    owner_key = fields.String()
    channel = fields.String()
    candidates = fields.List(fields.Integer())


class CandidateResultOut(Schema):
    id = fields.Integer()
    number = fields.Integer()
    name = fields.String()
    agree_area = fields.String(allow_none=True)
    agree_owners = fields.Integer(allow_none=True)
    qualified = fields.Boolean(allow_none=True)
    outcome = fields.String(allow_none=True)


class ElectionResultOut(Schema):
    status = fields.String()
    seats = fields.Integer()
    alternates = fields.Integer()
    total_area = fields.String(allow_none=True)
    total_owners = fields.Integer(allow_none=True)
    participating_area = fields.String(allow_none=True)
    participating_owners = fields.Integer(allow_none=True)
    quorum_met = fields.Boolean(allow_none=True)
    open_seats = fields.Integer(allow_none=True)
    candidates = fields.List(fields.Nested(CandidateResultOut))


def _candidate(candidate) -> dict:
    return {
        "id": candidate.id,
        "number": candidate.number,
        "name": candidate.name,
        "status": candidate.status.value,
    }


@bp.route("/compounds/<int:compound_id>/elections", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_run_elections, compound=Compound)
@bp.arguments(ElectionIn)
@bp.response(201, ElectionOut)
def create_election(body, compound: Compound):
    """Draft an election (committee, preparatory group; staff when the committee cannot act);
    422 with the rule for a wrong seat count or term."""
    election = services.create_election(compound, services.Settings(**body), actor=current_user)
    return {"id": election.id, "status": election.status.value}


@bp.route("/elections/<int:election_id>/open", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_manage_election, election=Election)
@bp.response(200, ElectionOut)
def open_nominations(election: Election):
    """Open the nominations of a draft election."""
    services.open_nominations(election, actor=current_user)
    return {"id": election.id, "status": election.status.value}


def _may_nominate(user, election) -> bool:
    """Organisers enter nominations; verified owners nominate themselves."""
    return can_manage_election(user, election) or can_stand(user, election)


_may_nominate.hides_existence = True


@bp.route("/elections/<int:election_id>/candidates", methods=["POST"])
@bp.doc(security=BEARER)
@requires(_may_nominate, election=Election)
@bp.arguments(CandidateIn)
@bp.response(201, CandidateOut)
def nominate(body, election: Election):
    """With `owner_key` (organisers) a nomination for that owner group; without it the
    verified owner nominates themself. 422 for an ineligible person."""
    if body["owner_key"]:
        if not can_manage_election(current_user, election):
            abort(403)
        candidate = services.nominate_owner(
            election, body["owner_key"], statement=body["statement"], actor=current_user
        )
    else:
        if not can_stand(current_user, election):
            abort(403)
        candidate = services.nominate_self(election, current_user, statement=body["statement"])
    return _candidate(candidate)


@bp.route("/elections/<int:election_id>/publish", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_manage_election, election=Election)
@bp.response(200, CandidateListOut)
def publish(election: Election):
    """Publish the candidate list: freezes the roster; 422 when voting would open sooner than
    the notice period."""
    services.publish_list(election, actor=current_user)
    return {
        "total_area": area_text(election.total_area_hundredths),
        "total_owners": election.total_owners,
        "candidates": [_candidate(c) for c in services.standing_candidates(election)],
    }


@bp.route("/elections/<int:election_id>/ballots", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_vote_in_election, election=Election)
@bp.arguments(ElectionBallotIn)
@bp.response(201, ElectionReceiptOut)
def vote(body, election: Election):
    """Vote online (approve up to `seats` candidate ids; none is a blank ballot); 422 for more
    than `seats` or outside the window; 409 when the group voted on another channel."""
    chosen = services.read_candidates(election, body["candidates"])
    return {"receipt": services.cast_online(election, current_user, chosen)}


@bp.route("/elections/<int:election_id>/paper-ballots", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_manage_election, election=Election)
@bp.arguments(ElectionPaperBallotIn)
@bp.response(201, ElectionPaperOut)
def paper_ballot(body, election: Election):
    """Enter a paper or proxy ballot for an owner group; 409 on a second ballot."""
    chosen = services.read_candidates(election, body["candidates"])
    ballot = services.enter_ballot(
        election,
        owner_key=body["owner_key"],
        channel=BallotChannel(body["channel"]),
        candidates=chosen,
        proxy_name=body["proxy_name"],
        authorisation=_authorisation(body["authorisation"]),
        collected_on=body["collected_on"],
        actor=current_user,
    )
    return {
        "owner_key": ballot.owner.owner_key,
        "channel": ballot.channel.value,
        "candidates": [c.id for c in chosen],
    }


@bp.route("/elections/<int:election_id>/result", methods=["GET"])
@bp.doc(security=BEARER)
@requires(can_view_election, election=Election)
@bp.response(200, ElectionResultOut)
def result(election: Election):
    """Turnout and figures by the rule once voting has closed (null while it is open)."""
    return services.count(election).as_dict()
