"""Owner registration (业主登记): a resident's claim on a unit and its verification."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.columns import CreatedAt, UTCDateTime, enum_column
from portal.extensions import db
from portal.places.models import Unit
from portal.workflow import Stateful, Transition, Workflow


class ClaimStatus(enum.StrEnum):
    """Where a claim stands."""

    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"
    #: A verified owner of the unit said they do not know the claimant: a reviewer looks again.
    ON_HOLD = "on_hold"


CLAIM_STATUS_LABELS = {
    ClaimStatus.PENDING: _l("Waiting for verification"),
    ClaimStatus.VERIFIED: _l("Verified"),
    ClaimStatus.REJECTED: _l("Rejected"),
    ClaimStatus.ON_HOLD: _l("On hold"),
}


class OwnerAnswer(enum.StrEnum):
    """What a verified owner says of someone else's claim on their unit."""

    CO_OWNER = "co_owner"
    NOT_KNOWN = "not_known"


OWNER_ANSWER_LABELS = {
    OwnerAnswer.CO_OWNER: _l("Co-owner"),
    OwnerAnswer.NOT_KNOWN: _l("Not known to me"),
}


class UnitClaim(Stateful, CreatedAt, db.Model):
    """A resident's claim to own a unit, with the property certificate number.

    One row per user and unit: claiming again after a rejection reopens the same row.
    """

    __tablename__ = "unit_claims"
    __table_args__ = (
        UniqueConstraint("user_id", "unit_id"),
        # A compound's claims in a status (the queue, the to-do's counts). No index on the
        # status alone: it picks out a third of a district's claims, yet SQLite's planner
        # (without statistics) preferred it to the unit or compound and read them all.
        Index("ix_unit_claims_compound_status", "compound_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id"), index=True)
    certificate_no: Mapped[str] = mapped_column(String(64))
    status: Mapped[ClaimStatus] = mapped_column(enum_column(ClaimStatus), default=ClaimStatus.PENDING)
    reason: Mapped[str] = mapped_column(String(500), default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    unit: Mapped[Unit] = relationship()

    workflow = Workflow(
        "claim",
        ClaimStatus,
        labels=CLAIM_STATUS_LABELS,
        transitions=[
            Transition(
                "verify",
                {ClaimStatus.PENDING},
                ClaimStatus.VERIFIED,
                "claim_verified",
                _l("This claim has already been decided."),
            ),
            Transition(
                "reject",
                {ClaimStatus.PENDING, ClaimStatus.ON_HOLD},
                ClaimStatus.REJECTED,
                "claim_rejected",
                _l("This claim has already been decided."),
            ),
            Transition(
                "reopen",
                {ClaimStatus.VERIFIED},
                ClaimStatus.PENDING,
                "claim_reopened",
                _l("Only a verified claim can be sent back for verification."),
            ),
            Transition(
                "hold",
                {ClaimStatus.PENDING},
                ClaimStatus.ON_HOLD,
                "claim_held",
                _l("Only a claim waiting for verification can be put on hold."),
            ),
            Transition(
                "release",
                {ClaimStatus.ON_HOLD},
                ClaimStatus.PENDING,
                "claim_released",
                _l("Only a claim on hold can be released for verification."),
            ),
        ],
    )


class ClaimAnswer(CreatedAt, db.Model):
    """A verified owner's answer to someone else's claim on their unit: a co-owner, or not
    known to them (which puts the claim on hold). One answer per owner and claim."""

    __tablename__ = "claim_answers"
    __table_args__ = (UniqueConstraint("claim_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("unit_claims.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    answer: Mapped[OwnerAnswer] = mapped_column(enum_column(OwnerAnswer))

    user: Mapped[User] = relationship()
