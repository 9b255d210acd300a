"""The mediation station's audit actions: filing, every move of a case, sessions, the
extension, messages and notes, ratings, and every view of a case by the station's staff."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.audit import Field, action_group, labels_by, register_action, register_subject
from portal.audit.formats import choice
from portal.mediation.models import CATEGORY_LABELS, STATUS_LABELS, Complaint

MEDIATION = action_group("mediation", _l("Mediation station"))


register_subject("Complaint", labels_by(Complaint, "number"), label=_l("Complaint"))
register_subject("MediationStation", label=_l("Mediation station"))

STATUS = Field(_l("Status"), choice({s.value: label for s, label in STATUS_LABELS.items()}))
FIELDS = {
    "status": STATUS,
    "number": Field(_l("Case number")),
    "category": Field(_l("Category"), choice({c.value: label for c, label in CATEGORY_LABELS.items()})),
    "respondent": Field(_l("Respondent")),
    "reason": Field(_l("Reason")),
    "mediator": Field(_l("Mediator")),
    "conclude_by": Field(_l("Conclude by")),
    "routes": Field(_l("Routes left")),
    "party": Field(_l("Party")),
    "accept_working_days": Field(_l("Accept or decline within (working days)")),
    "conclude_days": Field(_l("Conclude within (days of acceptance)")),
}

ACTIONS = {
    "complaint_filed": (_l("filed the complaint %(number)s"), _l("Complaint filed")),
    "complaint_accepted": (_l("accepted the complaint"), _l("Complaint accepted")),
    "complaint_declined": (_l("declined the complaint"), _l("Complaint declined")),
    "complaint_assigned": (_l("assigned the complaint to a mediator"), _l("Complaint assigned")),
    "complaint_mediation_started": (_l("started the mediation"), _l("Mediation started")),
    "complaint_agreed": (_l("recorded the mediation agreement"), _l("Mediation agreement recorded")),
    "complaint_failed": (_l("recorded that the mediation failed"), _l("Mediation failed")),
    "complaint_closed": (_l("closed the case"), _l("Case closed")),
    "complaint_withdrawn": (_l("withdrew the complaint"), _l("Complaint withdrawn")),
    "complaint_session_recorded": (_l("recorded a mediation session"), _l("Mediation session recorded")),
    "complaint_deadline_extended": (_l("extended the deadline: %(reason)s"), _l("Deadline extended")),
    "complaint_judicial_confirmation": (
        _l("recorded the application for judicial confirmation"),
        _l("Judicial confirmation applied for"),
    ),
    "complaint_information_added": (_l("added information to the complaint"), _l("Information added")),
    "complaint_message_posted": (_l("wrote a message on the case"), _l("Message on a case")),
    "complaint_note_added": (_l("wrote an internal note on the case"), _l("Internal note on a case")),
    "complaint_rated": (_l("rated the handling of the case"), _l("Handling rated")),
    "complaint_viewed": (_l("opened the case"), _l("Case opened by staff")),
    "complaints_listed": (_l("read a list of cases in full"), _l("Cases listed by staff")),
    "complaint_party_added": (
        _l("made a session participant a party to the case"),
        _l("Party added to a case"),
    ),
    "mediation_deadlines_set": (
        _l(
            "set the station's deadlines: accept within %(accept_working_days)s working days, conclude within"
            " %(conclude_days)s days"
        ),
        _l("Station deadlines set"),
    ),
}

for code, (sentence, label) in ACTIONS.items():
    register_action(code, MEDIATION, sentence, label=label, fields=FIELDS)
