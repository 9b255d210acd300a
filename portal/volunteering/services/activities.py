"""Organising activities: creating one with its sessions, cancelling it, and the lists that
show them (a compound's, a community's upcoming ones with places left, an organiser's)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, bindparam, func, or_, select, update
from sqlalchemy.orm import joinedload, selectinload

from portal import audit
from portal.auth.models import Role, User
from portal.columns import utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.places.models import Community, Compound
from portal.statements import built_once
from portal.volunteering.models import (
    HOLDING_A_PLACE,
    Activity,
    ActivityStatus,
    Category,
    ServiceSession,
    Signup,
    SignupStatus,
)
from portal.volunteering.rules import ADULT_AGE

MAX_TITLE, MAX_PLACE, MAX_TEXT, MAX_CONTACT = 200, 200, 5000, 100
MAX_SESSIONS, MAX_CAPACITY = 60, 1000
MAX_SESSION_LENGTH = timedelta(hours=24)


@dataclass(frozen=True)
class SessionDraft:
    """A session as submitted: start, end (UTC) and number of places."""

    starts_at: datetime
    ends_at: datetime
    capacity: int


def _check_sessions(sessions: list[SessionDraft], now: datetime) -> None:
    """One to 60 sessions, each in the future, ending after it starts, at most 24 hours long,
    with 1 to 1,000 places."""
    if not 1 <= len(sessions) <= MAX_SESSIONS:
        raise DomainError(_l("An activity needs from 1 to %(n)d sessions.", n=MAX_SESSIONS))
    for session in sessions:
        if not session.starts_at < session.ends_at <= session.starts_at + MAX_SESSION_LENGTH:
            raise DomainError(_l("Each session must end after it starts, within 24 hours."))
        if session.starts_at <= now:
            raise DomainError(_l("Sessions must start in the future."))
        if not 1 <= session.capacity <= MAX_CAPACITY:
            raise DomainError(_l("Each session needs from 1 to %(n)d places.", n=MAX_CAPACITY))


def _check_activity(
    title, place, description, contact, min_age, signup_closes_at, cancel_closes_at, sessions
):
    if not title.strip() or len(title) > MAX_TITLE:
        raise DomainError(_l("The activity needs a title of at most 200 characters."))
    if not place.strip() or len(place) > MAX_PLACE:
        raise DomainError(_l("Say where the activity takes place (at most 200 characters)."))
    if len(description) > MAX_TEXT or len(contact) > MAX_CONTACT:
        raise DomainError(_l("The description or the contact is too long."))
    if not 0 <= min_age <= ADULT_AGE:
        raise DomainError(_l("The minimum age must be from 0 to 18."))
    last_start = max(session.starts_at for session in sessions)
    if signup_closes_at > last_start or cancel_closes_at > last_start:
        raise DomainError(
            _l("The sign-up and cancellation deadlines cannot be after the last session starts.")
        )


def create_activity(
    *,
    compound: Compound | None = None,
    community: Community | None = None,
    title: str,
    category: Category,
    place: str,
    sessions: list[SessionDraft],
    signup_closes_at: datetime,
    cancel_closes_at: datetime,
    min_age: int = 0,
    guardian_consent_required: bool = True,
    description: str = "",
    contact: str = "",
    actor: User,
    now: datetime | None = None,
) -> Activity:
    """Publish an activity for a compound (or, without one, for the whole community) with its
    sessions; residents can sign up at once."""
    _check_sessions(sessions, now or utcnow())
    _check_activity(title, place, description, contact, min_age, signup_closes_at, cancel_closes_at, sessions)
    community = compound.community if compound is not None else community
    activity = Activity(
        community_id=community.id,
        compound_id=compound.id if compound is not None else None,
        title=title.strip(),
        category=category,
        place=place.strip(),
        description=description.strip(),
        contact=contact.strip(),
        signup_closes_at=signup_closes_at,
        cancel_closes_at=cancel_closes_at,
        min_age=min_age,
        guardian_consent_required=guardian_consent_required,
        organiser_id=actor.id,
        sessions=[
            ServiceSession(starts_at=s.starts_at, ends_at=s.ends_at, capacity=s.capacity)
            for s in sorted(sessions, key=lambda s: s.starts_at)
        ],
    )
    db.session.add(activity)
    db.session.flush()
    audit.record(
        "volunteer_activity_created",
        activity,
        after={"title": activity.title, "category": category.value, "sessions": len(sessions)},
        compound_id=activity.compound_id,
        actor=actor,
    )
    return activity


def cancel_activity(activity: Activity, reason: str, *, actor: User, now: datetime | None = None) -> int:
    """Cancel an activity with a reason: its sessions not yet started lose their sign-ups
    (the volunteers are told: see notify.py). Returns how many sign-ups were cancelled."""
    reason = (reason or "").strip()
    if not reason or len(reason) > 500:
        raise DomainError(_l("Give the reason for cancelling (at most 500 characters)."))
    now = now or utcnow()
    Activity.workflow.move(
        activity,
        "cancel",
        actor=actor,
        now=now,
        values={"cancel_reason": reason},
        after={"title": activity.title, "reason": reason},
        compound_id=activity.compound_id,
    )
    future = select(ServiceSession.id).where(
        ServiceSession.activity_id == activity.id, ServiceSession.starts_at > now
    )
    standing = [SignupStatus.CONFIRMED, SignupStatus.WAITLISTED]
    condition = and_(Signup.session_id.in_(future), Signup.status.in_(standing))
    result = db.session.execute(
        update(Signup)
        .where(condition)
        .values(status=SignupStatus.CANCELLED, cancelled_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def _listing():
    return (
        select(Activity)
        .options(
            joinedload(Activity.compound),
            joinedload(Activity.community),
            selectinload(Activity.sessions),
        )
        .where(Activity.status == ActivityStatus.PUBLISHED)
    )


def _has_session_after(now: datetime):
    return Activity.sessions.any(ServiceSession.ends_at > now)


@built_once
def _upcoming(scope: str) -> Select:
    """Published activities with a session ending after :now, soonest first, :limit of them:
    every one ("all"), a community's ("community": :community_id) or those open to a
    compound's residents ("compound": :compound_id and its :community_id)."""
    now = bindparam("now")
    next_start = (
        select(func.min(ServiceSession.starts_at))
        .where(ServiceSession.activity_id == Activity.id, ServiceSession.ends_at > now)
        .scalar_subquery()
    )
    query = _listing().where(_has_session_after(now))
    if scope == "community":
        query = query.where(Activity.community_id == bindparam("community_id"))
    elif scope == "compound":
        query = query.where(
            or_(
                Activity.compound_id == bindparam("compound_id"),
                and_(Activity.compound_id.is_(None), Activity.community_id == bindparam("community_id")),
            )
        )
    return query.order_by(next_start, Activity.id).limit(bindparam("limit"))


