"""GeoReport v2 endpoints: the services (one per complaint category), filing a request with an
API token as `api_key`, and reading requests. Mediation may be private: without the
complainant's or the station's key a request shows only its category, status, dates,
deadline and compound (its `description` and `status_notes` are present but empty; never the
unit, person or notes)."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal.api.services import user_for_token
from portal.auth.permissions import anyone, can_handle_complaint, complainant_compound_ids, requires
from portal.columns import utcnow
from portal.errors import DomainError
from portal.extensions import csrf, db
from portal.mediation import services
from portal.mediation.models import (
    CATEGORY_LABELS,
    FINAL,
    RESPONDENT_LABELS,
    STATUS_LABELS,
    Category,
    Complaint,
    Respondent,
    S,
)
from portal.open311 import bp
from portal.open311.formats import answer, definition, errors, iso
from portal.places.models import Compound
from portal.unit_of_work import roll_back, writes_when

csrf.exempt(bp)

FORMAT = "<any(json, xml):fmt>"
#: Concluded or finished cases count as `closed` for Open311.
CLOSED = FINAL | {S.AGREED, S.FAILED}
#: A listing without filters covers the last 90 days, at most 1000 requests (as the specification advises).
DEFAULT_WINDOW = timedelta(days=90)
MOST = 1000
#: When the services (the complaint categories) or their definitions last changed.
SERVICES_CHANGED = "2026-11-27T00:00:00+08:00"
PRIVACY = (
    "调解可能不公开：未持投诉人或调解站密钥读取时，只显示类别、状态、日期、期限和小区，不显示描述、单元、个人或记录。"
    " Mediation may be private: read without the complainant's or the station's key, a request shows only its"
    " category, status, dates, deadline and compound; never the description, unit, person or notes."
)
KEYWORDS = {
    Category.FEES: ["物业费", "收费"],
    Category.REPAIRS: ["维修", "漏水"],
    Category.PARKING: ["停车", "车位"],
    Category.SANITATION: ["环境卫生", "垃圾"],
    Category.GREENING: ["绿化"],
    Category.NOISE: ["噪音"],
    Category.PETS: ["宠物", "犬只"],
    Category.ILLEGAL_BUILDING: ["违章搭建", "违建"],
    Category.SERVICE_QUALITY: ["物业服务"],
    Category.COMMITTEE_CONDUCT: ["业委会"],
    Category.OTHER: ["其他"],
}


def _service(category: Category) -> dict:
    return {
        "service_code": category.value,
        "service_name": str(CATEGORY_LABELS[category]),
        "description": f"{CATEGORY_LABELS[category]} — {PRIVACY}",
        "metadata": True,
        "type": "realtime",
        "keywords": ",".join(KEYWORDS[category]),
        "group": "物业管理投诉调解",
    }


@bp.get(f"/discovery.{FORMAT}")
@requires(anyone)
def discovery(fmt: str):
    """Service discovery: where the GeoReport v2 endpoint is, in which formats, whom to ask and
    how to get a key. The changeset moves when the services or their definitions change."""
    return definition(
        {
            "changeset": SERVICES_CHANGED,
            "contact": str(_("The mediation station of your street office (物业管理投诉调解站)")),
            "key_service": str(
                _(
                    "An API token is the key: POST %(url)s with your phone number and password.",
                    url=url_for("api.create_token", _external=True),
                )
            ),
            "endpoints": [
                {
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": url_for("open311.service_list", fmt="json", _external=True).removesuffix(
                        "/services.json"
                    ),
                    "changeset": SERVICES_CHANGED,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
        fmt,
        element="discovery",
    )


@bp.get(f"/v2/services.{FORMAT}")
@requires(anyone)
def service_list(fmt: str):
    """GET services: one service per complaint category."""
    return answer("services", [_service(c) for c in Category], fmt)


@bp.get(f"/v2/services/<code>.{FORMAT}")
@requires(anyone)
def service_definition(code: str, fmt: str):
    """GET service definition: the attributes a request of the service takes."""
    if code not in {c.value for c in Category}:
        return errors(404, _("There is no such service."), fmt)
    respondents = [{"key": r.value, "name": str(label)} for r, label in RESPONDENT_LABELS.items()]
    attributes = [
        {
            "variable": True,
            "code": "respondent",
            "datatype": "singlevaluelist",
            "required": True,
            "datatype_description": "",
            "order": 1,
            "description": str(_("Against whom?")),
            "values": respondents,
        },
        {
            "variable": True,
            "code": "respondent_detail",
            "datatype": "string",
            "required": False,
            "datatype_description": "",
            "order": 2,
            "description": str(_("Which neighbour or who exactly (optional)")),
        },
        {
            "variable": True,
            "code": "mediation_consent",
            "datatype": "singlevaluelist",
            "required": True,
            "datatype_description": "",
            "order": 3,
            "description": str(_("I agree to mediation by the station (free and voluntary)")),
            "values": [{"key": "true", "name": str(_("Yes"))}, {"key": "false", "name": str(_("No"))}],
        },
    ]
    return definition({"service_code": code, "attributes": attributes}, fmt)


def _key_user():
    key = (request.values.get("api_key") or "").strip()
    return user_for_token(key) if key else None


def _compound_named(user, address: str) -> Compound | None:
    """The compound of the account's claims that the address names (the longest name found)."""
    compounds = [db.session.get(Compound, i) for i in complainant_compound_ids(user)]
    named = [c for c in compounds if c.name and c.name in address]
    return max(named, key=lambda c: len(c.name)) if named else None


