"""The public ledger (收支公示) of a compound's common parts: entries of income and spending in
integer fen, and the months that have been published (and so are locked)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.columns import UTCDateTime, enum_column, utcnow
from portal.extensions import db
from portal.places.models import Compound
from portal.uploads import Upload


class LedgerCategory(enum.StrEnum):
    """What the money is for (the issue's list, income first)."""

    PARKING_RENT = "parking_rent"
    ADVERTISING = "advertising"
    PROPERTY_FEES = "property_fees"
    REPAIRS = "repairs"
    CLEANING = "cleaning"
    GREENING = "greening"
    SECURITY = "security"
    MAINTENANCE_FUND = "maintenance_fund"
    RENOVATION = "renovation"
    OTHER = "other"


CATEGORY_LABELS = {
    LedgerCategory.PARKING_RENT: _l("Parking rent"),
    LedgerCategory.ADVERTISING: _l("Advertising"),
    LedgerCategory.PROPERTY_FEES: _l("Property fees collected"),
    LedgerCategory.REPAIRS: _l("Repairs"),
    LedgerCategory.CLEANING: _l("Cleaning"),
    LedgerCategory.GREENING: _l("Greening"),
    LedgerCategory.SECURITY: _l("Security"),
    LedgerCategory.MAINTENANCE_FUND: _l("Maintenance fund use"),
    LedgerCategory.RENOVATION: _l("Renovation"),
    LedgerCategory.OTHER: _l("Other"),
}


class Direction(enum.StrEnum):
    INCOME = "income"
    SPENDING = "spending"


DIRECTION_LABELS = {Direction.INCOME: _l("Income"), Direction.SPENDING: _l("Spending")}


class LedgerEntry(db.Model):
    """One line of the ledger. `amount_fen` is positive for an ordinary entry and negative for
    a reversing entry (same category and direction as the entry it reverses), so that sums by
    direction stay right. `period` is the entry's month as YYYYMM, for grouping in SQL."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        CheckConstraint("amount_fen <> 0", name="amount_not_zero"),
        CheckConstraint("(reverses_id IS NULL) = (amount_fen > 0)", name="reversal_negative"),
        UniqueConstraint("reverses_id"),
        Index("ix_ledger_entries_compound_period", "compound_id", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id", ondelete="CASCADE"))
    entry_date: Mapped[date]
    period: Mapped[int]
    category: Mapped[LedgerCategory] = mapped_column(enum_column(LedgerCategory))
    direction: Mapped[Direction] = mapped_column(enum_column(Direction))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    counterparty: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    voucher_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))

    compound: Mapped[Compound] = relationship()
    voucher: Mapped[Upload | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()
    reverses: Mapped[LedgerEntry | None] = relationship(remote_side=[id], back_populates="reversed_by")
    reversed_by: Mapped[LedgerEntry | None] = relationship(back_populates="reverses")

    @property
    def signed_fen(self) -> int:
        """The entry's effect on the balance: income adds, spending takes away."""
        return self.amount_fen if self.direction == Direction.INCOME else -self.amount_fen


class LedgerMonth(db.Model):
    """A published month of a compound's ledger: its entries are locked from then on."""

    __tablename__ = "ledger_months"
    __table_args__ = (UniqueConstraint("compound_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id", ondelete="CASCADE"), index=True)
    period: Mapped[int]
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"))

    published_by: Mapped[User | None] = relationship()
