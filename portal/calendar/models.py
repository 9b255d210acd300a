"""Days an office closes itself (training, a local holiday), on top of the official calendar."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.columns import CreatedAt
from portal.extensions import db


class ClosedDay(CreatedAt, db.Model):
    """A day a street office (and its mediation station) does not work: it does not count as
    a working day for that office's deadlines."""

    __tablename__ = "closed_days"
    __table_args__ = (UniqueConstraint("street_office_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    street_office_id: Mapped[int] = mapped_column(ForeignKey("street_offices.id", ondelete="CASCADE"))
    day: Mapped[date]
    reason: Mapped[str] = mapped_column(String(200), default="")
