"""Committee meetings and joint meetings (联席会议): scheduling with the agenda and participants,
attendance, minutes, decisions with the votes of the members present (adopted only with more
than half of all members), and publishing the minutes, which posts the decisions as a notice.
Drafts are for the members; owners read what is published."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from portal import audit
from portal.auth.models import User
from portal.columns import utcnow
from portal.elections import rules
from portal.elections.models import (
    Attendance,
    Body,
    CommitteeMeeting,
    CommitteeMeetingKind,
    CommitteeMeetingStatus,
    CommitteeTerm,
    Decision,
    MeetingAttendance,
    MemberKind,
    Participant,
    TermMember,
)
from portal.errors import DomainError
from portal.extensions import db
from portal.places.models import Compound

MAX_TITLE, MAX_TEXT = 200, 20_000


@dataclass(frozen=True)
class Guest:
    """A participant of a joint meeting: the body they speak for, their name, their account."""

    body: Body
    name: str
    user_id: int | None = None


def sitting_members(term: CommitteeTerm) -> list[TermMember]:
    """The members who hold a seat now (not the alternates, not those who left)."""
    return [m for m in term.members if m.kind == MemberKind.MEMBER and m.left_on is None]


def _text(value: str, limit: int, message) -> str:
    value = (value or "").strip()
    if not value or len(value) > limit:
        raise DomainError(message)
    return value


def schedule(
    term: CommitteeTerm,
    *,
    kind: CommitteeMeetingKind,
    title: str,
    held_at: datetime,
    place: str,
    agenda: str,
    guests: Iterable[Guest] = (),
    actor: User,
) -> CommitteeMeeting:
    """A member schedules a committee meeting or a joint meeting with its agenda; a joint
    meeting names the other bodies' participants."""
    guests = [g for g in guests if g.name.strip()]
    if kind == CommitteeMeetingKind.JOINT and not guests:
        raise DomainError(
            _l(
                "A joint meeting needs participants from the party organisation, the residents' "
                "committee or the property company."
            )
        )
    meeting = CommitteeMeeting(
        compound_id=term.compound_id,
        term_id=term.id,
        kind=kind,
        title=_text(title, MAX_TITLE, _l("The meeting needs a title of at most 200 characters.")),
        held_at=held_at,
        place=(place or "").strip()[:200],
        agenda=(agenda or "").strip()[:MAX_TEXT],
        created_by_id=actor.id,
        participants=[Participant(body=g.body, name=g.name.strip()[:100], user_id=g.user_id) for g in guests],
    )
    db.session.add(meeting)
    db.session.flush()
    audit.record(
        "committee_meeting_scheduled",
        meeting,
        after={"title": meeting.title, "kind": kind.value},
        compound_id=term.compound_id,
        actor=actor,
    )
    return meeting


def _require_draft(meeting: CommitteeMeeting) -> None:
    if meeting.status != CommitteeMeetingStatus.DRAFT:
        raise DomainError(_l("The minutes are published; they can no longer be changed."))


def record_attendance(meeting: CommitteeMeeting, statuses: dict[int, Attendance], *, actor: User) -> None:
    """Who of the sitting members was present, absent or on leave."""
    _require_draft(meeting)
    sitting = {m.id for m in sitting_members(meeting.term)}
    if set(statuses) - sitting:
        raise DomainError(_l("Record the attendance of the committee's sitting members only."))
    existing = {a.member_id: a for a in meeting.attendance}
    for member_id, status in statuses.items():
        if member_id in existing:
            existing[member_id].status = status
        else:
            meeting.attendance.append(MeetingAttendance(member_id=member_id, status=status))
    db.session.flush()
    audit.record(
        "committee_attendance_recorded",
        meeting,
        after={"present": sum(1 for s in statuses.values() if s == Attendance.PRESENT)},
        compound_id=meeting.compound_id,
        actor=actor,
    )


def present_count(meeting: CommitteeMeeting) -> int:
    return sum(1 for a in meeting.attendance if a.status == Attendance.PRESENT)


