"""API of the mediation station: filing a complaint, reading one's case (the complainant and the
station; 404 for everyone else), one's complaints, adding attachments, the station's queue
and the transitions (409 for one the current state does not allow). Same services and rules
as the pages."""

from __future__ import annotations

from flask import abort, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import Schema, fields, validate

from portal.api import BEARER, bp
from portal.auth.models import User
from portal.auth.permissions import (
    can_act_as_complainant,
    can_file_complaint,
    can_handle_complaint,
    can_see_my_complaints,
    can_view_complaint,
    can_work_station,
    requires,
)
from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.errors import ConflictError, DomainError
from portal.extensions import db
from portal.mediation import services
from portal.mediation.models import Category, Complaint, DeclineReason, Respondent, Route
from portal.places.models import Compound, StreetOffice
from portal.unit_of_work import start_writing
from portal.workflow import TransitionRefused


class ComplaintIn(Schema):
    compound_id = fields.Integer(required=True, validate=validate.Range(1, 2**31 - 1))
    category = fields.String(required=True, validate=validate.OneOf([c.value for c in Category]))
    respondent = fields.String(required=True, validate=validate.OneOf([r.value for r in Respondent]))
    respondent_detail = fields.String(load_default="", validate=validate.Length(max=100))
    description = fields.String(required=True, validate=validate.Length(min=10, max=5000))
    mediation_consent = fields.Boolean(required=True)
    contact_phone = fields.String(load_default="", validate=validate.Regexp(r"^(1\d{10})?$"))


class ComplaintCreatedOut(Schema):
    id = fields.Integer()
    number = fields.String()
    status = fields.String()
    accept_by = fields.AwareDateTime()


class ComplaintEventOut(Schema):
    at = fields.AwareDateTime()
    kind = fields.String()
    status = fields.String()
    text = fields.String()
    internal = fields.Boolean()


class ComplaintOut(Schema):
    id = fields.Integer()
    number = fields.String()
    status = fields.String()
    category = fields.String()
    respondent = fields.String()
    compound_id = fields.Integer()
    submitted_at = fields.AwareDateTime()
    accept_by = fields.AwareDateTime()
    conclude_by = fields.AwareDateTime(allow_none=True)
    mediator_id = fields.Integer(allow_none=True)
    timeline = fields.List(fields.Nested(ComplaintEventOut))


class ComplaintSummaryOut(Schema):
    id = fields.Integer()
    number = fields.String()
    status = fields.String()
    category = fields.String()
    compound_id = fields.Integer()
    submitted_at = fields.AwareDateTime()
    deadline = fields.AwareDateTime(allow_none=True)
    mediator_id = fields.Integer(allow_none=True)


class ComplaintAttachmentsOut(Schema):
    ids = fields.List(fields.Integer())


class ComplaintQueueArgs(Schema):
    status = fields.String(load_default="", validate=validate.Length(max=20))
    category = fields.String(load_default="", validate=validate.Length(max=20))
    overdue = fields.Boolean(load_default=False)


ACTIONS = ["accept", "decline", "assign", "session", "agree", "fail", "close", "extend", "withdraw"]


class ComplaintTransitionIn(Schema):
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    reason = fields.String(load_default="", validate=validate.Length(max=500))
    decline_reason = fields.String(
        load_default=None, validate=validate.OneOf([r.value for r in DeclineReason])
    )
    duplicate_of = fields.String(load_default="", validate=validate.Length(max=20))
    mediator_id = fields.Integer(load_default=None, validate=validate.Range(1, 2**31 - 1))
    routes = fields.List(fields.String(validate=validate.OneOf([r.value for r in Route])), load_default=list)
    held_on = fields.Date(load_default=None)
    place = fields.String(load_default="", validate=validate.Length(max=200))
    participants = fields.String(load_default="", validate=validate.Length(max=500))
    notes = fields.String(load_default="", validate=validate.Length(max=5000))
    shared = fields.Boolean(load_default=False)
    terms = fields.String(load_default="", validate=validate.Length(max=10000))
    parties = fields.String(load_default="", validate=validate.Length(max=500))
    signed_on = fields.Date(load_default=None)
    judicial_applied_on = fields.Date(load_default=None)


class ComplaintStatusOut(Schema):
    id = fields.Integer()
    status = fields.String()


def _summary(c: Complaint) -> dict:
    return {
        "id": c.id,
        "number": c.number,
        "status": c.status.value,
        "category": c.category.value,
        "compound_id": c.compound_id,
        "submitted_at": c.submitted_at,
        "deadline": c.current_deadline,
        "mediator_id": c.mediator_id,
    }


@bp.route("/complaints", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_file_complaint)
@bp.arguments(ComplaintIn)
@bp.response(201, ComplaintCreatedOut)
def file_complaint(body):
    """File a complaint about one's compound; `accept_by` is the end of the third working day
    after the day of submission (Beijing time)."""
    compound = db.session.get(Compound, body["compound_id"])
    if compound is None:
        raise DomainError(_l("There is no such compound."))
    complaint = services.file_complaint(
        current_user,
        compound,
        category=Category(body["category"]),
        respondent=Respondent(body["respondent"]),
        respondent_detail=body["respondent_detail"],
        description=body["description"],
        mediation_consent=body["mediation_consent"],
        contact_phone=body["contact_phone"],
        channel="api",
    )
    return {
        "id": complaint.id,
        "number": complaint.number,
        "status": complaint.status.value,
        "accept_by": complaint.accept_by,
    }


