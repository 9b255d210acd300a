"""Volunteers' records: total hours and stars, certificates (志愿服务记录证明) with a public
verification code, the leaderboard volunteers opt into, and a community's hours by month and
category. Sums and groupings run in SQL."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, literal_column, select
from sqlalchemy.orm import joinedload

from portal import audit
from portal.auth.models import User
from portal.columns import utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.places.models import Community
from portal.statements import built_once
from portal.volunteering import rules
from portal.volunteering.models import (
    Activity,
    Certificate,
    ServiceSession,
    Signup,
    SignupStatus,
    VolunteerProfile,
)

#: Verification codes: no 0/O, 1/I to misread from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 12
MAX_LISTED = 200


@dataclass(frozen=True)
class VolunteerRecord:
    """What a volunteer sees of themselves: total service time, stars, their sign-ups (newest
    first) with waitlist positions, and the communities where they have hours."""

    total_minutes: int
    signups: list[Signup]
    positions: dict[int, int]
    communities: list[tuple[Community, int]]

    @property
    def star(self) -> int:
        return rules.star_level(self.total_minutes)

    @property
    def next_star_hours(self) -> int | None:
        return rules.next_star_hours(self.total_minutes)

    @property
    def total_hours(self) -> str:
        return rules.hours_text(self.total_minutes)


def _counted():
    """Sign-ups whose recorded minutes count."""
    return Signup.status == SignupStatus.COMPLETED


def volunteer_communities(user: User) -> list[tuple[Community, int]]:
    """The communities in whose activities the user has recorded hours, with the minutes."""
    rows = db.session.execute(_communities_query(), {"user_id": user.id})
    return [(community, int(minutes)) for community, minutes in rows]


@built_once
def _communities_query():
    """`volunteer_communities`' query, built once (parameter: user_id)."""
    return (
        select(Community, func.sum(Signup.minutes))
        .join(Activity, Activity.community_id == Community.id)
        .join(ServiceSession, ServiceSession.activity_id == Activity.id)
        .join(Signup, Signup.session_id == ServiceSession.id)
        .where(Signup.user_id == bindparam("user_id"), _counted(), Signup.minutes > 0)
        .group_by(Community.id)
        .order_by(Community.id)
    )


@built_once
def _total_query():
    """The user's counted minutes, built once (parameter: user_id)."""
    return select(func.coalesce(func.sum(Signup.minutes), 0)).where(
        Signup.user_id == bindparam("user_id"), _counted()
    )


@built_once
def _signups_query():
    """The user's standing and past sign-ups, newest first, built once (parameter: user_id)."""
    return (
        select(Signup)
        .join(ServiceSession, ServiceSession.id == Signup.session_id)
        .options(
            joinedload(Signup.session).joinedload(ServiceSession.activity).joinedload(Activity.compound),
            joinedload(Signup.session).joinedload(ServiceSession.activity).joinedload(Activity.community),
        )
        .where(Signup.user_id == bindparam("user_id"), Signup.status != SignupStatus.CANCELLED)
        .order_by(ServiceSession.starts_at.desc())
        .limit(MAX_LISTED)
    )


def record_of(user: User) -> VolunteerRecord:
    """The user's volunteer record (a constant number of queries)."""
    from portal.volunteering.services.signups import waitlist_positions

    values = {"user_id": user.id}
    total = db.session.scalar(_total_query(), values)
    signups = list(db.session.scalars(_signups_query(), values))
    return VolunteerRecord(int(total), signups, waitlist_positions(signups), volunteer_communities(user))


def organiser_label(activity: Activity) -> str:
    """Who organised an activity, as a certificate names it: the place and the organiser."""
    return f"{activity.scope_name}（{activity.organiser.name}）"


def _issuer(community: Community) -> str:
    """The issuing body's official name: the community's residents' committee."""
    return f"{community.street_office.name}{community.name}居民委员会"


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(select(Certificate.id).where(Certificate.code == code)) is None:
            return code