def write_minutes(meeting: CommitteeMeeting, minutes: str, *, actor: User) -> None:
    _require_draft(meeting)
    meeting.minutes = _text(minutes, MAX_TEXT, _l("Write the minutes (at most 20,000 characters)."))
    audit.record(
        "committee_minutes_written",
        meeting,
        after={"title": meeting.title},
        compound_id=meeting.compound_id,
        actor=actor,
    )


def add_decision(
    meeting: CommitteeMeeting, text: str, *, votes_for: int, votes_against: int, abstentions: int, actor: User
) -> Decision:
    """A decision with the votes of the members present; it is adopted only with more than
    half of all the committee's members voting for it."""
    _require_draft(meeting)
    rules.check_votes(votes_for, votes_against, abstentions, present_count(meeting))
    members = len(sitting_members(meeting.term))
    decision = Decision(
        number=len(meeting.decisions) + 1,
        text=_text(text, MAX_TEXT, _l("Write the decision.")),
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        members=members,
        adopted=rules.decision_adopted(votes_for, members),
    )
    meeting.decisions.append(decision)
    db.session.flush()
    audit.record(
        "committee_decision_recorded",
        meeting,
        after={
            "number": decision.number,
            "votes_for": votes_for,
            "members": members,
            "adopted": decision.adopted,
        },
        compound_id=meeting.compound_id,
        actor=actor,
    )
    return decision


def publish_minutes(
    meeting: CommitteeMeeting, *, actor: User, now: datetime | None = None
) -> CommitteeMeeting:
    """Publish the minutes to the owners; the decisions are posted as a notice."""
    now = now or utcnow()
    _require_draft(meeting)
    if not meeting.minutes.strip():
        raise DomainError(_l("Write the minutes before publishing them."))
    if now < meeting.held_at:
        raise DomainError(_l("The meeting has not taken place yet."))
    # One conditional UPDATE: a second request publishing the same draft at once (or from a
    # stale page) finds it published and is refused, instead of posting it twice.
    published = db.session.execute(
        update(CommitteeMeeting)
        .where(CommitteeMeeting.id == meeting.id, CommitteeMeeting.status == CommitteeMeetingStatus.DRAFT)
        .values(status=CommitteeMeetingStatus.PUBLISHED, published_at=now)
        .execution_options(synchronize_session=False)
    )
    if published.rowcount != 1:
        db.session.refresh(meeting)
        raise DomainError(_l("The minutes are published; they can no longer be changed."))
    db.session.refresh(meeting, ["status", "published_at"])
    for decision in meeting.decisions:
        decision.noticed_at = now
    audit.record(
        "committee_minutes_published",
        meeting,
        after={"title": meeting.title},
        compound_id=meeting.compound_id,
        actor=actor,
    )
    from portal.elections.notices import post_decisions

    if meeting.decisions:
        post_decisions(meeting, now=now)
    return meeting


def meetings_of(compound: Compound, *, with_drafts: bool) -> list[CommitteeMeeting]:
    query = (
        select(CommitteeMeeting)
        .options(selectinload(CommitteeMeeting.decisions))
        .where(CommitteeMeeting.compound_id == compound.id)
    )
    if not with_drafts:
        query = query.where(CommitteeMeeting.status == CommitteeMeetingStatus.PUBLISHED)
    return list(db.session.scalars(query.order_by(CommitteeMeeting.held_at.desc())))


def notices_due(compound_ids: list[int]) -> list[tuple[CommitteeMeeting, datetime]]:
    """Meetings held with decisions not yet posted: due 3 days after the meeting."""
    if not compound_ids:
        return []
    query = select(CommitteeMeeting).where(
        CommitteeMeeting.compound_id.in_(compound_ids),
        CommitteeMeeting.status == CommitteeMeetingStatus.DRAFT,
        CommitteeMeeting.held_at <= utcnow(),
        CommitteeMeeting.decisions.any(Decision.noticed_at.is_(None)),
    )
    return [(m, m.held_at + timedelta(days=rules.DECISION_NOTICE_DAYS)) for m in db.session.scalars(query)]
