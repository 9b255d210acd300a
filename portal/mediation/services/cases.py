"""Filing and following a complaint: case numbers, drafts, attachments, the timeline, the
complainant's own moves (withdraw, add information, rate) and messages."""

from __future__ import annotations

from datetime import datetime

from blinker import Namespace
from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from portal import audit, uploads
from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.mediation import rules
from portal.mediation.models import (
    FINAL,
    AttachmentPurpose,
    CaseCounter,
    CaseEvent,
    Category,
    Complaint,
    ComplaintAttachment,
    ComplaintDraft,
    ComplaintStatus,
    ContactMethod,
    EventKind,
    Respondent,
    S,
)
from portal.mediation.services.deadlines import accept_by
from portal.places.models import Compound
from portal.statements import built_once

signals = Namespace()
#: Sent when a complaint is filed (no transition: it is born `submitted`), with `complaint`.
filed = signals.signal("complaint_filed")
#: Someone wrote on a case: a message (not an internal note) or the complainant's information.
written = signals.signal("complaint_written")

#: Each attachment: a photo (EXIF removed) or a PDF of at most 5 MB.
ATTACHMENT_LIMIT = 5 * uploads.MEGABYTE
MIN_DESCRIPTION = 10


def next_number(year: int) -> str:
    """The next case number of `year`: one conditional UPDATE of the year's counter (the row
    lock makes concurrent filings wait for each other), its row made on the year's first."""
    bump = (
        update(CaseCounter)
        .where(CaseCounter.year == year)
        .values(last=CaseCounter.last + 1)
        .returning(CaseCounter.last)
        .execution_options(synchronize_session=False)
    )
    serial = db.session.execute(bump).scalar()
    if serial is None:
        try:
            with db.session.begin_nested():
                db.session.add(CaseCounter(year=year, last=1))
            serial = 1
        except IntegrityError:
            serial = db.session.execute(bump).scalar_one()
    return rules.case_number(year, serial)


def add_event(
    complaint: Complaint,
    kind: EventKind,
    *,
    text: str = "",
    shared: bool = True,
    status: str = "",
    actor=None,
    now: datetime | None = None,
) -> CaseEvent:
    """Add a line to the case's timeline (shared with the complainant unless `shared` is false)."""
    event = CaseEvent(
        complaint=complaint,
        kind=kind,
        text=text,
        shared=shared,
        status=status,
        actor_id=getattr(actor, "id", None),
        at=now or utcnow(),
    )
    db.session.add(event)
    return event


def _check_text(category, respondent, respondent_detail: str, description: str) -> None:
    if len((description or "").strip()) < MIN_DESCRIPTION:
        raise DomainError(_l("Describe what happened in at least %(n)d characters.", n=MIN_DESCRIPTION))
    if respondent is Respondent.NEIGHBOUR and not respondent_detail.strip():
        raise DomainError(_l("Name the neighbour's unit (building and flat)."))
    if not isinstance(category, Category):
        raise DomainError(_l("Choose what the complaint is about."))


def _claimed_compound_ids(user) -> set[int]:
    """Where a claim of the person's stands: as the request's permission check read it (the
    filing page's), else read now."""
    from portal.registration.services import claimed_compound_ids

    known = g.get("claimed_compound_ids", {}) if has_request_context() else {}
    return known[user.id] if user.id in known else claimed_compound_ids(user)


