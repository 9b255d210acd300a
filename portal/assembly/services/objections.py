"""After the vote: owners' objections to the preliminary result and the committee's answers,
and corrections of paper and proxy ballots during the objection period."""

from __future__ import annotations

from datetime import datetime

from blinker import Namespace
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from portal import audit
from portal.assembly.models import Ballot, BallotChannel, BallotChoice, Meeting, MeetingStatus, Objection
from portal.assembly.services.meetings import objections_close_at, status_of
from portal.assembly.services.online import voting_groups
from portal.auth.models import User
from portal.columns import utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.statements import built_once
from portal.workflow import lock

MAX_TEXT = 2000

#: Sent (sender "assembly") with `objection` and `actor` once the committee has answered it.
objection_answered = Namespace().signal("objection-answered")


def in_objection_period(meeting: Meeting, now: datetime | None = None) -> bool:
    """Whether voting has closed and owners may still object to the preliminary result."""
    now = now or utcnow()
    return status_of(meeting, now) == MeetingStatus.COUNTED and now < objections_close_at(meeting)


def _text(value: str, message) -> str:
    value = (value or "").strip()
    if not value or len(value) > MAX_TEXT:
        raise DomainError(message)
    return value


def file_objection(meeting: Meeting, user: User, text: str, *, now: datetime | None = None) -> Objection:
    """An owner objects to the preliminary result during the objection period."""
    now = now or utcnow()
    if not in_objection_period(meeting, now):
        raise DomainError(_l("Objections can be filed only during the objection period."))
    if not voting_groups(user, meeting):
        raise DomainError(_l("Only verified owners of this compound can object."))
    text = _text(text, _l("Write your objection (at most %(n)d characters).", n=MAX_TEXT))
    objection = Objection(meeting_id=meeting.id, user_id=user.id, text=text, created_at=now)
    db.session.add(objection)
    db.session.flush()
    audit.record(
        "objection_filed",
        objection,
        after={"text": text, "meeting": meeting.title},
        compound_id=meeting.compound_id,
        actor=user,
    )
    return objection


def answer_objection(
    objection: Objection, actor: User, answer: str, *, now: datetime | None = None
) -> Objection:
    """The committee answers an objection, once: the objection's row is held, so that of two
    answers sent at the same moment the second is refused instead of replacing the first."""
    answer = _text(answer, _l("Write the answer (at most %(n)d characters).", n=MAX_TEXT))
    lock(objection)
    if objection.answered_at is not None:
        raise DomainError(_l("This objection has already been answered."))
    objection.answer, objection.answered_by_id, objection.answered_at = answer, actor.id, now or utcnow()
    audit.record(
        "objection_answered",
        objection,
        after={"answer": answer},
        compound_id=objection.meeting.compound_id,
        actor=actor,
    )
    objection_answered.send("assembly", objection=objection, actor=actor)
    return objection


def objections_of(meeting: Meeting) -> list[Objection]:
    """The meeting's objections in the order they were filed, with who filed and answered."""
    return list(db.session.scalars(_objections_query(), {"meeting_id": meeting.id}))


@built_once
def _objections_query():
    """`objections_of`' query, built once (parameter: meeting_id)."""
    return (
        select(Objection)
        .options(joinedload(Objection.user), joinedload(Objection.answered_by))
        .where(Objection.meeting_id == bindparam("meeting_id"))
        .order_by(Objection.created_at, Objection.id)
    )


def correct_ballot(
    ballot: Ballot, actor: User, choice: BallotChoice, reason: str, *, now: datetime | None = None
) -> Ballot:
    """During the objection period the committee corrects a paper or proxy ballot, with a
    written reason; the tally is recomputed from the ballots. Online ballots belong to voters."""
    now = now or utcnow()
    meeting = db.session.get(Meeting, ballot.meeting_id)
    if not in_objection_period(meeting, now):
        raise DomainError(_l("Ballots can be corrected only during the objection period."))
    if ballot.channel == BallotChannel.ONLINE:
        raise DomainError(_l("Online ballots can be changed only by the voter, while voting is open."))
    reason = _text(reason, _l("Give the reason for the correction."))
    lock(ballot)
    if ballot.voided_at is not None:
        raise DomainError(_l("This ballot has been voided."))
    before = {"choice": ballot.choice.value}
    ballot.choice = BallotChoice(choice)
    audit.record(
        "ballot_corrected",
        ballot,
        before=before,
        after={"choice": ballot.choice.value, "reason": reason, "units": ballot.owner.units},
        compound_id=meeting.compound_id,
        actor=actor,
    )
    return ballot


def void_sheet(ballot: Ballot, actor: User, reason: str, *, now: datetime | None = None) -> list[Ballot]:
    """During the objection period the committee voids a paper or proxy ballot entered for the
    wrong owner, with a written reason: every item of that sheet (the group's paper or proxy
    ballots of the meeting) stops counting, and stays in the register marked void."""
    now = now or utcnow()
    meeting = db.session.get(Meeting, ballot.meeting_id)
    if not in_objection_period(meeting, now):
        raise DomainError(_l("Ballots can be voided only during the objection period."))
    if ballot.channel == BallotChannel.ONLINE:
        raise DomainError(_l("Online ballots belong to the voter and cannot be voided."))
    reason = _text(reason, _l("Give the reason for voiding the ballot."))
    sheet = list(
        db.session.scalars(
            select(Ballot)
            .where(
                Ballot.meeting_id == meeting.id,
                Ballot.group_id == ballot.group_id,
                Ballot.channel == ballot.channel,
                Ballot.voided_at.is_(None),
            )
            .with_for_update()
        )
    )
    if not sheet:
        raise DomainError(_l("This ballot has been voided."))
    for entry in sheet:
        entry.voided_at, entry.voided_by_id, entry.void_reason = now, actor.id, reason[:500]
    audit.record(
        "ballot_voided",
        meeting,
        after={"units": ballot.owner.units, "owner": ballot.owner.owner_key, "reason": reason},
        compound_id=meeting.compound_id,
        actor=actor,
    )
    return sheet