def upcoming_activities(
    *, community: Community | None = None, compound: Compound | None = None, limit: int = 50, now=None
) -> list[Activity]:
    """Published activities with a session still to come, soonest first: of a community (all
    of them), or those open to a compound's residents (its own and its community's)."""
    values = {"now": now or utcnow(), "limit": limit}
    if compound is not None:
        scope = "compound"
        values |= {"compound_id": compound.id, "community_id": compound.community_id}
    elif community is not None:
        scope = "community"
        values["community_id"] = community.id
    else:
        scope = "all"
    return list(db.session.scalars(_upcoming(scope), values))


def activities_of_compound(compound: Compound, *, now=None) -> list[Activity]:
    """The compound's own published activities with a session to come (for the API)."""
    now = now or utcnow()
    query = _listing().where(Activity.compound_id == compound.id, _has_session_after(now))
    return list(db.session.scalars(query.order_by(Activity.id)))


@built_once
def _counts_query() -> Select:
    """`activity_counts`' query, built once (parameter: session_ids)."""
    return (
        select(Signup.session_id, Signup.status, func.count(Signup.id))
        .where(Signup.session_id.in_(bindparam("session_ids", expanding=True)))
        .group_by(Signup.session_id, Signup.status)
    )


def activity_counts(session_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(holding a place, waitlisted) for each of these sessions, in one grouped query."""
    if not session_ids:
        return {}
    rows = db.session.execute(_counts_query(), {"session_ids": list(session_ids)})
    counts = {session_id: [0, 0] for session_id in session_ids}
    for session_id, status, count in rows:
        status = SignupStatus(status)
        if status in HOLDING_A_PLACE:
            counts[session_id][0] += count
        elif status == SignupStatus.WAITLISTED:
            counts[session_id][1] += count
    return {session_id: (held, waiting) for session_id, (held, waiting) in counts.items()}


def _organiser_scope(user: User):
    """SQL: the activities the user organises (by their committee and staff grants)."""
    compounds = [g.compound_id for g in user.grants if g.role == Role.COMMITTEE]
    communities = [g.community_id for g in user.grants if g.role == Role.COMMUNITY_STAFF]
    return or_(Activity.compound_id.in_(compounds), Activity.community_id.in_(communities))


def organised_by(user: User, *, limit: int = 50, now=None) -> list[Activity]:
    """The published activities the user organises that still have a session to come."""
    if not user.is_authenticated or not user.grants:
        return []
    query = _listing().where(_organiser_scope(user), _has_session_after(now or utcnow()))
    return list(db.session.scalars(query.order_by(Activity.id.desc()).limit(limit)))


def sessions_to_check_in(user: User, *, now: datetime | None = None) -> list[ServiceSession]:
    """The sessions of the activities the user organises whose volunteers are to be checked
    in or out now: from 12 hours before a session starts until 12 hours after it ends. The
    organiser's to-do provider will call this once the to-do registry is on main."""
    if not user.is_authenticated or not user.grants:
        return []
    now = now or utcnow()
    window = timedelta(hours=12)
    query = (
        select(ServiceSession)
        .join(Activity, Activity.id == ServiceSession.activity_id)
        .options(joinedload(ServiceSession.activity))
        .where(
            _organiser_scope(user),
            Activity.status == ActivityStatus.PUBLISHED,
            ServiceSession.starts_at <= now + window,
            ServiceSession.ends_at >= now - window,
        )
        .order_by(ServiceSession.starts_at)
    )
    return list(db.session.scalars(query))
