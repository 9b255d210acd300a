"""Volunteer service (志愿服务): activities of a compound or a whole community, their sessions,
sign-ups with a waitlist and attendance, certificates and volunteers' leaderboard choice."""

from __future__ import annotations

import enum
from datetime import date, datetime
from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship, selectinload

from portal.auth.models import User
from portal.columns import CreatedAt, UTCDateTime, enum_column
from portal.extensions import db
from portal.places.models import Community, Compound
from portal.workflow import Stateful, Transition, Workflow


class Category(enum.StrEnum):
    """What the service is about (the order of the issue's list)."""

    ENVIRONMENT = "environment"
    ELDERLY_CARE = "elderly_care"
    PATROL = "patrol"
    CIVIC = "civic"
    EMERGENCY = "emergency"
    OTHER = "other"


CATEGORY_LABELS = {
    Category.ENVIRONMENT: _l("Environment clean-up"),
    Category.ELDERLY_CARE: _l("Help for the elderly"),
    Category.PATROL: _l("Safety patrol"),
    Category.CIVIC: _l("Civic campaign"),
    Category.EMERGENCY: _l("Emergency"),
    Category.OTHER: _l("Other"),
}


class ActivityStatus(enum.StrEnum):
    PUBLISHED = "published"
    CANCELLED = "cancelled"


ACTIVITY_STATUS_LABELS = {
    ActivityStatus.PUBLISHED: _l("Open"),
    ActivityStatus.CANCELLED: _l("Cancelled"),
}


class Activity(Stateful, CreatedAt, db.Model):
    """A volunteer activity for one compound (`compound_id` set) or for a whole community,
    organised by the compound's committee or the community's staff. Published when created."""

    __tablename__ = "volunteer_activities"
    __table_args__ = (
        CheckConstraint("min_age >= 0 AND min_age <= 18", name="min_age_range"),
        Index("ix_volunteer_activities_community_status", "community_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"))
    compound_id: Mapped[int | None] = mapped_column(ForeignKey("compounds.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[Category] = mapped_column(enum_column(Category))
    place: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str] = mapped_column(String(100), default="")
    signup_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cancel_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: 0 for none; at most 18, since adults declare no birth date.
    min_age: Mapped[int] = mapped_column(default=0)
    guardian_consent_required: Mapped[bool] = mapped_column(default=True)
    status: Mapped[ActivityStatus] = mapped_column(
        enum_column(ActivityStatus), default=ActivityStatus.PUBLISHED
    )
    cancel_reason: Mapped[str] = mapped_column(String(500), default="")
    organiser_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    community: Mapped[Community] = relationship()
    compound: Mapped[Compound | None] = relationship()
    organiser: Mapped[User] = relationship()
    sessions: Mapped[list[ServiceSession]] = relationship(
        back_populates="activity", order_by="ServiceSession.starts_at", cascade="all, delete-orphan"
    )

    workflow = Workflow(
        "volunteer_activity",
        ActivityStatus,
        labels=ACTIVITY_STATUS_LABELS,
        transitions=[
            Transition(
                "cancel",
                {ActivityStatus.PUBLISHED},
                ActivityStatus.CANCELLED,
                "volunteer_activity_cancelled",
                _l("This activity has already been cancelled."),
            ),
        ],
    )

    @staticmethod
    @cache
    def loaded_with() -> tuple:
        """An activity named by a URL comes with its compound and community (its organisers'
        rules read them) and its sessions (every page about it shows them) (see `requires`)."""
        return (
            joinedload(Activity.compound),
            joinedload(Activity.community),
            selectinload(Activity.sessions),
        )

    @property
    def category_label(self) -> str:
        return str(CATEGORY_LABELS[self.category])

    @property
    def scope_name(self) -> str:
        """Where the activity is for: the compound's name, or the community's."""
        return self.compound.name if self.compound else self.community.name


class ServiceSession(db.Model):
    """One session of an activity (a patrol's Tuesday evening), with its own places and
    sign-ups. `signup_seq` numbers the sign-ups in the order they took the session's lock,
    so the waitlist is in arrival order."""

    __tablename__ = "volunteer_sessions"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="session_order"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer_activities.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int]
    signup_seq: Mapped[int] = mapped_column(default=0)

    activity: Mapped[Activity] = relationship(back_populates="sessions")
    signups: Mapped[list[Signup]] = relationship(back_populates="session", order_by="Signup.seq")

    @staticmethod
    @cache
    def loaded_with() -> tuple:
        """A session named by a URL comes with its activity and the activity's compound (if any)
        and community, which the rules about a session read (see `requires`)."""
        activity = joinedload(ServiceSession.activity)
        return (activity.joinedload(Activity.community), activity.joinedload(Activity.compound))

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class SignupStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    CHECKED_IN = "checked_in"
    COMPLETED = "completed"
    NO_SHOW = "no_show"


