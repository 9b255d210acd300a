"""Request and response schemas of the JSON API (marshmallow)."""

from marshmallow import Schema, fields, validate

from portal.assembly.models import BallotChannel, BallotChoice, MeetingForm, MeetingKind
from portal.assembly.rules import Matter

CHOICES = [choice.value for choice in BallotChoice]


class TokenIn(Schema):
    phone = fields.String(required=True, validate=validate.Length(max=20))
    password = fields.String(required=True, validate=validate.Length(max=128))


class TokenOut(Schema):
    token = fields.String()
    expires_at = fields.AwareDateTime()


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


class ClaimIn(Schema):
    certificate_no = fields.String(required=True, validate=validate.Length(min=1, max=64))


class ClaimOut(Schema):
    id = fields.Integer()
    status = fields.String()
    unit_id = fields.Integer()
    reason = fields.String()


class RejectIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


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


class PaperBallotIn(BallotIn):
    owner_key = fields.String(required=True, validate=validate.Length(min=1, max=64))
    channel = fields.String(
        required=True, validate=validate.OneOf([BallotChannel.PAPER.value, BallotChannel.PROXY.value])
    )
    proxy_name = fields.String(load_default="", validate=validate.Length(max=100))
    #: The proxy's written authorisation (PDF, PNG or JPEG), base64-encoded; required for proxy.
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
