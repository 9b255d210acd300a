"""API of volunteer service: activities of a compound, sign-ups (with the waitlist),
cancelling, check-in and check-out, one's own record, and the public check of a
certificate's code. The same services and rules as the pages."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from marshmallow import Schema, fields, validate

from portal.api import BEARER, bp
from portal.auth.permissions import (
    anyone,
    can_cancel_signup,
    can_organise_in_compound,
    can_record_attendance,
    can_sign_up,
    can_volunteer,
    requires,
)
from portal.places.models import Compound
from portal.volunteering import rules, services
from portal.volunteering.models import Category, ServiceSession, Signup
from portal.volunteering.views import listing

CATEGORIES = [category.value for category in Category]


class SessionIn(Schema):
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    capacity = fields.Integer(required=True, validate=validate.Range(1, 1000))


class ActivityIn(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    place = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    contact = fields.String(load_default="", validate=validate.Length(max=100))
    sessions = fields.List(fields.Nested(SessionIn), required=True, validate=validate.Length(min=1, max=60))
    signup_closes_at = fields.AwareDateTime(required=True)
    cancel_closes_at = fields.AwareDateTime(required=True)
    min_age = fields.Integer(load_default=0, validate=validate.Range(0, 18))
    guardian_consent_required = fields.Boolean(load_default=True)


class IdOut(Schema):
    id = fields.Integer()


class CreatedOut(Schema):
    id = fields.Integer()
    sessions = fields.List(fields.Nested(IdOut))


class SessionOut(Schema):
    id = fields.Integer()
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()
    capacity = fields.Integer()
    places_left = fields.Integer()
    waitlisted = fields.Integer()


class ActivityOut(Schema):
    id = fields.Integer()
    title = fields.String()
    category = fields.String()
    place = fields.String()
    description = fields.String()
    contact = fields.String()
    status = fields.String()
    signup_closes_at = fields.AwareDateTime()
    cancel_closes_at = fields.AwareDateTime()
    min_age = fields.Integer()
    guardian_consent_required = fields.Boolean()
    sessions = fields.List(fields.Nested(SessionOut))


class SignupIn(Schema):
    """Empty for an adult; a minor declares a date of birth and the guardian's consent."""

    birth_date = fields.Date(load_default=None)
    guardian_name = fields.String(load_default="", validate=validate.Length(max=50))
    guardian_phone = fields.String(load_default="", validate=validate.Length(max=20))
    guardian_consent = fields.Boolean(load_default=False)


class SignupOut(Schema):
    id = fields.Integer()
    status = fields.String()
    position = fields.Integer(allow_none=True)


class CancelledOut(Schema):
    status = fields.String()
    promoted_signup_id = fields.Integer(allow_none=True)


class AttendanceOut(Schema):
    id = fields.Integer()
    status = fields.String()
    checked_in_at = fields.AwareDateTime(allow_none=True)
    checked_out_at = fields.AwareDateTime(allow_none=True)
    hours = fields.String()


class MySessionOut(Schema):
    signup_id = fields.Integer()
    activity_id = fields.Integer()
    title = fields.String()
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()
    status = fields.String()
    position = fields.Integer(allow_none=True)
    hours = fields.String()


class MyRecordOut(Schema):
    total_hours = fields.String()
    star = fields.Integer()
    sessions = fields.List(fields.Nested(MySessionOut))


class CertificateOut(Schema):
    name_initial = fields.String()
    hours = fields.String()
    from_ = fields.Date(data_key="from")
    to = fields.Date()
    issuer = fields.String()


def _activity(view) -> dict:
    a = view.activity
    return {
        "id": a.id,
        "title": a.title,
        "category": a.category.value,
        "place": a.place,
        "description": a.description,
        "contact": a.contact,
        "status": a.status.value,
        "signup_closes_at": a.signup_closes_at,
        "cancel_closes_at": a.cancel_closes_at,
        "min_age": a.min_age,
        "guardian_consent_required": a.guardian_consent_required,
        "sessions": [
            {
                "id": s.session.id,
                "starts_at": s.session.starts_at,
                "ends_at": s.session.ends_at,
                "capacity": s.session.capacity,
                "places_left": s.places_left,
                "waitlisted": s.waiting,
            }
            for s in view.sessions
        ],
    }


