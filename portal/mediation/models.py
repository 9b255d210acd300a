"""Complaints to a street office's mediation station (物业管理投诉调解站): the case with its one
state machine, its attachments, mediation sessions, agreement, timeline, drafts and the
station's deadlines."""

from __future__ import annotations

import enum
from datetime import date, datetime
from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from portal.auth.models import User
from portal.columns import CreatedAt, UTCDateTime, enum_column
from portal.extensions import db
from portal.mediation.choices import (  # noqa: F401  (re-exported: the models' vocabulary)
    CATEGORY_LABELS,
    CONTACT_LABELS,
    DECLINE_LABELS,
    FINAL,
    RESPONDENT_LABELS,
    ROUTE_LABELS,
    STATUS_LABELS,
    UNDER_WAY,
    WITHDRAWABLE,
    Category,
    ComplaintStatus,
    ContactMethod,
    DeclineReason,
    Respondent,
    Route,
    S,
)
from portal.places.models import Compound, StreetOffice
from portal.translation import as_text
from portal.uploads import Upload
from portal.workflow import Stateful, Transition, Workflow


def _t(name, sources, target, action, refusal) -> Transition:
    return Transition(name, sources, target, action, refusal)


COMPLAINT_WORKFLOW = Workflow(
    "complaint",
    ComplaintStatus,
    labels=STATUS_LABELS,
    transitions=[
        _t(
            "accept",
            {S.SUBMITTED},
            S.ACCEPTED,
            "complaint_accepted",
            _l("Only a submitted complaint can be accepted."),
        ),
        _t(
            "decline",
            {S.SUBMITTED},
            S.DECLINED,
            "complaint_declined",
            _l("Only a submitted complaint can be declined."),
        ),
        _t(
            "assign",
            {S.ACCEPTED, S.ASSIGNED},
            S.ASSIGNED,
            "complaint_assigned",
            _l("Only an accepted complaint can be assigned to a mediator."),
        ),
        _t(
            "start",
            {S.ASSIGNED},
            S.IN_MEDIATION,
            "complaint_mediation_started",
            _l("Mediation starts only once the case is assigned to a mediator."),
        ),
        _t(
            "agree",
            {S.IN_MEDIATION},
            S.AGREED,
            "complaint_agreed",
            _l("An agreement is recorded only during mediation."),
        ),
        _t("fail", {S.IN_MEDIATION}, S.FAILED, "complaint_failed", _l("Only a case in mediation can fail.")),
        _t(
            "close",
            {S.AGREED, S.FAILED},
            S.CLOSED,
            "complaint_closed",
            _l("Only a case with an agreement or a failed mediation can be closed."),
        ),
        _t(
            "withdraw",
            WITHDRAWABLE,
            S.WITHDRAWN,
            "complaint_withdrawn",
            _l("A complaint can be withdrawn only before an agreement is reached."),
        ),
    ],
)


class MediationStation(db.Model):
    """A street office's mediation station: its deadlines (defaults: accept or decline within
    3 working days, conclude within 30 days of acceptance)."""

    __tablename__ = "mediation_stations"
    __table_args__ = (
        CheckConstraint("accept_working_days BETWEEN 1 AND 30", name="accept_days_range"),
        CheckConstraint("conclude_days BETWEEN 1 AND 180", name="conclude_days_range"),
    )

    street_office_id: Mapped[int] = mapped_column(ForeignKey("street_offices.id"), primary_key=True)

    @property
    def id(self) -> int:
        """The audit trail names a station by its street office."""
        return self.street_office_id

    accept_working_days: Mapped[int] = mapped_column(default=3)
    conclude_days: Mapped[int] = mapped_column(default=30)


class CaseCounter(db.Model):
    """The last case number given in a year: incremented by one conditional UPDATE, so two
    complaints filed at once never share a number."""

    __tablename__ = "mediation_case_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)