def file_complaint(
    complainant,
    compound: Compound,
    *,
    category: Category,
    respondent: Respondent,
    description: str,
    mediation_consent: bool,
    respondent_detail: str = "",
    contact_method: ContactMethod = ContactMethod.PHONE,
    contact_phone: str = "",
    files=(),
    channel: str = "web",
    now: datetime | None = None,
) -> Complaint:
    """File a complaint about the complainant's compound (where a claim of theirs stands) with
    its station; the case number and the acceptance deadline are fixed at once. Audited."""
    now = now or utcnow()
    if compound.id not in _claimed_compound_ids(complainant):
        raise DomainError(_l("You can file a complaint only about the compound where you live."))
    _check_text(category, respondent, respondent_detail, description)
    if len(files) > rules.MAX_ATTACHMENTS:
        raise DomainError(_l("At most %(n)d photos or PDFs.", n=rules.MAX_ATTACHMENTS))
    office_id = compound.community.street_office_id
    local = beijing_date(now)
    complaint = Complaint(
        number=next_number(local.year),
        street_office_id=office_id,
        compound_id=compound.id,
        complainant_id=complainant.id,
        category=category,
        respondent=respondent,
        respondent_detail=respondent_detail.strip(),
        description=description.strip(),
        contact_method=contact_method,
        contact_phone=contact_phone.strip(),
        mediation_consent=mediation_consent,
        channel=channel,
        status=S.SUBMITTED,
        submitted_at=now,
        updated_at=now,
        month=f"{local:%Y-%m}",
        accept_by=accept_by(office_id, now).due_at,
        failure_routes=[],
    )
    db.session.add(complaint)
    db.session.flush()
    store_attachments(complaint, files, complainant)
    add_event(complaint, EventKind.STATUS, status=S.SUBMITTED.value, actor=complainant, now=now)
    audit.record(
        "complaint_filed",
        complaint,
        after={"number": complaint.number, "category": category.value, "respondent": respondent.value},
        compound_id=compound.id,
        actor=complainant,
    )
    discard_draft(complainant)
    filed.send("complaint", complaint=complaint, now=now)
    return complaint


def store_attachments(
    complaint: Complaint, files, actor, purpose=AttachmentPurpose.EVIDENCE
) -> list[ComplaintAttachment]:
    """Keep photos (their EXIF removed) and PDFs of a case: at most six pieces of evidence."""
    if not files:
        return []
    held = sum(1 for a in complaint.attachments if a.purpose is AttachmentPurpose.EVIDENCE)
    if purpose is AttachmentPurpose.EVIDENCE and held + len(files) > rules.MAX_ATTACHMENTS:
        raise DomainError(_l("At most %(n)d photos or PDFs.", n=rules.MAX_ATTACHMENTS))
    added = []
    for file in files:
        upload = uploads.store(file, uploaded_by=actor, limit=ATTACHMENT_LIMIT)
        attachment = ComplaintAttachment(complaint=complaint, upload=upload, purpose=purpose)
        db.session.add(attachment)
        added.append(attachment)
    db.session.flush()
    return added


def add_information(complaint: Complaint, actor, *, text: str = "", files=(), now=None) -> None:
    """The complainant adds information (text and/or photos) to a case that is still open."""
    now = now or utcnow()
    Complaint.workflow.hold(complaint, set(ComplaintStatus) - FINAL, _l("This case is finished."))
    if not text.strip() and not files:
        raise DomainError(_l("Write something or choose a photo."))
    added = store_attachments(complaint, files, actor)
    note = text.strip()
    if added:
        names = "、".join(a.upload.original_name for a in added)
        note = f"{note}\n📎 {names}" if note else f"📎 {names}"
    add_event(complaint, EventKind.INFO, text=note, actor=actor, now=now)
    complaint.updated_at = now
    audit.record(
        "complaint_information_added",
        complaint,
        after={"files": len(added)},
        compound_id=complaint.compound_id,
        actor=actor,
    )
    written.send("complaint", complaint=complaint, actor=actor, what=EventKind.INFO, now=now)


def post_message(complaint: Complaint, actor, text: str, *, internal: bool = False, now=None) -> CaseEvent:
    """A message between the station and the complainant, or (staff only) an internal note
    never shown to the complainant. The complainant writes only while the case is under way
    (not once it is declined, withdrawn or closed); the case's row is held meanwhile."""
    now = now or utcnow()
    text = (text or "").strip()
    if not text:
        raise DomainError(_l("The message is empty."))
    if actor.id == complaint.complainant_id:
        Complaint.workflow.hold(
            complaint,
            set(ComplaintStatus) - FINAL,
            _l("This case is finished: no more messages can be sent."),
        )
    kind = EventKind.NOTE if internal else EventKind.MESSAGE
    event = add_event(complaint, kind, text=text, shared=not internal, actor=actor, now=now)
    complaint.updated_at = now
    if internal:
        audit.record("complaint_note_added", complaint, compound_id=complaint.compound_id, actor=actor)
    else:
        audit.record("complaint_message_posted", complaint, compound_id=complaint.compound_id, actor=actor)
        written.send("complaint", complaint=complaint, actor=actor, what=EventKind.MESSAGE, now=now)
    return event


