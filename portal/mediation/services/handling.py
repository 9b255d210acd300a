"""The station's work on a case: accept or decline, assign, sessions, agreement or failure,
close, the one extension of the conclusion deadline; every move through the one workflow (a
conditional UPDATE, audited, signalled) and on the case's timeline."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from portal import audit
from portal.auth.models import Role, RoleGrant, User
from portal.columns import utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.mediation import rules
from portal.mediation.models import (
    UNDER_WAY,
    AttachmentPurpose,
    Complaint,
    DeclineReason,
    EventKind,
    MediationAgreement,
    MediationSession,
    Route,
    S,
)
from portal.mediation.services.cases import add_event, store_attachments
from portal.mediation.services.deadlines import conclude_by


def move(
    complaint: Complaint,
    name: str,
    actor,
    *,
    now: datetime | None = None,
    text: str = "",
    values: dict | None = None,
    after: dict | None = None,
) -> Complaint:
    """Carry out a transition of the case (refused naming the state it is in) and put it on
    the timeline."""
    now = now or utcnow()
    transition = Complaint.workflow.transitions[name]
    Complaint.workflow.move(
        complaint, name, actor=actor, now=now, values={"updated_at": now, **(values or {})}, after=after
    )
    add_event(complaint, EventKind.STATUS, status=transition.target.value, text=text, actor=actor, now=now)
    return complaint


def accept(complaint: Complaint, actor, now=None) -> Complaint:
    """Accept the case: the conclusion deadline (30 days by default) starts to run."""
    now = now or utcnow()
    due = conclude_by(complaint.street_office_id, now).due_at
    return move(
        complaint,
        "accept",
        actor,
        now=now,
        values={"accepted_at": now, "decided_at": now, "conclude_by": due},
        after={"conclude_by": due.isoformat()},
    )


def find_case(number: str, street_office_id: int) -> Complaint | None:
    number = (number or "").strip().upper()
    return db.session.scalar(
        select(Complaint).where(Complaint.number == number, Complaint.street_office_id == street_office_id)
    )


def decline(
    complaint: Complaint,
    actor,
    reason: DeclineReason,
    note: str = "",
    duplicate_of_number: str = "",
    now=None,
) -> Complaint:
    """Decline the case: outside the station's scope, a party refuses mediation (it is
    voluntary), or a duplicate, which names the case it duplicates (of the same station)."""
    values = {"decline_reason": reason, "decline_note": note.strip()[:500], "decided_at": now or utcnow()}
    if reason is DeclineReason.DUPLICATE:
        original = find_case(duplicate_of_number, complaint.street_office_id)
        if original is None or original.id == complaint.id:
            raise DomainError(
                _l("Give the number of the earlier case of this station that this one duplicates.")
            )
        values["duplicate_of_id"] = original.id
    elif not note.strip():
        raise DomainError(_l("Say why the complaint is declined: the complainant reads it."))
    text = note.strip() or (values.get("duplicate_of_id") and duplicate_of_number.strip().upper()) or ""
    return move(
        complaint, "decline", actor, now=now, text=text, values=values, after={"reason": reason.value}
    )


def mediator_ids(street_office_id: int) -> Select:
    """The ids of the station's mediators, each once, as a query (to notify them in one
    statement)."""
    return (
        select(RoleGrant.user_id)
        .where(RoleGrant.role == Role.MEDIATOR, RoleGrant.street_office_id == street_office_id)
        .distinct()
    )


def mediators_of(street_office_id: int) -> list[User]:
    """The station's mediators, by name."""
    query = (
        select(User)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == Role.MEDIATOR, RoleGrant.street_office_id == street_office_id)
        .order_by(User.name)
    )
    return list(db.session.scalars(query))


def assign(complaint: Complaint, actor, mediator: User | None, now=None) -> Complaint:
    """Assign the case to a mediator of its station (again, to change mediator)."""
    if mediator is None or mediator.id not in {m.id for m in mediators_of(complaint.street_office_id)}:
        raise DomainError(_l("Choose a mediator of this station."))
    return move(
        complaint,
        "assign",
        actor,
        now=now,
        text=mediator.name,
        values={"mediator_id": mediator.id},
        after={"mediator": mediator.id},
    )