class Complaint(Stateful, CreatedAt, db.Model):
    """A complaint filed by a resident about their compound, handled by the station of the
    compound's street office."""

    __tablename__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_office_status", "street_office_id", "status"),
        CheckConstraint("rating IS NULL OR (rating BETWEEN 1 AND 5)", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    street_office_id: Mapped[int] = mapped_column(ForeignKey("street_offices.id"))
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id"), index=True)
    complainant_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    category: Mapped[Category] = mapped_column(enum_column(Category))
    respondent: Mapped[Respondent] = mapped_column(enum_column(Respondent))
    #: The neighbour's unit, or who "someone else" is.
    respondent_detail: Mapped[str] = mapped_column(String(100), default="")
    description: Mapped[str] = mapped_column(Text)
    contact_method: Mapped[ContactMethod] = mapped_column(
        enum_column(ContactMethod), default=ContactMethod.PHONE
    )
    contact_phone: Mapped[str] = mapped_column(String(20), default="")
    mediation_consent: Mapped[bool] = mapped_column(default=True)
    #: Where it came from: web, api or open311.
    channel: Mapped[str] = mapped_column(String(10), default="web")
    status: Mapped[ComplaintStatus] = mapped_column(enum_column(ComplaintStatus), default=S.SUBMITTED)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accept_by: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Beijing month of submission ("2026-11"), for statistics grouped in SQL.
    month: Mapped[str] = mapped_column(String(7), index=True)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the station accepted or declined it (the first deadline is kept when it is on time).
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    conclude_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extension_reason: Mapped[str] = mapped_column(String(500), default="")
    decline_reason: Mapped[DeclineReason | None] = mapped_column(enum_column(DeclineReason))
    decline_note: Mapped[str] = mapped_column(String(500), default="")
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"))
    mediator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    concluded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failure_routes: Mapped[list[str]] = mapped_column(JSON, default=list)
    failure_note: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdraw_reason: Mapped[str] = mapped_column(String(500), default="")
    rating: Mapped[int | None]
    rating_comment: Mapped[str] = mapped_column(String(1000), default="")
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    street_office: Mapped[StreetOffice] = relationship()
    compound: Mapped[Compound] = relationship()
    complainant: Mapped[User] = relationship(foreign_keys=[complainant_id])
    mediator: Mapped[User | None] = relationship(foreign_keys=[mediator_id])
    duplicate_of: Mapped[Complaint | None] = relationship(remote_side=[id])
    attachments: Mapped[list[ComplaintAttachment]] = relationship(
        back_populates="complaint", order_by="ComplaintAttachment.id", cascade="all, delete-orphan"
    )
    sessions: Mapped[list[MediationSession]] = relationship(
        back_populates="complaint", order_by="MediationSession.held_on", cascade="all, delete-orphan"
    )
    agreement: Mapped[MediationAgreement | None] = relationship(
        back_populates="complaint", cascade="all, delete-orphan"
    )
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="complaint", order_by="CaseEvent.id", cascade="all, delete-orphan"
    )
    parties: Mapped[list[CaseParty]] = relationship(order_by="CaseParty.id", cascade="all, delete-orphan")

    workflow = COMPLAINT_WORKFLOW

    @staticmethod
    @cache
    def loaded_with() -> tuple:
        """A complaint named by a URL comes with its compound and its agreement, which every
        case page shows (see `requires`)."""
        return (joinedload(Complaint.compound), joinedload(Complaint.agreement))

    @property
    def awaits_rating(self) -> bool:
        """Closed and not rated yet: the complainant may rate the handling (once)."""
        return self.status is ComplaintStatus.CLOSED and self.rating is None

    @property
    def category_label(self) -> str:
        return as_text(CATEGORY_LABELS[self.category])  # the request's catalogue: lists show many

    @property
    def status_label(self) -> str:
        return as_text(STATUS_LABELS[self.status])

    @property
    def respondent_label(self) -> str:
        label = as_text(RESPONDENT_LABELS[self.respondent])
        return f"{label}（{self.respondent_detail}）" if self.respondent_detail else label

    @property
    def extended(self) -> bool:
        return bool(self.extension_reason)

    @property
    def current_deadline(self) -> datetime | None:
        """The deadline that runs now: acceptance while submitted, conclusion while under way."""
        if self.status is S.SUBMITTED:
            return self.accept_by
        if self.status in UNDER_WAY:
            return self.conclude_by
        return None


class AttachmentPurpose(enum.StrEnum):
    EVIDENCE = "evidence"
    AGREEMENT = "agreement"


class ComplaintAttachment(CreatedAt, db.Model):
    """A photo or PDF of a complaint (evidence from the complainant, or the signed agreement)."""

    __tablename__ = "complaint_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("uploads.id"))
    purpose: Mapped[AttachmentPurpose] = mapped_column(
        enum_column(AttachmentPurpose), default=AttachmentPurpose.EVIDENCE
    )

    complaint: Mapped[Complaint] = relationship(back_populates="attachments")
    upload: Mapped[Upload] = relationship()


class MediationSession(CreatedAt, db.Model):
    """A mediation session: when, where, who took part, and notes, private to the station or
    shared with the parties."""

    __tablename__ = "mediation_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(200))
    participants: Mapped[str] = mapped_column(String(500))
    notes: Mapped[str] = mapped_column(Text, default="")
    shared: Mapped[bool] = mapped_column(default=False)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    complaint: Mapped[Complaint] = relationship(back_populates="sessions")


class MediationAgreement(CreatedAt, db.Model):
    """The written mediation agreement (调解协议书): terms, parties, date signed, the signed
    scan, and whether judicial confirmation was applied for (within 30 days of it taking
    effect, 人民调解法 第三十三条)."""

    __tablename__ = "mediation_agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), unique=True)
    terms: Mapped[str] = mapped_column(Text)
    parties: Mapped[str] = mapped_column(String(500))
    signed_on: Mapped[date]
    scan_upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id"))
    judicial_applied_on: Mapped[date | None]

    complaint: Mapped[Complaint] = relationship(back_populates="agreement")
    scan: Mapped[Upload | None] = relationship()


class CaseParty(CreatedAt, db.Model):
    """A person a session made a party to the case (a committee member, the property company's
    manager, a neighbour) with an account: they see only what is shared with the parties."""

    __tablename__ = "complaint_parties"
    __table_args__ = (UniqueConstraint("complaint_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    added_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class EventKind(enum.StrEnum):
    STATUS = "status"
    MESSAGE = "message"
    NOTE = "note"
    INFO = "info"
    SESSION = "session"
    DEADLINE = "deadline"


class CaseEvent(db.Model):
    """One line of a case's timeline. `shared` events are shown to the complainant; internal
    notes (`shared` false) never are."""

    __tablename__ = "complaint_events"
    __table_args__ = (UniqueConstraint("complaint_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind))
    #: For status events, the state entered.
    status: Mapped[str] = mapped_column(String(20), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    shared: Mapped[bool] = mapped_column(default=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    complaint: Mapped[Complaint] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class ComplaintDraft(db.Model):
    """A resident's unfinished complaint (what was typed), one per person."""

    __tablename__ = "complaint_drafts"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime)
