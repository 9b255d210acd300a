"""Whom the mediation station tells: the complainant of every move of their case (heard from
the workflow's `transitioned` signal, in the same transaction) and of each message the station
writes them; the station's mediators of a new complaint and of a withdrawal; the case's mediator
(or, while nobody is assigned, all the station's) of each message or information the
complainant adds."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from portal.mediation.models import STATUS_LABELS, Complaint, EventKind
from portal.mediation.services.cases import filed, written
from portal.mediation.services.handling import mediator_ids, mediators_of
from portal.notifications import notify, path_for, register_kind
from portal.notifications.outbox import notify_selected
from portal.workflow import transitioned

register_kind("complaint_moved", _l("Your complaint to the mediation station moved on"), sms=True)
register_kind("complaint_filed_at_station", _l("A new complaint reached your mediation station"))
register_kind("complaint_assigned_to_me", _l("A complaint was assigned to you to mediate"))
register_kind(
    "complaint_station_wrote", _l("The mediation station wrote to you about your complaint"), sms=True
)
register_kind("complaint_complainant_wrote", _l("A complainant wrote on a case of your station"))


def _case_path(complaint: Complaint) -> str:
    return path_for("mediation.complaint", complaint_id=complaint.id)


@transitioned.connect_via("complaint")
def on_complaint_moved(sender, *, record: Complaint, transition, actor, now: datetime) -> None:
    """The complainant hears of each move their case makes (not of their own withdrawal); the
    mediator hears of an assignment; the station of a withdrawal."""
    if transition.name == "withdraw":
        notify(
            [m.id for m in mediators_of(record.street_office_id)],
            kind="complaint_filed_at_station",
            title=_l("Complaint %(number)s was withdrawn", number=record.number),
            url=_case_path(record),
            subject=("complaint", record.id),
            now=now,
        )
        return
    notify(
        [record.complainant_id],
        kind="complaint_moved",
        title=_l(
            "Complaint %(number)s: %(state)s", number=record.number, state=STATUS_LABELS[transition.target]
        ),
        url=_case_path(record),
        subject=("complaint", record.id),
        now=now,
    )
    if (
        transition.name == "assign"
        and record.mediator_id
        and getattr(actor, "id", None) != record.mediator_id
    ):
        notify(
            [record.mediator_id],
            kind="complaint_assigned_to_me",
            title=_l("Complaint %(number)s is yours to mediate", number=record.number),
            url=_case_path(record),
            subject=("complaint", record.id),
            now=now,
        )


@filed.connect
def on_complaint_filed(sender, *, complaint: Complaint, now: datetime) -> None:
    """The station's mediators hear of each new complaint (in one INSERT … SELECT)."""
    notify_selected(
        mediator_ids(complaint.street_office_id),
        kind="complaint_filed_at_station",
        title=_l(
            "New complaint %(number)s: %(category)s at %(compound)s",
            number=complaint.number,
            category=complaint.category_label,
            compound=complaint.compound.name,
        ),
        url=_case_path(complaint),
        subject=("complaint", complaint.id),
        now=now,
    )


@written.connect
def on_complaint_written(sender, *, complaint: Complaint, actor, what: EventKind, now: datetime) -> None:
    """The station's message reaches the complainant; the complainant's message or information
    reaches the case's mediator, or every mediator of the station while nobody is assigned."""
    if actor.id != complaint.complainant_id:
        notify(
            [complaint.complainant_id],
            kind="complaint_station_wrote",
            title=_l(
                "The mediation station wrote to you about complaint %(number)s", number=complaint.number
            ),
            url=_case_path(complaint) + "#timeline",
            subject=("complaint", complaint.id),
            now=now,
        )
        return
    mediators = (
        [complaint.mediator_id]
        if complaint.mediator_id
        else [m.id for m in mediators_of(complaint.street_office_id)]
    )
    title = (
        _l("Complaint %(number)s: the complainant added information", number=complaint.number)
        if what is EventKind.INFO
        else _l("Complaint %(number)s: a message from the complainant", number=complaint.number)
    )
    notify(
        [m for m in mediators if m != actor.id],
        kind="complaint_complainant_wrote",
        title=title,
        url=_case_path(complaint) + "#timeline",
        subject=("complaint", complaint.id),
        now=now,
    )
