"""Management of a compound beyond its mode history (kept by places): the service contract with
its provider, dates and service standard, which may cover several compounds (连片管理), and the
fee schedule with its effective dates and the decision that set it."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.columns import UTCDateTime, enum_column, utcnow
from portal.extensions import db
from portal.places.models import Compound

contract_compounds = Table(
    "contract_compounds",
    db.metadata,
    Column("contract_id", ForeignKey("service_contracts.id", ondelete="CASCADE"), primary_key=True),
    Column("compound_id", ForeignKey("compounds.id", ondelete="CASCADE"), primary_key=True),
)


class ServiceContract(db.Model):
    """A contract for managing one or more compounds (several: consolidated management, 连片)
    with a property company or the community's property service centre."""

    __tablename__ = "service_contracts"
    __table_args__ = (CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    service_standard: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(300), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    compounds: Mapped[list[Compound]] = relationship(secondary=contract_compounds, order_by="Compound.name")

    @property
    def consolidated(self) -> bool:
        return len(self.compounds) > 1


class FeeBasis(enum.StrEnum):
    """How the property fee is charged: per household a month, or per m² of exclusive area a month."""

    HOUSEHOLD = "household"
    AREA = "area"


FEE_BASIS_LABELS = {
    FeeBasis.HOUSEHOLD: _l("per household a month"),
    FeeBasis.AREA: _l("per m² a month"),
}


class FeeSchedule(db.Model):
    """The fees of a compound from a date on: the schedule in force on a day is the latest that
    took effect on or before it. Amounts in integer fen (a fee per m² may be 0.85 yuan)."""

    __tablename__ = "fee_schedules"
    __table_args__ = (
        UniqueConstraint("compound_id", "effective_from"),
        CheckConstraint("property_fee_fen >= 0 AND parking_fee_fen >= 0", name="fees_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id", ondelete="CASCADE"), index=True)
    effective_from: Mapped[date]
    property_fee_fen: Mapped[int] = mapped_column(BigInteger)
    property_fee_basis: Mapped[FeeBasis] = mapped_column(enum_column(FeeBasis))
    parking_fee_fen: Mapped[int] = mapped_column(BigInteger)
    decided_by: Mapped[str] = mapped_column(String(300))
    #: The page of the meeting item or decision in the portal, when it is there.
    decision_url: Mapped[str] = mapped_column(String(300), default="")
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    compound: Mapped[Compound] = relationship()
    recorded_by: Mapped[User | None] = relationship()