@bp.route("/compounds/<int:compound_id>/activities", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_organise_in_compound, compound=Compound)
@bp.arguments(ActivityIn)
@bp.response(201, CreatedOut)
def create_activity(body, compound: Compound):
    """Publish a volunteer activity of the compound with its sessions (committee, community staff)."""
    activity = services.create_activity(
        compound=compound,
        title=body["title"],
        category=Category(body["category"]),
        place=body["place"],
        description=body["description"],
        contact=body["contact"],
        sessions=[
            services.SessionDraft(s["starts_at"], s["ends_at"], s["capacity"]) for s in body["sessions"]
        ],
        signup_closes_at=body["signup_closes_at"],
        cancel_closes_at=body["cancel_closes_at"],
        min_age=body["min_age"],
        guardian_consent_required=body["guardian_consent_required"],
        actor=current_user,
    )
    return {"id": activity.id, "sessions": [{"id": s.id} for s in activity.sessions]}


@bp.route("/compounds/<int:compound_id>/activities", methods=["GET"])
@requires(anyone, compound=Compound)
@bp.response(200, ActivityOut(many=True))
def list_activities(compound: Compound):
    """The compound's published activities with a session to come, with places left."""
    return [_activity(view) for view in listing(services.activities_of_compound(compound))]


@bp.route("/sessions/<int:session_id>/signups", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_sign_up, session=ServiceSession)
@bp.arguments(SignupIn)
@bp.response(201, SignupOut)
def sign_up(body, session: ServiceSession):
    """Sign up: confirmed, or waitlisted with a position; 409 for a second sign-up, 422
    after the deadline."""
    minor = None
    if body["birth_date"] is not None:
        minor = services.MinorDeclaration(
            body["birth_date"], body["guardian_name"], body["guardian_phone"], body["guardian_consent"]
        )
    result = services.sign_up(session, current_user, minor=minor)
    return {"id": result.signup.id, "status": result.signup.status.value, "position": result.position}


@bp.route("/signups/<int:signup_id>", methods=["DELETE"])
@bp.doc(security=BEARER)
@requires(can_cancel_signup, signup=Signup)
@bp.response(200, CancelledOut)
def cancel_signup(signup: Signup):
    """Cancel one's sign-up; the first on the waitlist is promoted at once."""
    promoted = services.cancel_signup(signup, actor=current_user)
    return {"status": signup.status.value, "promoted_signup_id": promoted.id if promoted else None}


def _attendance(signup: Signup) -> dict:
    return {
        "id": signup.id,
        "status": signup.status.value,
        "checked_in_at": signup.checked_in_at,
        "checked_out_at": signup.checked_out_at,
        "hours": rules.hours_text(signup.minutes),
    }


@bp.route("/signups/<int:signup_id>/check-in", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_record_attendance, signup=Signup)
@bp.response(200, AttendanceOut)
def check_in(signup: Signup):
    """Check a volunteer in (the activity's organisers)."""
    return _attendance(services.check_in(signup, actor=current_user))


@bp.route("/signups/<int:signup_id>/check-out", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_record_attendance, signup=Signup)
@bp.response(200, AttendanceOut)
def check_out(signup: Signup):
    """Check a volunteer out: the service time is recorded."""
    return _attendance(services.check_out(signup, actor=current_user))


@bp.route("/me/volunteering", methods=["GET"])
@bp.doc(security=BEARER)
@requires(can_volunteer)
@bp.response(200, MyRecordOut)
def my_record():
    """One's total hours (two decimals), star level and sessions, newest first."""
    record = services.record_of(current_user)
    return {
        "total_hours": record.total_hours,
        "star": record.star,
        "sessions": [
            {
                "signup_id": s.id,
                "activity_id": s.session.activity_id,
                "title": s.session.activity.title,
                "starts_at": s.session.starts_at,
                "ends_at": s.session.ends_at,
                "status": s.status.value,
                "position": record.positions.get(s.id),
                "hours": rules.hours_text(s.minutes),
            }
            for s in record.signups
        ],
    }


@bp.route("/certificates/<code>", methods=["GET"])
@requires(anyone)
@bp.response(200, CertificateOut)
def verify_certificate(code: str):
    """Check a certificate's code (public): only the name's first character, the hours, the
    period and the issuer."""
    certificate = services.certificate_by_code(code)
    if certificate is None:
        abort(404)
    return {
        "name_initial": rules.name_initial(certificate.holder_name),
        "hours": rules.hours_text(certificate.minutes),
        "from_": certificate.first_on,
        "to": certificate.last_on,
        "issuer": certificate.issuer,
    }