def assign_many(complaints: list[Complaint], actor, mediator: User | None, now=None) -> int:
    """Assign several cases at once: all of them, or none when one is refused."""
    for complaint in complaints:
        assign(complaint, actor, mediator, now=now)
    return len(complaints)


def record_session(
    complaint: Complaint,
    actor,
    *,
    held_on: date,
    place: str,
    participants: str,
    notes: str = "",
    shared: bool = False,
    now=None,
) -> MediationSession:
    """Record a mediation session; the first one starts the mediation. Notes are private to the
    station unless shared with the parties."""
    now = now or utcnow()
    Complaint.workflow.hold(
        complaint,
        {S.ASSIGNED, S.IN_MEDIATION},
        _l("Sessions are recorded once the case is assigned and until it is concluded."),
    )
    if not place.strip() or not participants.strip():
        raise DomainError(_l("Give the place and the participants of the session."))
    if complaint.status is S.ASSIGNED:
        move(complaint, "start", actor, now=now)
    session = MediationSession(
        complaint=complaint,
        held_on=held_on,
        place=place.strip()[:200],
        participants=participants.strip()[:500],
        notes=notes.strip(),
        shared=shared,
        recorded_by_id=actor.id,
    )
    db.session.add(session)
    summary = f"{held_on.isoformat()} · {place.strip()} · {participants.strip()}"
    add_event(
        complaint,
        EventKind.SESSION,
        text=f"{summary}\n{notes.strip()}" if shared and notes.strip() else summary,
        actor=actor,
        now=now,
    )
    if notes.strip() and not shared:
        add_event(complaint, EventKind.NOTE, text=notes.strip(), shared=False, actor=actor, now=now)
    db.session.flush()
    audit.record(
        "complaint_session_recorded",
        complaint,
        after={"held_on": held_on.isoformat(), "shared": shared},
        compound_id=complaint.compound_id,
        actor=actor,
    )
    return session


def record_agreement(
    complaint: Complaint,
    actor,
    *,
    terms: str,
    parties: str,
    signed_on: date,
    scan=None,
    judicial_applied_on: date | None = None,
    now=None,
) -> MediationAgreement:
    """The written agreement (调解协议书) ends the mediation: terms, parties, date signed and
    the signed scan; judicial confirmation, when applied for, within 30 days of signing."""
    now = now or utcnow()
    if not terms.strip() or not parties.strip():
        raise DomainError(_l("Give the terms of the agreement and the parties who signed it."))
    _check_judicial(signed_on, judicial_applied_on)
    move(complaint, "agree", actor, now=now, values={"concluded_at": now})
    agreement = MediationAgreement(
        complaint=complaint,
        terms=terms.strip(),
        parties=parties.strip()[:500],
        signed_on=signed_on,
        judicial_applied_on=judicial_applied_on,
    )
    db.session.add(agreement)
    if scan is not None:
        attachment = store_attachments(complaint, [scan], actor, AttachmentPurpose.AGREEMENT)[0]
        agreement.scan_upload_id = attachment.upload_id
    db.session.flush()
    return agreement


def _check_judicial(signed_on: date, applied_on: date | None) -> None:
    if applied_on is not None and not rules.judicial_confirmation_in_time(signed_on, applied_on):
        raise DomainError(_l("Judicial confirmation is applied for within 30 days of signing the agreement."))


def record_judicial_application(complaint: Complaint, actor, applied_on: date) -> MediationAgreement:
    """Note that the parties applied to the court for judicial confirmation (司法确认)."""
    Complaint.workflow.hold(complaint, {S.AGREED, S.CLOSED}, _l("Only a case with an agreement has one."))
    agreement = complaint.agreement
    _check_judicial(agreement.signed_on, applied_on)
    agreement.judicial_applied_on = applied_on
    audit.record(
        "complaint_judicial_confirmation",
        complaint,
        after={"applied_on": applied_on.isoformat()},
        compound_id=complaint.compound_id,
        actor=actor,
    )
    return agreement