@bp.route("/complaints/<int:complaint_id>", methods=["GET"])
@bp.doc(security=BEARER)
@requires(can_view_complaint, complaint=Complaint)
@bp.response(200, ComplaintOut)
def get_complaint(complaint: Complaint):
    """A case with its timeline (internal notes for the station only); the station's reads
    are audited."""
    staff = can_handle_complaint(current_user, complaint)
    if staff:
        start_writing()
        services.record_view(complaint, current_user)
    events = services.timeline(complaint, staff=staff)
    return {
        "id": complaint.id,
        "number": complaint.number,
        "status": complaint.status.value,
        "category": complaint.category.value,
        "respondent": complaint.respondent.value,
        "compound_id": complaint.compound_id,
        "submitted_at": complaint.submitted_at,
        "accept_by": complaint.accept_by,
        "conclude_by": complaint.conclude_by,
        "mediator_id": complaint.mediator_id,
        "timeline": [
            {"at": e.at, "kind": e.kind.value, "status": e.status, "text": e.text, "internal": not e.shared}
            for e in events
        ],
    }


@bp.route("/me/complaints", methods=["GET"])
@bp.doc(security=BEARER)
@requires(can_see_my_complaints)
@bp.response(200, ComplaintSummaryOut(many=True))
def my_complaints():
    """One's own complaints, newest first."""
    return [_summary(c) for c in services.complaints_of(current_user)]


@bp.route("/complaints/<int:complaint_id>/attachments", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_act_as_complainant, complaint=Complaint)
@bp.response(201, ComplaintAttachmentsOut)
def add_attachments(complaint: Complaint):
    """Add photos or PDFs (multipart field `file`, repeated; at most six on a case)."""
    files = [f for f in request.files.getlist("file") if f and f.filename]
    if not files:
        raise DomainError(_l("Choose a file."))
    services.add_information(complaint, current_user, files=files)
    return {"ids": [a.id for a in complaint.attachments][-len(files) :]}


@bp.route("/offices/<int:street_office_id>/complaints", methods=["GET"])
@bp.doc(security=BEARER)
@requires(can_work_station, street_office=StreetOffice)
@bp.arguments(ComplaintQueueArgs, location="query")
@bp.response(200, ComplaintSummaryOut(many=True))
def station_queue(args, street_office: StreetOffice):
    """The station's queue, open cases by deadline first."""
    wanted = services.QueueFilter(status=args["status"], category=args["category"], overdue=args["overdue"])
    return [_summary(c) for c in services.queue(street_office.id, wanted)]


def _transition(complaint: Complaint, body: dict):
    action, reason = body["action"], body["reason"]
    if action == "withdraw":
        if not can_act_as_complainant(current_user, complaint):
            abort(403)
        return services.withdraw(complaint, current_user, reason)
    if not can_handle_complaint(current_user, complaint):
        abort(403)
    if action == "accept":
        return services.accept(complaint, current_user)
    if action == "decline":
        return services.decline(
            complaint,
            current_user,
            DeclineReason(body["decline_reason"] or "out_of_scope"),
            reason,
            body["duplicate_of"],
        )
    if action == "assign":
        return services.assign(complaint, current_user, db.session.get(User, body["mediator_id"] or 0))
    if action == "session":
        return services.record_session(
            complaint,
            current_user,
            held_on=body["held_on"] or beijing_date(utcnow()),
            place=body["place"],
            participants=body["participants"],
            notes=body["notes"],
            shared=body["shared"],
        )
    if action == "agree":
        return services.record_agreement(
            complaint,
            current_user,
            terms=body["terms"],
            parties=body["parties"],
            signed_on=body["signed_on"] or beijing_date(utcnow()),
            judicial_applied_on=body["judicial_applied_on"],
        )
    if action == "fail":
        return services.fail(complaint, current_user, [Route(r) for r in body["routes"]], reason)
    if action == "extend":
        return services.extend(complaint, current_user, reason)
    return services.close(complaint, current_user)


@bp.route("/complaints/<int:complaint_id>/transitions", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_view_complaint, complaint=Complaint)
@bp.arguments(ComplaintTransitionIn)
@bp.response(200, ComplaintStatusOut)
def transition(body, complaint: Complaint):
    """Move the case: accept, decline (`decline_reason`, `reason`, `duplicate_of`), assign
    (`mediator_id`), session (`held_on`, `place`, `participants`, `notes`, `shared`: the first
    starts the mediation), agree (`terms`, `parties`, `signed_on`, `judicial_applied_on`), fail
    (`routes`, `reason`), extend (`reason`), close; the complainant: withdraw.
    409 naming the current state when the move is not allowed from it."""
    try:
        _transition(complaint, body)
    except TransitionRefused as refused:
        raise ConflictError(refused.message) from refused
    return {"id": complaint.id, "status": complaint.status.value}
