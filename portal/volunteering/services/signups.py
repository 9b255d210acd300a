"""Signing up for a session and cancelling: places, the waitlist in arrival order, deadlines,
age and guardian consent, and promotion of the first on the waitlist when a place frees.

Every write that depends on the session's places takes the session's row lock first
(`portal.workflow.lock`: SELECT ... FOR UPDATE on PostgreSQL), so concurrent sign-ups and
cancellations of one session run one after the other and count what the previous committed.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import aliased, joinedload

from portal import audit
from portal.auth.models import User
from portal.auth.permissions.volunteering import is_resident_for
from portal.columns import utcnow
from portal.errors import ConflictError, DomainError
from portal.extensions import db
from portal.statements import built_once
from portal.volunteering import rules
from portal.volunteering.models import (
    HOLDING_A_PLACE,
    STANDING,
    Activity,
    ActivityStatus,
    ServiceSession,
    Signup,
    SignupStatus,
)
from portal.workflow import lock

PHONE = re.compile(r"^1\d{10}$")


@dataclass(frozen=True)
class MinorDeclaration:
    """What a minor (under 18) declares on the sign-up form: date of birth, and the guardian's
    name, phone and consent."""

    birth_date: date
    guardian_name: str = ""
    guardian_phone: str = ""
    guardian_consent: bool = False


@dataclass(frozen=True)
class SignupResult:
    """A sign-up and where it landed: `position` on the waitlist (None when confirmed), and
    the person's other sessions that overlap this one (a warning, not a refusal)."""

    signup: Signup
    position: int | None
    overlaps: list[ServiceSession]


def _check_open(session: ServiceSession, now: datetime) -> None:
    activity = session.activity
    if activity.status != ActivityStatus.PUBLISHED:
        raise DomainError(_l("This activity has been cancelled."))
    if not rules.is_open(now, rules.signup_closes_at(activity.signup_closes_at, session.starts_at)):
        raise DomainError(_l("Sign-ups for this session have closed."))


def _check_minor(activity: Activity, session: ServiceSession, minor: MinorDeclaration | None) -> None:
    """Adults declare nothing; a minor must be under 18 and old enough on the session's day,
    and where the activity asks for it, give the guardian's name, phone and consent."""
    day = rules.local_day(session.starts_at)
    if minor is None:
        if not rules.old_enough(activity.min_age, None, day):
            raise DomainError(_l("This session is for people of at least %(age)d.", age=activity.min_age))
        return
    if not rules.is_minor(minor.birth_date, day) or minor.birth_date > day:
        raise DomainError(_l("By this date of birth you are not under 18: leave “I am under 18” unticked."))
    if not rules.old_enough(activity.min_age, minor.birth_date, day):
        raise DomainError(_l("This session is for people of at least %(age)d.", age=activity.min_age))
    if activity.guardian_consent_required:
        if not minor.guardian_name.strip() or len(minor.guardian_name) > 50:
            raise DomainError(_l("Give your guardian's name."))
        if not PHONE.match(minor.guardian_phone.strip()):
            raise DomainError(_l("Give your guardian's mobile number (11 digits)."))
        if not minor.guardian_consent:
            raise DomainError(_l("Your guardian must agree to your taking part."))


def _counts(session: ServiceSession) -> tuple[int, int]:
    """(holding a place, waitlisted) in the session, counted in SQL."""
    rows = db.session.execute(
        select(Signup.status, func.count(Signup.id))
        .where(Signup.session_id == session.id)
        .group_by(Signup.status)
    )
    counts = {SignupStatus(status): count for status, count in rows}
    return sum(counts.get(s, 0) for s in HOLDING_A_PLACE), counts.get(SignupStatus.WAITLISTED, 0)


def _new_code(session: ServiceSession) -> str:
    """A six-digit check-in code not yet used in the session."""
    used = set(db.session.scalars(select(Signup.code).where(Signup.session_id == session.id)))
    while (code := _random_code()) in used:
        pass
    return code


def _random_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