@bp.post(f"/v2/requests.{FORMAT}")
@requires(anyone)
def create_request(fmt: str):
    """POST service request (form-encoded): `api_key` (an API token), `service_code`,
    `address_string` naming the compound and unit, `description`, `attribute[respondent]`,
    `attribute[mediation_consent]`."""
    user = _key_user()
    if user is None:
        return errors(403, _("A valid api_key (an API token of the complainant) is required."), fmt)
    form = request.form
    code = form.get("service_code", "")
    if code not in {c.value for c in Category}:
        return errors(400, _("service_code is not one of the services."), fmt)
    compound = _compound_named(user, form.get("address_string", ""))
    if compound is None:
        return errors(400, _("address_string must name the compound where you live, and your unit."), fmt)
    respondent = form.get("attribute[respondent]", "")
    if respondent not in {r.value for r in Respondent}:
        return errors(400, _("attribute[respondent] is required: one of the listed values."), fmt)
    consent = form.get("attribute[mediation_consent]", "")
    if consent not in ("true", "false"):
        return errors(400, _("attribute[mediation_consent] is required: true or false."), fmt)
    complaint = services.file_complaint(
        user,
        compound,
        category=Category(code),
        respondent=Respondent(respondent),
        respondent_detail=form.get("attribute[respondent_detail]", "")[:100],
        description=(form.get("description") or "")[:5000],
        mediation_consent=consent == "true",
        contact_phone="",
        channel="open311",
    )
    notice = _(
        "Case %(number)s: the station decides by %(when)s whether it takes the case.",
        number=complaint.number,
        when=iso(complaint.accept_by),
    )
    item = {"service_request_id": complaint.number, "service_notice": notice, "account_id": str(user.id)}
    return answer("requests", [item], fmt)


@bp.errorhandler(DomainError)
def refused(error: DomainError):
    """A rule refused the request: the unit of work undoes what it wrote, and the answer is the
    specification's error list in the format asked for."""
    roll_back()
    fmt = (request.view_args or {}).get("fmt", "json")
    return errors(400, str(error.message), fmt)


def _may_read_all(user, complaint: Complaint) -> bool:
    return user is not None and (complaint.complainant_id == user.id or can_handle_complaint(user, complaint))