def fail(complaint: Complaint, actor, routes: list[Route], note: str = "", now=None) -> Complaint:
    """Mediation failed: the complainant is told the routes left (arbitration, an
    administrative complaint, the court), at least one."""
    if not routes:
        raise DomainError(_l("Explain at least one route left to the complainant."))
    now = now or utcnow()
    return move(
        complaint,
        "fail",
        actor,
        now=now,
        text=note.strip(),
        values={
            "concluded_at": now,
            "failure_routes": [r.value for r in routes],
            "failure_note": note.strip(),
        },
        after={"routes": [r.value for r in routes]},
    )


def close(complaint: Complaint, actor, now=None) -> Complaint:
    now = now or utcnow()
    return move(complaint, "close", actor, now=now, values={"closed_at": now})


def extend(complaint: Complaint, actor, reason: str, now=None) -> Complaint:
    """Extend the conclusion deadline once, with a reason, by the station's period again."""
    now = now or utcnow()
    Complaint.workflow.hold(
        complaint, UNDER_WAY, _l("Only the deadline of a case under way can be extended.")
    )
    if complaint.extended:
        raise DomainError(_l("The deadline has already been extended once."))
    if not reason.strip():
        raise DomainError(_l("Give the reason for the extension."))
    before = complaint.conclude_by
    complaint.conclude_by = conclude_by(complaint.street_office_id, before).due_at
    complaint.extension_reason = reason.strip()[:500]
    complaint.updated_at = now
    add_event(complaint, EventKind.DEADLINE, text=reason.strip(), actor=actor, now=now)
    audit.record(
        "complaint_deadline_extended",
        complaint,
        before={"conclude_by": before.isoformat()},
        after={"conclude_by": complaint.conclude_by.isoformat(), "reason": reason.strip()},
        compound_id=complaint.compound_id,
        actor=actor,
    )
    return complaint


def record_view(complaint: Complaint, viewer, *, attachment=None) -> None:
    """Every view of a case by the station's staff is in the audit trail (opening one of its
    attachments too: the record names the attachment)."""
    if viewer.id != complaint.complainant_id:
        after = {"attachment": attachment.id} if attachment is not None else None
        audit.record(
            "complaint_viewed", complaint, after=after, compound_id=complaint.compound_id, actor=viewer
        )


def record_listing(complaints: list[Complaint], viewer, *, via: str) -> None:
    """A list of cases read in full by the station's staff (e.g. an Open311 listing with the
    station's key): one audit record naming every case seen, rather than one per case. The
    record is filed under the compound when all the cases are in one."""
    seen = [c for c in complaints if viewer.id != c.complainant_id]
    if not seen:
        return
    compounds = {c.compound_id for c in seen}
    audit.record(
        "complaints_listed",
        viewer,
        after={"cases": [c.number for c in seen], "via": via},
        compound_id=compounds.pop() if len(compounds) == 1 else None,
        actor=viewer,
    )


def add_party(complaint: Complaint, actor, phone: str, now=None) -> User:
    """Make the person with this phone number a party to the case (they took part in a
    session): they then see what is shared with the parties. Audited."""
    from portal.mediation.models import CaseParty

    Complaint.workflow.hold(
        complaint,
        {S.ASSIGNED, S.IN_MEDIATION, S.AGREED, S.FAILED},
        _l("Parties are added once the case is assigned to a mediator."),
    )
    person = db.session.scalar(select(User).where(User.phone == (phone or "").strip()))
    if person is None:
        raise DomainError(_l("No account has this phone number."))
    if person.id == complaint.complainant_id or any(p.user_id == person.id for p in complaint.parties):
        raise DomainError(_l("This person can already see the case."))
    db.session.add(CaseParty(complaint_id=complaint.id, user_id=person.id, added_by_id=actor.id))
    db.session.flush()
    db.session.expire(complaint, ["parties"])
    add_event(complaint, EventKind.NOTE, text=person.name, shared=False, actor=actor, now=now)
    audit.record(
        "complaint_party_added",
        complaint,
        after={"party": person.id},
        compound_id=complaint.compound_id,
        actor=actor,
    )
    return person