def withdraw(complaint: Complaint, actor, reason: str = "", now=None) -> Complaint:
    """The complainant withdraws the complaint, at any time before an agreement (mediation is
    voluntary)."""
    from portal.mediation.services.handling import move

    return move(
        complaint,
        "withdraw",
        actor,
        now=now,
        text=reason.strip(),
        values={"withdraw_reason": reason.strip()[:500]},
    )


def rate(complaint: Complaint, actor, rating: int, comment: str = "", now=None) -> Complaint:
    """After closing, the complainant rates the handling once (1–5, with a comment)."""
    now = now or utcnow()
    Complaint.workflow.hold(complaint, {S.CLOSED}, _l("The handling can be rated once the case is closed."))
    if not complaint.awaits_rating:
        raise DomainError(_l("You have already rated this case."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise DomainError(_l("Give a rating from 1 to 5."))
    complaint.rating, complaint.rating_comment, complaint.rated_at = rating, comment.strip()[:1000], now
    audit.record(
        "complaint_rated", complaint, after={"rating": rating}, compound_id=complaint.compound_id, actor=actor
    )
    return complaint


# --- drafts -----------------------------------------------------------------------------------

DRAFT_FIELDS = (
    "compound",
    "category",
    "respondent",
    "respondent_detail",
    "description",
    "contact_method",
    "contact_phone",
    "mediation_consent",
)


def save_draft(user, data: dict, now=None) -> ComplaintDraft:
    """Keep what the person typed of an unfinished complaint (text fields only)."""
    kept = {key: str(data.get(key) or "")[:5000] for key in DRAFT_FIELDS}
    draft = db.session.get(ComplaintDraft, user.id)
    if draft is None:
        draft = ComplaintDraft(user_id=user.id, data=kept, saved_at=now or utcnow())
        db.session.add(draft)
    else:
        draft.data, draft.saved_at = kept, now or utcnow()
    db.session.flush()
    return draft


def draft_of(user) -> ComplaintDraft | None:
    return db.session.get(ComplaintDraft, user.id)


def discard_draft(user) -> None:
    db.session.execute(delete(ComplaintDraft).where(ComplaintDraft.user_id == user.id))


# --- reading ----------------------------------------------------------------------------------


def complaints_of(user) -> list[Complaint]:
    """The person's own complaints, newest first."""
    query = (
        select(Complaint)
        .where(Complaint.complainant_id == user.id)
        .options(selectinload(Complaint.compound))
        .order_by(Complaint.id.desc())
    )
    return list(db.session.scalars(query))


def load_case_details(complaint: Complaint) -> None:
    """Load what every case page shows: its timeline (with each event's author) and its
    attachments, by two statements built once (lazy loads built theirs on each request, and
    one more for each author not loaded yet)."""
    values = {"complaint_id": complaint.id}
    set_committed_value(complaint, "events", list(db.session.scalars(_events_query(), values)))
    set_committed_value(complaint, "attachments", list(db.session.scalars(_attachments_query(), values)))


@built_once
def _events_query():
    """The case's events in order with their authors (parameter: complaint_id)."""
    return (
        select(CaseEvent)
        .options(joinedload(CaseEvent.actor))
        .where(CaseEvent.complaint_id == bindparam("complaint_id"))
        .order_by(CaseEvent.id)
    )


@built_once
def _attachments_query():
    """The case's attachments in order with their uploads (parameter: complaint_id)."""
    return (
        select(ComplaintAttachment)
        .options(joinedload(ComplaintAttachment.upload))
        .where(ComplaintAttachment.complaint_id == bindparam("complaint_id"))
        .order_by(ComplaintAttachment.id)
    )


def timeline(complaint: Complaint, *, staff: bool) -> list[CaseEvent]:
    """The case's timeline; the complainant sees only what is shared with them."""
    return [event for event in complaint.events if staff or event.shared]


def party_timeline(complaint: Complaint) -> list[CaseEvent]:
    """What a party sees: the moves of the case and the sessions shared with the parties (not
    the complainant's messages, information or contact)."""
    return [e for e in complaint.events if e.shared and e.kind in (EventKind.STATUS, EventKind.SESSION)]


def evidence(complaint: Complaint) -> list[ComplaintAttachment]:
    return [a for a in complaint.attachments if a.purpose is AttachmentPurpose.EVIDENCE]


def count_of(street_office_id: int) -> int:
    return db.session.scalar(
        select(func.count(Complaint.id)).where(Complaint.street_office_id == street_office_id)
    )
