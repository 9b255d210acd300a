"""What the mediation pages share: the labels, and the case page for the complainant or the
station's staff with the forms of the moves the case allows now."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.forms import EmptyForm
from portal.mediation import rules, services
from portal.mediation.forms import (
    AgreementForm,
    AssignForm,
    DeclineForm,
    ExtendForm,
    FailForm,
    InformationForm,
    JudicialForm,
    MessageForm,
    PartyForm,
    RateForm,
    SessionForm,
    WithdrawForm,
)
from portal.mediation.models import (
    CATEGORY_LABELS,
    CONTACT_LABELS,
    DECLINE_LABELS,
    RESPONDENT_LABELS,
    ROUTE_LABELS,
    STATUS_LABELS,
    Complaint,
    EventKind,
)

LABELS = {
    "category_labels": CATEGORY_LABELS,
    "status_labels": STATUS_LABELS,
    "respondent_labels": RESPONDENT_LABELS,
    "decline_labels": DECLINE_LABELS,
    "route_labels": ROUTE_LABELS,
    "contact_labels": CONTACT_LABELS,
    "category_labels_by_value": {c.value: label for c, label in CATEGORY_LABELS.items()},
    "status_labels_by_value": {s.value: label for s, label in STATUS_LABELS.items()},
    "EventKind": EventKind,
    "rules": rules,
}


def staff_forms(complaint: Complaint, given: dict) -> dict:
    """The station's forms for the moves the case allows now (those given keep what was typed)."""
    assign = given.get("assign_form") or AssignForm()
    assign.mediator.choices = [(m.id, m.name) for m in services.mediators_of(complaint.street_office_id)]
    if complaint.mediator_id and not assign.mediator.data:
        assign.mediator.data = complaint.mediator_id
    session = given.get("session_form") or SessionForm(data={"held_on": beijing_date(utcnow())})
    return {
        "decline_form": given.get("decline_form") or DeclineForm(),
        "assign_form": assign,
        "session_form": session,
        "agreement_form": given.get("agreement_form") or AgreementForm(),
        "fail_form": given.get("fail_form") or FailForm(),
        "extend_form": given.get("extend_form") or ExtendForm(),
        "judicial_form": given.get("judicial_form") or JudicialForm(),
        "party_form": given.get("party_form") or PartyForm(),
    }


def case_page(complaint: Complaint, *, staff: bool, status: int = 200, **given):
    """The case page: details, attachments, deadline, timeline and the forms the viewer may use."""
    services.load_case_details(complaint)
    forms = (staff_forms(complaint, given) | {"action_form": EmptyForm()}) if staff else {}
    if "rate_form" in given or complaint.awaits_rating:
        forms["rate_form"] = given.get("rate_form") or RateForm()
    page = render_template(
        "mediation/complaint.html",
        complaint=complaint,
        staff=staff,
        mine=complaint.complainant_id == current_user.id,
        events=services.timeline(complaint, staff=staff),
        evidence=services.evidence(complaint),
        overdue=rules.is_overdue(complaint.current_deadline, utcnow()),
        message_form=given.get("message_form") or MessageForm(),
        info_form=given.get("info_form") or InformationForm(),
        withdraw_form=WithdrawForm(),
        **forms,
        **LABELS,
    )
    return page, status
