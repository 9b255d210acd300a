"""Notifications (the outbox and the inbox), their deliveries by email and SMS, and each
person's choices of channels."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.columns import CreatedAt, UTCDateTime, enum_column
from portal.extensions import db


class Notification(CreatedAt, db.Model):
    """One thing told to one person. The title is kept as a message id and its parameters,
    so that each reader sees it in their own language."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_inbox", "user_id", "id"),
        Index("ix_notifications_unread", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    title_msgid: Mapped[str] = mapped_column(Text)
    title_params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: A path of the portal ("/assembly/meetings/3"): where the notification leads.
    url: Mapped[str] = mapped_column(String(500), default="")
    subject_type: Mapped[str] = mapped_column(String(40), default="")
    subject_id: Mapped[int | None]
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Whether its email and SMS deliveries have been planned (by the delivery command).
    planned: Mapped[bool] = mapped_column(Boolean, default=False, index=True)

    user: Mapped[User] = relationship()


class Channel(enum.StrEnum):
    EMAIL = "email"
    SMS = "sms"


class DeliveryStatus(enum.StrEnum):
    """pending → claimed (a sender holds it under a lease) → sending (handed to the provider)
    → sent; or back to pending after a refusal (retried with backoff), failed after a day,
    uncertain when a sender died while handing it over (never sent twice)."""

    PENDING = "pending"
    CLAIMED = "claimed"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNCERTAIN = "uncertain"


class Delivery(CreatedAt, db.Model):
    """A notification's delivery on one channel to one address."""

    __tablename__ = "notification_deliveries"
    __table_args__ = (
        UniqueConstraint("notification_id", "channel"),
        Index("ix_notification_deliveries_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id", ondelete="CASCADE"))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    address: Mapped[str] = mapped_column(String(254))
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_column(DeliveryStatus), default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Until when the sender that claimed it holds it; after that it is taken back.
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    worker: Mapped[str] = mapped_column(String(40), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(String(500), default="")

    notification: Mapped[Notification] = relationship()


class NotificationPreference(db.Model):
    """Whether a person wants one kind of notification by email and by SMS as well (the
    inbox always has it). Without a row, the kind's defaults apply."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    email: Mapped[bool] = mapped_column(Boolean, default=False)
    sms: Mapped[bool] = mapped_column(Boolean, default=False)


class NotificationContact(db.Model):
    """A person's email address for notifications (optional; the phone is the account's)."""

    __tablename__ = "notification_contacts"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), default="")


class NotificationMark(CreatedAt, db.Model):
    """That a one-time notification ("voting opens for meeting 3") has been sent out, so that
    periodic scans tell it once."""

    __tablename__ = "notification_marks"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
