"""Nominations: a verified owner nominates themself, or the organisers enter a nomination for
an owner group of the roster; one person per owner group; organisers reject with a reason."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from portal import audit
from portal.auth.models import User
from portal.columns import utcnow
from portal.elections.models import Candidate, CandidateStatus, Election, ElectionStatus
from portal.errors import ConflictError, DomainError
from portal.extensions import db
from portal.places.models import DEVELOPER_OWNER_KEY, OwnerGroup
from portal.registration.services import verified_owner_keys
from portal.uploads import IMAGES, store

MAX_STATEMENT = 1000
NOMINATING_ONLY = _l("Nominations are open only before the candidate list is published.")


def _require_nominating(election: Election, now: datetime) -> None:
    Election.workflow.hold(election, {ElectionStatus.NOMINATING}, NOMINATING_ONLY, now)
    if now > election.nominations_close_at:
        raise DomainError(_l("Nominations for this election have closed."))


def _group(election: Election, owner_key: str) -> OwnerGroup:
    """The owner group of the compound's roster with this key; the developer's units are no
    person and cannot stand."""
    key = (owner_key or "").strip()
    group = db.session.scalar(
        select(OwnerGroup).where(OwnerGroup.compound_id == election.compound_id, OwnerGroup.owner_key == key)
    )
    if group is None or group.owner_key == DEVELOPER_OWNER_KEY:
        raise DomainError(_l("%(key)s is not an owner in this compound's roster.", key=key))
    return group


def _add(
    election: Election,
    *,
    group: OwnerGroup,
    name: str,
    user: User | None,
    statement: str,
    photo: FileStorage | None,
    actor: User,
) -> Candidate:
    statement = (statement or "").strip()
    if len(statement) > MAX_STATEMENT:
        raise DomainError(_l("The statement is at most %(max)d characters.", max=MAX_STATEMENT))
    number = (
        db.session.scalar(select(func.max(Candidate.number)).where(Candidate.election_id == election.id)) or 0
    ) + 1
    candidate = Candidate(
        election_id=election.id,
        number=number,
        owner_key=group.owner_key,
        name=name[:100],
        user_id=user.id if user else None,
        statement=statement,
        nominated_by_id=actor.id,
    )
    if photo:
        candidate.photo = store(photo, uploaded_by=actor, kinds=IMAGES)
    try:
        with db.session.begin_nested():
            db.session.add(candidate)
            db.session.flush()
    except IntegrityError:
        raise ConflictError(
            _l("The owner %(key)s is already nominated: one person per owner group.", key=group.owner_key)
        ) from None
    audit.record(
        "candidate_nominated",
        election,
        after={"candidate": candidate.name, "owner": group.owner_key, "number": number},
        compound_id=election.compound_id,
        actor=actor,
    )
    return candidate


def nominate_self(
    election: Election,
    user: User,
    *,
    statement: str,
    photo: FileStorage | None = None,
    now: datetime | None = None,
) -> Candidate:
    """A verified owner of the compound stands for election, for their owner group."""
    _require_nominating(election, now or utcnow())
    keys = sorted(verified_owner_keys(user, election.compound))
    if not keys:
        raise DomainError(_l("Only verified owners of this compound can stand for the committee."))
    return _add(
        election,
        group=_group(election, keys[0]),
        name=user.name,
        user=user,
        statement=statement,
        photo=photo,
        actor=user,
    )


def nominate_owner(
    election: Election,
    owner_key: str,
    *,
    statement: str,
    actor: User,
    photo: FileStorage | None = None,
    now: datetime | None = None,
) -> Candidate:
    """The organisers enter a nomination for an owner group of the roster (named as in it)."""
    _require_nominating(election, now or utcnow())
    group = _group(election, owner_key)
    if not group.owner_name.strip():
        raise DomainError(
            _l("The roster gives no name for %(key)s; the owner can nominate themself.", key=group.owner_key)
        )
    return _add(
        election,
        group=group,
        name=group.owner_name.strip(),
        user=None,
        statement=statement,
        photo=photo,
        actor=actor,
    )


def reject(candidate: Candidate, reason: str, *, actor: User, now: datetime | None = None) -> Candidate:
    """The organisers reject a nomination with a reason (before the list is published)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Give the reason for rejecting the nomination."))
    Election.workflow.hold(candidate.election, {ElectionStatus.NOMINATING}, NOMINATING_ONLY, now)
    if candidate.status != CandidateStatus.NOMINATED:
        raise DomainError(_l("This nomination is no longer standing."))
    candidate.status, candidate.reject_reason = CandidateStatus.REJECTED, reason[:500]
    audit.record(
        "candidate_rejected",
        candidate.election,
        after={"candidate": candidate.name, "reason": reason},
        compound_id=candidate.election.compound_id,
        actor=actor,
    )
    return candidate