@dataclass(frozen=True)
class _Places:
    """What a sign-up needs to know of its session, read in one query: how many hold a place
    and wait, the person's own sign-up (id and status) if any, and whether a fresh check-in
    code is already taken."""

    held: int
    waiting: int
    mine: tuple[int, SignupStatus] | None
    code_taken: bool


def _places(session: ServiceSession, user: User, code: str) -> _Places:
    params = {"session_id": session.id, "user_id": user.id, "code": code}
    rows = db.session.execute(_places_query(), params).all()
    counts = {SignupStatus(status): count for status, count, _mine, _taken in rows}
    mine = next(((mine, SignupStatus(status)) for status, _count, mine, _taken in rows if mine), None)
    return _Places(
        sum(counts.get(s, 0) for s in HOLDING_A_PLACE),
        counts.get(SignupStatus.WAITLISTED, 0),
        mine,
        any(taken for *_rest, taken in rows),
    )


def sign_up(
    session: ServiceSession,
    user: User,
    *,
    minor: MinorDeclaration | None = None,
    now: datetime | None = None,
) -> SignupResult:
    """Sign a resident up: confirmed while places are left, else at the end of the waitlist.
    Refused after the deadline, for a cancelled activity, for someone too young or without
    the guardian's consent, and (409) for a second sign-up to the same session. Arrival order
    is the order in which sign-ups take the session's lock: their `seq` and `signed_up_at`."""
    clock = now
    now = now or utcnow()
    activity = session.activity
    _check_open(session, now)
    if not is_resident_for(user, activity):
        raise DomainError(_l("Only residents of %(place)s can sign up.", place=activity.scope_name))
    _check_minor(activity, session, minor)
    lock(session)
    places = _places(session, user, code := _random_code())
    if places.mine is not None and places.mine[1] in STANDING:
        raise ConflictError(_l("You have already signed up for this session."))
    placement = rules.place_signup(session.capacity, places.held, places.waiting)
    session.signup_seq += 1
    if places.mine is not None:  # cancelled before: the same row is used again
        signup = db.session.get(Signup, places.mine[0])
    else:
        signup = Signup(
            session_id=session.id, user_id=user.id, code=_new_code(session) if places.code_taken else code
        )
        db.session.add(signup)
    _fill(signup, placement, session.signup_seq, minor, clock or utcnow())
    db.session.flush()
    audit.record(
        "volunteer_signed_up",
        signup,
        after=_described(signup, activity, session) | {"status": signup.status.value},
        compound_id=activity.compound_id,
        actor=user,
    )
    return SignupResult(signup, placement.position, overlapping(signup))


def _fill(signup: Signup, placement: rules.Placement, seq: int, minor: MinorDeclaration | None, now) -> None:
    signup.status = SignupStatus.CONFIRMED if placement.confirmed else SignupStatus.WAITLISTED
    signup.seq, signup.signed_up_at = seq, now
    signup.promoted_at = signup.cancelled_at = signup.checked_in_at = signup.checked_out_at = None
    signup.minutes, signup.correction_reason = 0, ""
    signup.birth_date = minor.birth_date if minor else None
    signup.guardian_name = minor.guardian_name.strip() if minor else ""
    signup.guardian_phone = minor.guardian_phone.strip() if minor else ""
    signup.guardian_consent = bool(minor and minor.guardian_consent)


def _described(signup: Signup, activity: Activity, session: ServiceSession) -> dict:
    """Readable context for the audit trail: who, which activity, which session."""
    from portal.formatting import local_time

    return {
        "volunteer": signup.user.name,
        "activity": activity.title,
        "session": local_time(session.starts_at),
    }


def overlapping(signup: Signup) -> list[ServiceSession]:
    """The volunteer's other standing sign-ups whose sessions overlap this one."""
    session = signup.session
    params = {"user_id": signup.user_id, "signup_id": signup.id}
    params |= {"starts_at": session.starts_at, "ends_at": session.ends_at}
    return list(db.session.scalars(_overlapping_query(), params))


