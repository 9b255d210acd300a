"""API of the owners' assembly: meetings, the notice, ballots on every channel, the tally."""

from __future__ import annotations

import base64
import binascii
import io

from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import Schema, fields, validate
from werkzeug.datastructures import FileStorage

from portal.api import BEARER, bp
from portal.assembly import services
from portal.assembly.models import (
    VOTER_CHOICES,
    BallotChannel,
    BallotChoice,
    Meeting,
    MeetingForm,
    MeetingKind,
)
from portal.assembly.rules import Matter
from portal.assembly.tally import area, tally
from portal.auth.permissions import (
    can_manage_meeting,
    can_manage_meetings,
    can_view_meeting,
    can_vote,
    requires,
)
from portal.errors import DomainError
from portal.places.models import Compound

CHOICES = [choice.value for choice in VOTER_CHOICES]
PAPER_CHOICES = [choice.value for choice in BallotChoice]


class ItemIn(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    matter = fields.String(required=True, validate=validate.OneOf([m.value for m in Matter]))


class MeetingIn(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in MeetingKind]))
    form = fields.String(required=True, validate=validate.OneOf([f.value for f in MeetingForm]))
    voting_opens_at = fields.AwareDateTime(required=True)
    voting_closes_at = fields.AwareDateTime(required=True)
    items = fields.List(fields.Nested(ItemIn), required=True, validate=validate.Length(min=1, max=50))


class ItemOut(Schema):
    id = fields.Integer()
    number = fields.Integer()
    title = fields.String()
    matter = fields.String()


class MeetingOut(Schema):
    id = fields.Integer()
    status = fields.String()
    total_area = fields.String(allow_none=True)
    total_owners = fields.Integer(allow_none=True)
    items = fields.List(fields.Nested(ItemOut))


class BallotIn(Schema):
    choices = fields.Dict(
        keys=fields.String(validate=validate.Regexp(r"^\d{1,10}$")),
        values=fields.String(validate=validate.OneOf(CHOICES)),
        required=True,
        validate=validate.Length(min=1, max=50),
    )


class PaperBallotIn(Schema):
    choices = fields.Dict(
        keys=fields.String(validate=validate.Regexp(r"^\d{1,10}$")),
        values=fields.String(validate=validate.OneOf(PAPER_CHOICES)),
        load_default=dict,
        validate=validate.Length(max=50),
    )
    #: A spoilt sheet (废票): every item is recorded as invalid.
    invalid = fields.Boolean(load_default=False)
    #: The day the sheet was collected (Beijing date); today by default. After the close only
    #: sheets collected by the closing day can be entered.
    collected_on = fields.Date(load_default=None)
    owner_key = fields.String(required=True, validate=validate.Length(min=1, max=64))
    channel = fields.String(
        required=True, validate=validate.OneOf([BallotChannel.PAPER.value, BallotChannel.PROXY.value])
    )
    proxy_name = fields.String(load_default="", validate=validate.Length(max=100))
    #: The proxy's written authorisation (PDF, PNG, JPEG or WebP), base64-encoded; required for proxy.
    authorisation = fields.String(load_default="", validate=validate.Length(max=7_000_000))


class ReceiptOut(Schema):
    receipt = fields.String()


class BallotOut(Schema):
    item_id = fields.Integer()
    owner_key = fields.String()
    choice = fields.String()
    channel = fields.String()


class ItemTallyOut(Schema):
    id = fields.Integer()
    number = fields.Integer()
    matter = fields.String()
    rule = fields.String()
    participating_area = fields.String()
    participating_owners = fields.Integer()
    agree_area = fields.String(allow_none=True)
    agree_owners = fields.Integer(allow_none=True)
    oppose_area = fields.String(allow_none=True)
    oppose_owners = fields.Integer(allow_none=True)
    abstain_area = fields.String(allow_none=True)
    abstain_owners = fields.Integer(allow_none=True)
    quorum_met = fields.Boolean()
    passed = fields.Boolean(allow_none=True)


class TallyOut(Schema):
    status = fields.String()
    total_area = fields.String()
    total_owners = fields.Integer()
    items = fields.List(fields.Nested(ItemTallyOut))


def _meeting(meeting: Meeting) -> dict:
    return {
        "id": meeting.id,
        "status": services.status_of(meeting).value,
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
@bp.arguments(MeetingIn)
@bp.response(201, MeetingOut)
def create_meeting(body, compound: Compound):
    """Create a draft meeting with its agenda."""
    meeting = services.create_meeting(
        compound,
        title=body["title"],
        kind=MeetingKind(body["kind"]),
        form=MeetingForm(body["form"]),
        opens_at=body["voting_opens_at"],
        closes_at=body["voting_closes_at"],
        items=[services.ItemDraft(i["title"], i["description"], Matter(i["matter"])) for i in body["items"]],
        actor=current_user,
    )
    return _meeting(meeting)


@bp.route("/meetings/<int:meeting_id>/publish", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_manage_meeting, meeting=Meeting)
@bp.response(200, MeetingOut)
def publish(meeting: Meeting):
    """Publish the notice: freezes the roster; 422 when the notice period is too short."""
    return _meeting(services.publish(meeting, actor=current_user))


def _authorisation(encoded: str) -> FileStorage | None:
    """The base64 `authorisation` of a proxy ballot as an uploaded file, or None."""
    if not encoded:
        return None
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as error:
        raise DomainError(_("The authorisation is not valid base64.")) from error
    return FileStorage(io.BytesIO(data), filename="authorisation")


@bp.route("/meetings/<int:meeting_id>/ballots", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_vote, meeting=Meeting)
@bp.arguments(BallotIn)
@bp.response(201, ReceiptOut)
def vote(body, meeting: Meeting):
    """Vote online as a verified owner; 409 if the group voted on another channel."""
    receipt = services.cast_online(meeting, current_user, services.read_choices(meeting, body["choices"]))
    return {"receipt": receipt}


@bp.route("/meetings/<int:meeting_id>/paper-ballots", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_manage_meeting, meeting=Meeting)
@bp.arguments(PaperBallotIn)
@bp.response(201, BallotOut(many=True))
def paper_ballot(body, meeting: Meeting):
    """Enter a paper or proxy ballot for an owner group (`@developer` for the developer)."""
    ballots = services.enter_ballot(
        meeting,
        owner_key=body["owner_key"],
        channel=BallotChannel(body["channel"]),
        proxy_name=body["proxy_name"],
        authorisation=_authorisation(body["authorisation"]),
        choices=services.read_choices(meeting, body["choices"], paper=True),
        spoilt=body["invalid"],
        collected_on=body["collected_on"],
        actor=current_user,
    )
    return [
        {
            "item_id": b.item_id,
            "owner_key": b.owner.owner_key,
            "choice": b.choice.value,
            "channel": b.channel.value,
        }
        for b in ballots
    ]


@bp.route("/meetings/<int:meeting_id>/tally", methods=["GET"])
@bp.doc(security=BEARER)
@requires(can_view_meeting, meeting=Meeting)
@bp.response(200, TallyOut)
def meeting_tally(meeting: Meeting):
    """Turnout while voting; choices and verdicts by DESIGN §3 once voting has closed."""
    return tally(meeting).as_dict()