def issue_certificate(user: User, community: Community, *, now: datetime | None = None) -> Certificate:
    """Issue a certificate of the user's service in the community's activities up to now:
    every session with recorded hours, the total, the period, the issuer; frozen at issue,
    so that its verification always shows what it said."""
    now = now or utcnow()
    signups = list(
        db.session.scalars(
            select(Signup)
            .join(ServiceSession, ServiceSession.id == Signup.session_id)
            .join(Activity, Activity.id == ServiceSession.activity_id)
            .options(
                joinedload(Signup.session).joinedload(ServiceSession.activity).joinedload(Activity.organiser)
            )
            .where(
                Signup.user_id == user.id,
                _counted(),
                Signup.minutes > 0,
                Activity.community_id == community.id,
            )
            .order_by(ServiceSession.starts_at)
        )
    )
    if not signups:
        raise DomainError(
            _l("You have no recorded service hours in %(community)s yet.", community=community.name)
        )
    days = [rules.local_day(s.session.starts_at) for s in signups]
    certificate = Certificate(
        code=_new_code(),
        user_id=user.id,
        community_id=community.id,
        holder_name=user.name,
        issuer=_issuer(community),
        minutes=sum(s.minutes for s in signups),
        first_on=min(days),
        last_on=max(days),
        issued_at=now,
        lines=[
            {
                "date": day.isoformat(),
                "title": s.session.activity.title,
                "organiser": organiser_label(s.session.activity),
                "minutes": s.minutes,
            }
            for day, s in zip(days, signups, strict=True)
        ],
    )
    db.session.add(certificate)
    db.session.flush()
    audit.record(
        "volunteer_certificate_issued",
        certificate,
        after={
            "volunteer": user.name,
            "hours": rules.hours_text(certificate.minutes),
            "code": certificate.code,
        },
        actor=user,
    )
    return certificate


def certificates_of(user: User) -> list[Certificate]:
    """The certificates issued to the user, newest first, with their community."""
    return list(db.session.scalars(_certificates_query(), {"user_id": user.id}))


@built_once
def _certificates_query():
    """`certificates_of`' query, built once (parameter: user_id)."""
    return (
        select(Certificate)
        .options(joinedload(Certificate.community))
        .where(Certificate.user_id == bindparam("user_id"))
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    )


def normalise_code(code: str) -> str:
    """A code as typed or scanned: case and dashes and spaces do not matter."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[: CODE_LENGTH + 4]


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate with this verification code, or None."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.code == code))


def set_leaderboard(user: User, on: bool) -> VolunteerProfile:
    """The volunteer chooses whether their name and hours appear on the leaderboard."""
    profile = db.session.get(VolunteerProfile, user.id) or VolunteerProfile(user_id=user.id)
    profile.on_leaderboard = on
    db.session.add(profile)
    db.session.flush()
    return profile


def on_leaderboard(user: User) -> bool:
    """Whether the user chose to show their name and hours on the leaderboard."""
    if not user.is_authenticated:
        return False
    return bool(db.session.scalar(_on_leaderboard_query(), {"user_id": user.id}))


@built_once
def _on_leaderboard_query():
    """`on_leaderboard`'s query, built once (parameter: user_id)."""
    return select(VolunteerProfile.on_leaderboard).where(VolunteerProfile.user_id == bindparam("user_id"))


def leaderboard(community: Community, *, limit: int = 20) -> list[tuple[str, int]]:
    """The volunteers of the community's activities who opted in, by hours (names and
    minutes), in one grouped query."""
    total = func.sum(Signup.minutes).label("minutes")
    rows = db.session.execute(
        select(User.name, total)
        .join(Signup, Signup.user_id == User.id)
        .join(VolunteerProfile, VolunteerProfile.user_id == User.id)
        .join(ServiceSession, ServiceSession.id == Signup.session_id)
        .join(Activity, Activity.id == ServiceSession.activity_id)
        .where(Activity.community_id == community.id, _counted(), VolunteerProfile.on_leaderboard.is_(True))
        .group_by(User.id, User.name)
        .having(total > 0)
        .order_by(total.desc(), User.name)
        .limit(limit)
    )
    return [(name, int(minutes)) for name, minutes in rows]


def _beijing_month(column):
    """SQL: the month (YYYY-MM) of a stored UTC time, in Beijing time (UTC+8, no DST)."""
    if db.engine.dialect.name == "postgresql":
        return func.to_char(column + literal_column("interval '8 hours'"), "YYYY-MM")
    return func.strftime("%Y-%m", column, "+8 hours")


def hours_by_month_and_category(community: Community) -> list[tuple[str, str, int, int]]:
    """(month, category, volunteers, minutes) of the community's recorded service, newest
    month first: SQL GROUP BY."""
    month = _beijing_month(ServiceSession.starts_at).label("month")
    rows = db.session.execute(
        select(month, Activity.category, func.count(func.distinct(Signup.user_id)), func.sum(Signup.minutes))
        .join(ServiceSession, ServiceSession.id == Signup.session_id)
        .join(Activity, Activity.id == ServiceSession.activity_id)
        .where(Activity.community_id == community.id, _counted(), Signup.minutes > 0)
        .group_by(month, Activity.category)
        .order_by(month.desc(), Activity.category)
    )
    return [(m, category, int(people), int(minutes)) for m, category, people, minutes in rows]