@built_once
def _places_query():
    """`_places`' query, built once (parameters: session_id, user_id, code)."""
    return (
        select(
            Signup.status,
            func.count(Signup.id),
            func.max(case((Signup.user_id == bindparam("user_id"), Signup.id))),
            func.max(case((Signup.code == bindparam("code"), 1), else_=0)),
        )
        .where(Signup.session_id == bindparam("session_id"))
        .group_by(Signup.status)
    )


@built_once
def _overlapping_query():
    """`overlapping`'s query, built once (parameters: user_id, signup_id, starts_at, ends_at)."""
    return (
        select(ServiceSession)
        .join(Signup, Signup.session_id == ServiceSession.id)
        .options(joinedload(ServiceSession.activity))
        .where(
            Signup.user_id == bindparam("user_id"),
            Signup.id != bindparam("signup_id"),
            Signup.status.in_(STANDING),
            ServiceSession.starts_at < bindparam("ends_at"),
            ServiceSession.ends_at > bindparam("starts_at"),
        )
    )


def cancel_signup(signup: Signup, *, actor: User, now: datetime | None = None) -> Signup | None:
    """The volunteer cancels. A confirmed place can be given back until the cancellation
    deadline, and the first on the waitlist is then promoted at once (and told); a place on
    the waitlist can be given up until the session starts. Returns the promoted sign-up."""
    now = now or utcnow()
    session = signup.session
    lock(session)
    db.session.refresh(signup)
    activity = session.activity
    if signup.status == SignupStatus.CONFIRMED:
        deadline = rules.cancel_closes_at(activity.cancel_closes_at, session.starts_at)
        if not rules.is_open(now, deadline):
            raise DomainError(_l("The cancellation deadline has passed; please tell the organiser."))
    elif signup.status == SignupStatus.WAITLISTED and not rules.is_open(now, session.starts_at):
        raise DomainError(_l("This session has already started."))
    Signup.workflow.move(
        signup,
        "cancel",
        actor=actor,
        now=now,
        values={"cancelled_at": now},
        after=_described(signup, activity, session),
        compound_id=activity.compound_id,
    )
    return _promote_first(session, now)


def _promote_first(session: ServiceSession, now: datetime) -> Signup | None:
    """Promote the first on the waitlist if a place is free (the session's lock is held);
    the promoted volunteer is told at once (notify.py hears the move)."""
    held, waiting = _counts(session)
    if not rules.promotions(session.capacity, held, waiting):
        return None
    first = db.session.scalar(
        select(Signup)
        .where(Signup.session_id == session.id, Signup.status == SignupStatus.WAITLISTED)
        .order_by(Signup.seq)
        .limit(1)
    )
    Signup.workflow.move(
        first,
        "promote",
        now=now,
        values={"promoted_at": now},
        after=_described(first, session.activity, session),
        compound_id=session.activity.compound_id,
    )
    return first  # told through the workflow's signal (notify.py)


def waitlist_positions(signups: list[Signup]) -> dict[int, int]:
    """The waitlist position (1 = next to be promoted) of each waitlisted sign-up given, in
    one query."""
    ids = [s.id for s in signups if s.status == SignupStatus.WAITLISTED]
    if not ids:
        return {}
    ahead = aliased(Signup)
    rows = db.session.execute(
        select(Signup.id, func.count(ahead.id))
        .join(ahead, (ahead.session_id == Signup.session_id) & (ahead.seq <= Signup.seq))
        .where(Signup.id.in_(ids), ahead.status == SignupStatus.WAITLISTED)
        .group_by(Signup.id)
    )
    return dict(rows.all())


def my_signup(session_ids: list[int], user: User) -> dict[int, Signup]:
    """The user's sign-ups for these sessions, by session id."""
    if not user.is_authenticated or not session_ids:
        return {}
    values = {"session_ids": list(session_ids), "user_id": user.id}
    return {signup.session_id: signup for signup in db.session.scalars(_my_signups(), values)}


@built_once
def _my_signups():
    """`my_signup`'s query, built once (parameters: session_ids, user_id)."""
    return select(Signup).where(
        Signup.session_id.in_(bindparam("session_ids", expanding=True)),
        Signup.user_id == bindparam("user_id"),
    )
