"""Objections to an election's preliminary result (as for meetings): owners object during the
objection period, the organisers answer each once, and the final announcement waits for every
answer."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import audit
from portal.auth.models import User
from portal.columns import utcnow
from portal.elections.models import Election, ElectionObjection, ElectionStatus
from portal.elections.services.ballots import voting_groups
from portal.elections.services.elections import objections_close_at, status_of
from portal.errors import DomainError
from portal.extensions import db
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
    query = select(ElectionObjection).where(ElectionObjection.election_id == election.id)
    return list(db.session.scalars(query.order_by(ElectionObjection.id)))
