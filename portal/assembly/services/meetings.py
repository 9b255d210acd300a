"""Meetings of the owners' assembly: the draft, the notice (which freezes the electorate),
cancelling before the vote, and the final announcement.

Stored states are draft, announced, final and cancelled; voting and counted follow from the
clock (see `Meeting.workflow`), so no scheduled job is needed for a meeting to open or close.
Every change of state goes through the workflow; edits that depend on the state hold the
meeting's row, so that an edit and a publication cannot interleave.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select

from portal import audit, electorate
from portal.assembly.models import (
    DEFAULT_NOTICE_DAYS,
    DEFAULT_OBJECTION_DAYS,
    DEFAULT_PAPER_DAYS,
    Assembly,
    AssemblyStatus,
    Meeting,
    MeetingForm,
    MeetingItem,
    MeetingKind,
    MeetingStatus,
)
from portal.assembly.rules import Matter
from portal.auth.models import User
from portal.columns import utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.places.models import Compound
from portal.statements import built_once

MIN_VOTING_DAYS = 5
MAX_VOTING_DAYS = 60
MAX_TITLE = 200


@dataclass(frozen=True)
class ItemDraft:
    """An agenda item as submitted: title, description and Art. 278 matter."""

    title: str
    description: str
    matter: Matter


@built_once
def _assembly_of():
    return select(Assembly).where(Assembly.compound_id == bindparam("compound_id"))


def settings_of(compound: Compound) -> Assembly:
    """The compound's assembly record, or unsaved defaults when it has none yet."""
    found = db.session.scalar(_assembly_of(), {"compound_id": compound.id})
    return found or Assembly(
        compound_id=compound.id,
        status=AssemblyStatus.NONE,
        notice_days=DEFAULT_NOTICE_DAYS,
        objection_days=DEFAULT_OBJECTION_DAYS,
        paper_days=DEFAULT_PAPER_DAYS,
        blank_counts_as_abstain=False,
    )


def status_of(meeting: Meeting, now: datetime | None = None) -> MeetingStatus:
    """The meeting's state now (voting and counted follow from the clock)."""
    return Meeting.workflow.state_of(meeting, now)


def objections_close_at(meeting: Meeting) -> datetime:
    """The end of the objection period that follows the preliminary result."""
    return meeting.counted_at + timedelta(days=meeting.objection_days)


def _counting_rules(compound: Compound, closes_at: datetime) -> dict:
    """The compound's counting settings a meeting keeps: when the preliminary result is due
    (after the days for entering paper ballots) and how blank and invalid items count."""
    settings = settings_of(compound)
    return {
        "counted_at": closes_at + timedelta(days=settings.paper_days),
        "blank_counts_as_abstain": settings.blank_counts_as_abstain,
    }


def _check_draft(title: str, opens_at: datetime, closes_at: datetime, items: list[ItemDraft]) -> None:
    """A meeting needs a title, a voting window of 5 to 60 days and at least one titled item."""
    if not title.strip() or len(title) > MAX_TITLE:
        raise DomainError(_l("The meeting needs a title of at most 200 characters."))
    if not timedelta(days=MIN_VOTING_DAYS) <= closes_at - opens_at <= timedelta(days=MAX_VOTING_DAYS):
        raise DomainError(
            _l(
                "The voting window must last from %(min)d to %(max)d days.",
                min=MIN_VOTING_DAYS,
                max=MAX_VOTING_DAYS,
            )
        )
    if not items:
        raise DomainError(_l("A meeting needs at least one agenda item."))
    if any(not item.title.strip() or len(item.title) > MAX_TITLE for item in items):
        raise DomainError(_l("Every agenda item needs a title of at most 200 characters."))


def create_meeting(
    compound: Compound,
    *,
    title: str,
    kind: MeetingKind,
    form: MeetingForm,
    opens_at: datetime,
    closes_at: datetime,
    items: list[ItemDraft],
    actor: User,
) -> Meeting:
    """A draft meeting with its agenda; nothing is public until the notice is published."""
    _check_draft(title, opens_at, closes_at, items)
    meeting = Meeting(
        compound_id=compound.id,
        title=title.strip(),
        kind=kind,
        form=form,
        voting_opens_at=opens_at,
        voting_closes_at=closes_at,
        objection_days=settings_of(compound).objection_days,
        **_counting_rules(compound, closes_at),
        created_by_id=actor.id,
        items=[
            MeetingItem(number=n, title=i.title.strip(), description=i.description.strip(), matter=i.matter)
            for n, i in enumerate(items, start=1)
        ],
    )
    db.session.add(meeting)
    db.session.flush()
    audit.record(
        "meeting_created", meeting, after={"title": meeting.title}, compound_id=compound.id, actor=actor
    )
    return meeting


DRAFT_ONLY = _l("Only a draft meeting can be changed; the published agenda is final.")