def _request(complaint: Complaint, user, *, audit_view: bool = True) -> dict:
    item = {
        "service_request_id": complaint.number,
        "status": "closed" if complaint.status in CLOSED else "open",
        "service_name": str(CATEGORY_LABELS[complaint.category]),
        "service_code": complaint.category.value,
        "agency_responsible": f"{complaint.street_office.name}物业管理投诉调解站",
        "service_notice": "",
        "requested_datetime": iso(complaint.submitted_at),
        "updated_datetime": iso(complaint.updated_at),
        "expected_datetime": iso(complaint.current_deadline),
        "address": complaint.compound.name,
        "address_id": "",
        "zipcode": "",
        "lat": "",
        "long": "",
        "media_url": "",
        "status_notes": "",  # the specification's fields are always present; empty without the key
        "description": "",
    }
    if _may_read_all(user, complaint):
        if audit_view:
            services.record_view(complaint, user)  # the station's reads are audited (not the complainant's)
        shared = [e for e in complaint.events if e.shared and e.text]
        item["status_notes"] = f"{STATUS_LABELS[complaint.status]}" + (
            f"：{shared[-1].text}" if shared else ""
        )
        item["description"] = complaint.description
    return item


def _date(name: str) -> datetime | None:
    value = request.args.get(name, "")
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise ValueError(name) from error
    if moment.tzinfo is None:
        raise ValueError(name)
    return moment


def _has_key() -> bool:
    """Only a request with a key may read (and so log) private fields: only it takes the write lock."""
    return bool((request.values.get("api_key") or "").strip())


@bp.get(f"/v2/requests.{FORMAT}")
@requires(anyone)
@writes_when(_has_key)
def list_requests(fmt: str):
    """GET service requests: filters `service_request_id` (comma-separated case numbers, in any
    case; it overrides every other filter), `service_code`, `start_date`, `end_date` (ISO 8601
    with offset), `status` (open/closed)."""
    try:
        start, end = _date("start_date"), _date("end_date")
    except ValueError as error:
        return errors(
            400, _("%(name)s must be a date and time in ISO 8601 with its offset.", name=str(error)), fmt
        )
    query = select(Complaint)
    ids = [i.strip().upper() for i in request.args.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        # The specification: service_request_id overrides every other filter.
        query = query.where(Complaint.number.in_(ids[:MOST]))
    else:
        end = end or utcnow()
        start = start or end - DEFAULT_WINDOW
        query = query.where(Complaint.submitted_at >= start, Complaint.submitted_at <= end)
        codes = [c for c in request.args.get("service_code", "").split(",") if c]
        if codes:
            query = query.where(
                Complaint.category.in_([Category(c) for c in codes if c in Category._value2member_map_])
            )
        status = request.args.get("status", "")
        if status in ("open", "closed"):
            closed = Complaint.status.in_(CLOSED)
            query = query.where(closed if status == "closed" else ~closed)
    user = _key_user()
    found = list(
        db.session.scalars(
            query.options(
                selectinload(Complaint.events),
                joinedload(Complaint.compound),
                joinedload(Complaint.street_office),
            )
            .order_by(Complaint.submitted_at.desc())
            .limit(MOST)
        )
    )
    items = [_request(c, user, audit_view=False) for c in found]
    if user is not None:
        services.record_listing([c for c in found if _may_read_all(user, c)], user, via="open311")
    return answer("requests", items, fmt)


@bp.get(f"/v2/requests/<request_id>.{FORMAT}")
@requires(anyone)
@writes_when(_has_key)
def get_request(request_id: str, fmt: str):
    """GET service request: one request by its id (the case number)."""
    complaint = db.session.scalar(select(Complaint).where(Complaint.number == request_id.upper()))
    if complaint is None:
        return errors(404, _("There is no such service request."), fmt)
    return answer("requests", [_request(complaint, _key_user())], fmt)