SIGNUP_STATUS_LABELS = {
    SignupStatus.CONFIRMED: _l("Confirmed"),
    SignupStatus.WAITLISTED: _l("On the waitlist"),
    SignupStatus.CANCELLED: _l("Cancelled"),
    SignupStatus.CHECKED_IN: _l("Checked in"),
    SignupStatus.COMPLETED: _l("Checked out"),
    SignupStatus.NO_SHOW: _l("Did not come"),
}
#: The sign-ups that hold a place in the session.
HOLDING_A_PLACE = frozenset(
    {SignupStatus.CONFIRMED, SignupStatus.CHECKED_IN, SignupStatus.COMPLETED, SignupStatus.NO_SHOW}
)
#: The sign-ups that still stand (a second sign-up for the same session is refused).
STANDING = HOLDING_A_PLACE | {SignupStatus.WAITLISTED}


class Signup(Stateful, CreatedAt, db.Model):
    """A resident's sign-up for one session: confirmed or waitlisted, then cancelled, checked
    in and out, or marked as not come. One row per person and session: signing up again
    after cancelling reopens it at the end of the queue."""

    __tablename__ = "volunteer_signups"
    __table_args__ = (
        UniqueConstraint("session_id", "user_id"),
        UniqueConstraint("session_id", "code"),
        Index("ix_volunteer_signups_user_status", "user_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer_sessions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[SignupStatus] = mapped_column(enum_column(SignupStatus))
    #: Arrival order within the session (the waitlist's order).
    seq: Mapped[int]
    #: The short code the volunteer shows the organiser at check-in.
    code: Mapped[str] = mapped_column(String(8))
    signed_up_at: Mapped[datetime] = mapped_column(UTCDateTime)
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: A minor's declaration: date of birth and the guardian's name, phone and consent.
    birth_date: Mapped[date | None]
    guardian_name: Mapped[str] = mapped_column(String(50), default="")
    guardian_phone: Mapped[str] = mapped_column(String(20), default="")
    guardian_consent: Mapped[bool] = mapped_column(default=False)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Service time recorded (see rules.service_minutes), kept for sums in SQL.
    minutes: Mapped[int] = mapped_column(default=0)
    correction_reason: Mapped[str] = mapped_column(String(500), default="")

    session: Mapped[ServiceSession] = relationship(back_populates="signups")
    user: Mapped[User] = relationship()

    workflow = Workflow(
        "volunteer_signup",
        SignupStatus,
        labels=SIGNUP_STATUS_LABELS,
        transitions=[
            Transition(
                "promote",
                {SignupStatus.WAITLISTED},
                SignupStatus.CONFIRMED,
                "volunteer_promoted",
                _l("Only a sign-up on the waitlist can be promoted."),
            ),
            Transition(
                "cancel",
                {SignupStatus.CONFIRMED, SignupStatus.WAITLISTED},
                SignupStatus.CANCELLED,
                "volunteer_signup_cancelled",
                _l("Only a confirmed or waitlisted sign-up can be cancelled."),
            ),
            Transition(
                "check_in",
                {SignupStatus.CONFIRMED, SignupStatus.NO_SHOW},
                SignupStatus.CHECKED_IN,
                "volunteer_checked_in",
                _l("Only a confirmed volunteer can be checked in."),
            ),
            Transition(
                "check_out",
                {SignupStatus.CHECKED_IN},
                SignupStatus.COMPLETED,
                "volunteer_checked_out",
                _l("Only a volunteer who is checked in can be checked out."),
            ),
            Transition(
                "no_show",
                {SignupStatus.CONFIRMED},
                SignupStatus.NO_SHOW,
                "volunteer_no_show",
                _l("Only a confirmed volunteer who has not checked in can be marked as not come."),
            ),
            Transition(
                "correct",
                HOLDING_A_PLACE,
                SignupStatus.COMPLETED,
                "volunteer_hours_corrected",
                _l("Only the attendance of a volunteer holding a place can be corrected."),
            ),
        ],
    )

    @property
    def is_minor(self) -> bool:
        return self.birth_date is not None


class Certificate(CreatedAt, db.Model):
    """A volunteer service record certificate (志愿服务记录证明): the hours served in one
    community's activities up to its issue, frozen then, with a public verification code."""

    __tablename__ = "volunteer_certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"))
    holder_name: Mapped[str] = mapped_column(String(50))
    issuer: Mapped[str] = mapped_column(String(200))
    minutes: Mapped[int]
    first_on: Mapped[date]
    last_on: Mapped[date]
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The sessions counted: [{"date", "title", "organiser", "minutes"}], as at issue.
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)

    user: Mapped[User] = relationship()
    community: Mapped[Community] = relationship()


class VolunteerProfile(db.Model):
    """A volunteer's own choices: whether their name and hours appear on the leaderboard."""

    __tablename__ = "volunteer_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    on_leaderboard: Mapped[bool] = mapped_column(default=False)