def update_draft(
    meeting: Meeting,
    *,
    title: str,
    kind: MeetingKind,
    form: MeetingForm,
    opens_at: datetime,
    closes_at: datetime,
    items: list[ItemDraft],
    actor: User,
) -> Meeting:
    """Change a draft meeting; items keep their number (and documents) where they stay. The
    meeting's row is held, so a publication waits for the edit (or the edit is refused)."""
    Meeting.workflow.hold(meeting, {MeetingStatus.DRAFT}, DRAFT_ONLY)
    _check_draft(title, opens_at, closes_at, items)
    meeting.title, meeting.kind, meeting.form = title.strip(), kind, form
    meeting.voting_opens_at, meeting.voting_closes_at = opens_at, closes_at
    for name, value in _counting_rules(meeting.compound, closes_at).items():
        setattr(meeting, name, value)
    existing = {item.number: item for item in meeting.items}
    for number, draft in enumerate(items, start=1):
        item = existing.pop(number, None) or MeetingItem(number=number, meeting=meeting)
        item.title, item.description, item.matter = (
            draft.title.strip(),
            draft.description.strip(),
            draft.matter,
        )
    for item in existing.values():
        meeting.items.remove(item)
    db.session.flush()
    audit.record(
        "meeting_changed",
        meeting,
        after={"title": meeting.title},
        compound_id=meeting.compound_id,
        actor=actor,
    )
    return meeting


def earliest_opening(compound: Compound, now: datetime | None = None) -> datetime:
    """The earliest moment voting may open if the notice is published now (DESIGN §4.2)."""
    return (now or utcnow()) + timedelta(days=settings_of(compound).notice_days)


def publish(meeting: Meeting, *, actor: User, now: datetime | None = None) -> Meeting:
    """Publish the notice: freeze the electorate (the denominators) and the agenda. Voting may
    open no sooner than the compound's notice period (15 days by default) after this. The
    meeting is held first, so that what is checked is what gets published."""
    now = now or utcnow()
    Meeting.workflow.hold(meeting, {MeetingStatus.DRAFT}, _l("Only a draft meeting can be announced."), now)
    earliest = earliest_opening(meeting.compound, now)
    if meeting.voting_opens_at < earliest:
        raise DomainError(
            _l(
                "Voting may open no sooner than %(days)d days after the notice: %(date)s at the earliest.",
                days=settings_of(meeting.compound).notice_days,
                date=format_datetime(earliest, "yyyy-MM-dd HH:mm"),
            )
        )
    _require_published_roster(meeting.compound)
    try:
        frozen = electorate.freeze(meeting.compound, now=now)
    except DomainError as error:
        raise DomainError(
            _l("The compound's roster is empty; import it before announcing a meeting.")
        ) from error
    return Meeting.workflow.move(
        meeting,
        "publish",
        actor=actor,
        now=now,
        values={
            "announced_at": now,
            "electorate_id": frozen.id,
            **_counting_rules(meeting.compound, meeting.voting_closes_at),
        },
        after={"total_area_hundredths": frozen.total_area_hundredths, "total_owners": frozen.total_owners},
    )


def _require_published_roster(compound: Compound) -> None:
    """While the assembly is being established, the first meeting waits for the preparatory
    group to publish the confirmed roster."""
    assembly = settings_of(compound)
    if assembly.status == AssemblyStatus.PREPARING and assembly.roster_published_at is None:
        raise DomainError(_l("Publish the confirmed roster before announcing the first meeting."))


def cancel(meeting: Meeting, reason: str, *, actor: User, now: datetime | None = None) -> Meeting:
    """Cancel a meeting before its voting opens, with a reason that is published."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Give the reason for cancelling the meeting."))
    return Meeting.workflow.move(
        meeting,
        "cancel",
        actor=actor,
        now=now,
        values={"cancel_reason": reason[:500]},
        after={"reason": reason},
    )


def finalise(meeting: Meeting, *, actor: User, now: datetime | None = None) -> Meeting:
    """Publish the final announcement once the objection period is over and every objection
    is answered. The first final meeting establishes the assembly."""
    from portal.assembly.services.objections import objections_of

    now = now or utcnow()
    Meeting.workflow.hold(
        meeting, {MeetingStatus.COUNTED}, _l("Only a counted meeting can be finalised."), now
    )
    if any(not objection.answered_at for objection in objections_of(meeting)):
        raise DomainError(_l("Answer every objection before the final announcement."))
    if now < objections_close_at(meeting):
        raise DomainError(
            _l(
                "The objection period runs until %(date)s.",
                date=format_datetime(objections_close_at(meeting), "yyyy-MM-dd HH:mm"),
            )
        )
    Meeting.workflow.move(meeting, "finalise", actor=actor, now=now, values={"finalised_at": now})
    from portal.assembly.establishment import mark_established

    mark_established(meeting.compound, now=now)
    return meeting


def meetings_of(compound: Compound, *, with_drafts: bool) -> list[Meeting]:
    """The compound's meetings, newest first; drafts only for those who manage them."""
    query = select(Meeting).where(Meeting.compound_id == compound.id)
    if not with_drafts:
        query = query.where(Meeting.status != MeetingStatus.DRAFT)
    return list(db.session.scalars(query.order_by(Meeting.voting_opens_at.desc(), Meeting.id.desc())))
