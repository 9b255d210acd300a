"""Places: street offices, communities, compounds (with courtyards and management modes),
buildings, units and the owner groups that the law counts (DESIGN §2, §3)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from portal.columns import CreatedAt, enum_column
from portal.extensions import db

DEVELOPER_OWNER_KEY = "@developer"


class ManagementMode(enum.StrEnum):
    """How a compound is managed (DESIGN §2)."""

    PROFESSIONAL = "professional"
    BASIC = "basic"
    SELF_GOVERNED = "self_governed"


class AreaSource(enum.StrEnum):
    """Where a unit's exclusive area comes from."""

    REGISTERED = "registered"
    SURVEYED = "surveyed"
    CONTRACT = "contract"


class UnitStatus(enum.StrEnum):
    """Whether a unit has been handed over to a buyer."""

    DELIVERED = "delivered"
    UNSOLD = "unsold"
    UNDELIVERED = "undelivered"


@dataclass(frozen=True)
class RosterSummary:
    """A compound's roster as the law counts it: units, total exclusive area, and owner
    groups (each group counts as one person)."""

    units: int
    total_area: Decimal
    owner_groups: int

    def as_dict(self) -> dict:
        return {
            "units": self.units,
            "total_area": f"{self.total_area:.2f}",
            "owner_groups": self.owner_groups,
        }


class StreetOffice(CreatedAt, db.Model):
    """A street office (街道办事处); its mediation station serves its communities."""

    __tablename__ = "street_offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    district: Mapped[str] = mapped_column(String(100), default="")

    communities: Mapped[list[Community]] = relationship(
        back_populates="street_office", order_by="Community.name"
    )


class Community(CreatedAt, db.Model):
    """A community (社区) and its residents' committee."""

    __tablename__ = "communities"
    __table_args__ = (UniqueConstraint("street_office_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    street_office_id: Mapped[int] = mapped_column(ForeignKey("street_offices.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))

    street_office: Mapped[StreetOffice] = relationship(back_populates="communities")
    compounds: Mapped[list[Compound]] = relationship(back_populates="community", order_by="Compound.name")


class Compound(CreatedAt, db.Model):
    """A compound (小区): one property management area, perhaps merged from several courtyards."""

    __tablename__ = "compounds"
    __table_args__ = (UniqueConstraint("community_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(String(2000), default="")
    #: When and how owners reach the owners' committee (kept by the committee; may be empty).
    committee_hours: Mapped[str] = mapped_column(String(200), default="", server_default="")
    committee_phone: Mapped[str] = mapped_column(String(20), default="", server_default="")
    #: The roster figures as of the last import (see places.services.refresh_roster_figures),
    #: so that lists of compounds need no aggregation over every unit.
    roster_units: Mapped[int] = mapped_column(default=0, server_default="0")
    roster_area_hundredths: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    roster_owner_groups: Mapped[int] = mapped_column(default=0, server_default="0")

    community: Mapped[Community] = relationship(back_populates="compounds")
    courtyards: Mapped[list[Courtyard]] = relationship(
        back_populates="compound", order_by="Courtyard.id", cascade="all, delete-orphan"
    )
    management_periods: Mapped[list[ManagementPeriod]] = relationship(
        back_populates="compound",
        order_by="ManagementPeriod.started_on.desc()",
        cascade="all, delete-orphan",
    )
    buildings: Mapped[list[Building]] = relationship(
        back_populates="compound", order_by="Building.name", cascade="all, delete-orphan"
    )

    @staticmethod
    @cache
    def loaded_with() -> tuple:
        """A compound named by a URL comes with its community, which the rules of community
        staff read (see `requires`)."""
        return (joinedload(Compound.community),)

    @property
    def roster(self) -> RosterSummary:
        """The roster figures stored at the last import."""
        area = Decimal(self.roster_area_hundredths or 0).scaleb(-2).quantize(Decimal("0.01"))
        return RosterSummary(self.roster_units or 0, area, self.roster_owner_groups or 0)

    @property
    def current_management(self) -> ManagementPeriod | None:
        """The management period in force (the one without an end date)."""
        return next((p for p in self.management_periods if p.ended_on is None), None)


class Courtyard(db.Model):
    """An old courtyard (家属院) that was merged into a compound."""

    __tablename__ = "courtyards"
    __table_args__ = (UniqueConstraint("compound_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))

    compound: Mapped[Compound] = relationship(back_populates="courtyards")


class ManagementPeriod(db.Model):
    """One period of a compound's management mode history."""

    __tablename__ = "management_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id", ondelete="CASCADE"), index=True)
    mode: Mapped[ManagementMode] = mapped_column(enum_column(ManagementMode))
    provider: Mapped[str] = mapped_column(String(200), default="")
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    contract_ends_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(String(500), default="")

    compound: Mapped[Compound] = relationship(back_populates="management_periods")


class Building(db.Model):
    """A building (楼栋) of a compound."""

    __tablename__ = "buildings"
    __table_args__ = (UniqueConstraint("compound_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(50))

    compound: Mapped[Compound] = relationship(back_populates="buildings")
    units: Mapped[list[Unit]] = relationship(back_populates="building", order_by="Unit.name")


class OwnerGroup(db.Model):
    """The units that count as one owner (法释〔2009〕7号 Art. 9): all units of one owner, or
    all of the developer's unsold and undelivered units together."""

    __tablename__ = "owner_groups"
    __table_args__ = (UniqueConstraint("compound_id", "owner_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id", ondelete="CASCADE"))
    owner_key: Mapped[str] = mapped_column(String(64))
    owner_name: Mapped[str] = mapped_column(String(100), default="")
    owner_phone: Mapped[str] = mapped_column(String(20), default="")

    units: Mapped[list[Unit]] = relationship(back_populates="owner_group")

    @property
    def is_developer(self) -> bool:
        return self.owner_key == DEVELOPER_OWNER_KEY


class Unit(db.Model):
    """An exclusive part (专有部分): a flat, shop or garage, with its exact area."""

    __tablename__ = "units"
    __table_args__ = (
        UniqueConstraint("building_id", "name"),
        CheckConstraint("area_hundredths > 0", name="area_positive"),
        Index("ix_units_compound_group", "compound_id", "owner_group_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id", ondelete="CASCADE"))
    building_id: Mapped[int] = mapped_column(ForeignKey("buildings.id", ondelete="CASCADE"))
    owner_group_id: Mapped[int] = mapped_column(ForeignKey("owner_groups.id"))
    name: Mapped[str] = mapped_column(String(50))
    #: Exclusive area in hundredths of a square metre, so that sums are exact.
    area_hundredths: Mapped[int]
    area_source: Mapped[AreaSource] = mapped_column(enum_column(AreaSource))
    status: Mapped[UnitStatus] = mapped_column(enum_column(UnitStatus))

    building: Mapped[Building] = relationship(back_populates="units")
    owner_group: Mapped[OwnerGroup] = relationship(back_populates="units")

    @property
    def area(self) -> Decimal:
        """The exclusive area in m², exact to the hundredth."""
        return Decimal(self.area_hundredths).scaleb(-2)

    @property
    def label(self) -> str:
        return f"{self.building.name} {self.name}"
