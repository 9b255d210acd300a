"""Objections to an election's preliminary result (as for meetings): owners object during the
objection period, the organisers answer each once, and the final announcement waits for every
answer."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from portal import audit
from portal.assembly.models import BallotChannel
from portal.auth.models import User
from portal.columns import utcnow
from portal.elections.models import (
    Election,
    ElectionBallot,
    ElectionObjection,
    ElectionStatus,
    VoidedElectionBallot,
)
from portal.elections.services.ballots import set_approvals, voting_groups
from portal.elections.services.elections import objections_close_at, status_of
from portal.electorate import ElectorateGroup
from portal.errors import DomainError
from portal.extensions import db
from portal.statements import built_once
from portal.workflow import lock

MAX_TEXT = 2000


def in_objection_period(election: Election, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return status_of(election, now) == ElectionStatus.COUNTED and now < objections_close_at(election)


def _text(value: str, message) -> str:
    value = (value or "").strip()
    if not value or len(value) > MAX_TEXT:
        raise DomainError(message)
    return value


def file_objection(
    election: Election, user: User, text: str, *, now: datetime | None = None
) -> ElectionObjection:
    """A verified owner objects to the preliminary result during the objection period."""
    now = now or utcnow()
    if not in_objection_period(election, now):
        raise DomainError(_l("Objections can be filed only during the objection period."))
    if not voting_groups(user, election):
        raise DomainError(_l("Only verified owners of this compound can object."))
    text = _text(text, _l("Write your objection (at most %(n)d characters).", n=MAX_TEXT))
    objection = ElectionObjection(election_id=election.id, user_id=user.id, text=text, created_at=now)
    db.session.add(objection)
    db.session.flush()
    audit.record(
        "election_objection_filed",
        election,
        after={"text": text},
        compound_id=election.compound_id,
        actor=user,
    )
    return objection


def answer_objection(objection: ElectionObjection, actor: User, answer: str, *, now: datetime | None = None):
    """The organisers answer an objection, once (the row is held against a second answer)."""
    answer = _text(answer, _l("Write the answer (at most %(n)d characters).", n=MAX_TEXT))
    lock(objection)
    if objection.answered_at is not None:
        raise DomainError(_l("This objection has already been answered."))
    objection.answer, objection.answered_by_id, objection.answered_at = answer, actor.id, now or utcnow()
    audit.record(
        "election_objection_answered",
        objection.election,
        after={"answer": answer},
        compound_id=objection.election.compound_id,
        actor=actor,
    )
    return objection


def objections_of(election: Election) -> list[ElectionObjection]:
    return list(db.session.scalars(_objections_query(), {"election_id": election.id}))


@built_once
def _objections_query():
    """`objections_of`' query, built once (parameter: election_id)."""
    return (
        select(ElectionObjection)
        .where(ElectionObjection.election_id == bindparam("election_id"))
        .order_by(ElectionObjection.id)
    )


def correct_ballot(
    election: Election,
    owner_key: str,
    candidates: list,
    reason: str,
    *,
    actor: User,
    now: datetime | None = None,
) -> ElectionBallot:
    """During the objection period the organisers correct the approvals of a paper or proxy
    ballot (by the owner's roster key), with a written reason; the count is recomputed from the
    ballots. Online ballots belong to the voters."""
    now = now or utcnow()
    if not in_objection_period(election, now):
        raise DomainError(_l("Ballots can be corrected only during the objection period."))
    reason = _text(reason, _l("Give the reason for the correction."))
    ballot = db.session.scalar(
        select(ElectionBallot)
        .join(ElectorateGroup, ElectorateGroup.id == ElectionBallot.group_id)
        .where(
            ElectionBallot.election_id == election.id, ElectorateGroup.owner_key == (owner_key or "").strip()
        )
    )
    if ballot is None:
        raise DomainError(_l("%(key)s has no ballot in this election.", key=owner_key))
    if ballot.channel == BallotChannel.ONLINE:
        raise DomainError(_l("Online ballots can be changed only by the voter, while voting is open."))
    lock(ballot)
    before = sorted(a.candidate_id for a in ballot.approvals)
    set_approvals(ballot, candidates)
    db.session.expire(ballot, ["approvals"])
    audit.record(
        "election_ballot_corrected",
        election,
        before={"candidates": before},
        after={"owner": owner_key, "candidates": [c.number for c in candidates], "reason": reason},
        compound_id=election.compound_id,
        actor=actor,
    )
    return ballot


def void_ballot(
    election: Election, owner_key: str, reason: str, *, actor: User, now: datetime | None = None
) -> None:
    """During the objection period the organisers void a paper or proxy ballot entered for the
    wrong owner (by the roster key), with a written reason: it stops counting and the owner's
    group may vote again on paper; the ballot is kept as it was among the voided ones (and the
    audit record says what it approved)."""
    now = now or utcnow()
    if not in_objection_period(election, now):
        raise DomainError(_l("Ballots can be voided only during the objection period."))
    reason = _text(reason, _l("Give the reason for voiding the ballot."))
    ballot = db.session.scalar(
        select(ElectionBallot)
        .join(ElectorateGroup, ElectorateGroup.id == ElectionBallot.group_id)
        .where(
            ElectionBallot.election_id == election.id, ElectorateGroup.owner_key == (owner_key or "").strip()
        )
    )
    if ballot is None:
        raise DomainError(_l("%(key)s has no ballot in this election.", key=owner_key))
    if ballot.channel == BallotChannel.ONLINE:
        raise DomainError(_l("Online ballots belong to the voter and cannot be voided."))
    lock(ballot)
    approved = {a.candidate_id for a in ballot.approvals}
    numbers = sorted(c.number for c in election.candidates if c.id in approved)
    audit.record(
        "election_ballot_voided",
        election,
        before={"candidates": numbers, "channel": ballot.channel.value, "proxy": ballot.proxy_name},
        after={"owner": ballot.owner.owner_key, "reason": reason},
        compound_id=election.compound_id,
        actor=actor,
    )
    db.session.add(
        VoidedElectionBallot(
            election_id=election.id,
            group_id=ballot.group_id,
            channel=ballot.channel,
            proxy_name=ballot.proxy_name,
            cast_by_id=ballot.cast_by_id,
            cast_at=ballot.cast_at,
            collected_on=ballot.collected_on,
            numbers=numbers,
            voided_at=now,
            voided_by_id=actor.id,
            reason=reason,
        )
    )
    db.session.delete(ballot)
    db.session.flush()


def voided_ballots_of(election: Election) -> list[VoidedElectionBallot]:
    """The election's voided ballots, in the order they were voided, with their owner groups."""
    query = (
        select(VoidedElectionBallot)
        .where(VoidedElectionBallot.election_id == election.id)
        .options(joinedload(VoidedElectionBallot.owner), joinedload(VoidedElectionBallot.voided_by))
        .order_by(VoidedElectionBallot.id)
    )
    return list(db.session.scalars(query))
