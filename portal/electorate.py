"""The frozen electorate: a compound's owner groups as they stood when a notice was published.

The law counts the owners of the whole roster (DESIGN §3), frozen when the notice goes out, so
that a roster import during a vote cannot move the denominators. A freeze keeps each owner group
(key, name, units, area: one person by 法释〔2009〕7号 Art. 9), which group every unit belonged
to, and who held a verified claim on which group at that moment. Assembly meetings and committee
elections both vote on a frozen electorate; ballots point at its groups.

Who votes for which frozen group is decided by the units the person held **at the notice**: a
unit the roster gives to someone else afterwards is still voted for by the group that held it
then, and the newcomer does not vote for it.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Select,
    String,
    Text,
    UniqueConstraint,
    and_,
    bindparam,
    insert,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.columns import UTCDateTime
from portal.errors import DomainError
from portal.extensions import db
from portal.places.models import DEVELOPER_OWNER_KEY, Compound, OwnerGroup, Unit
from portal.places.services import roster_units
from portal.statements import built_once


class Electorate(db.Model):
    """A compound's roster frozen at a notice, with the totals that are the denominators."""

    __tablename__ = "electorates"

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id"), index=True)
    frozen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    total_area_hundredths: Mapped[int] = mapped_column(BigInteger)
    total_owners: Mapped[int]


class ElectorateGroup(db.Model):
    """An owner group as frozen: key, name, its units as a label, and its area."""

    __tablename__ = "electorate_groups"
    __table_args__ = (UniqueConstraint("electorate_id", "owner_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    electorate_id: Mapped[int] = mapped_column(ForeignKey("electorates.id", ondelete="CASCADE"))
    owner_key: Mapped[str] = mapped_column(String(64))
    owner_name: Mapped[str] = mapped_column(String(100), default="")
    units: Mapped[str] = mapped_column(Text, default="")
    area_hundredths: Mapped[int] = mapped_column(BigInteger)

    electorate: Mapped[Electorate] = relationship()

    @property
    def is_developer(self) -> bool:
        return self.owner_key == DEVELOPER_OWNER_KEY


class ElectorateUnit(db.Model):
    """Which frozen group a unit belonged to at the notice."""

    __tablename__ = "electorate_units"

    electorate_id: Mapped[int] = mapped_column(
        ForeignKey("electorates.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("electorate_groups.id", ondelete="CASCADE"))


class ElectorateHolder(db.Model):
    """A person who held a verified claim on a group's unit at the notice."""

    __tablename__ = "electorate_holders"

    electorate_id: Mapped[int] = mapped_column(
        ForeignKey("electorates.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("electorate_groups.id", ondelete="CASCADE"), primary_key=True
    )


def freeze(compound: Compound, *, now: datetime) -> Electorate:
    """Freeze the compound's roster now: its owner groups with units and areas, which group
    each unit is in, and who holds which group by a verified claim. Refused on an empty roster."""
    from portal.registration.services import verified_holdings

    rows = roster_units(compound)
    if not rows:
        raise DomainError(_l("The compound's roster is empty; import it first."))
    groups: dict[str, dict] = {}
    for row in rows:
        group = groups.setdefault(
            row.owner_key, {"owner_key": row.owner_key, "owner_name": row.owner_name, "units": [], "area": 0}
        )
        group["units"].append(f"{row.building} {row.unit}")
        group["area"] += row.area_hundredths
    electorate = Electorate(
        compound_id=compound.id,
        frozen_at=now,
        total_area_hundredths=sum(g["area"] for g in groups.values()),
        total_owners=len(groups),
    )
    db.session.add(electorate)
    db.session.flush()
    ids = _insert_groups(electorate, groups.values())
    group_of_unit = {row.unit_id: ids[row.owner_key] for row in rows}
    _insert(
        ElectorateUnit,
        [{"electorate_id": electorate.id, "unit_id": u, "group_id": g} for u, g in group_of_unit.items()],
    )
    holders = {(user_id, group_of_unit[unit_id]) for user_id, unit_id in verified_holdings(compound)}
    _insert(
        ElectorateHolder, [{"electorate_id": electorate.id, "user_id": u, "group_id": g} for u, g in holders]
    )
    return electorate


def _insert_groups(electorate: Electorate, groups) -> dict[str, int]:
    rows = [
        {
            "electorate_id": electorate.id,
            "owner_key": g["owner_key"],
            "owner_name": g["owner_name"],
            "units": "、".join(g["units"]),
            "area_hundredths": g["area"],
        }
        for g in groups
    ]
    _insert(ElectorateGroup, rows)
    query = select(ElectorateGroup.owner_key, ElectorateGroup.id).where(
        ElectorateGroup.electorate_id == electorate.id
    )
    return dict(db.session.execute(query).all())


def _insert(model, rows: list[dict]) -> None:
    if rows:
        db.session.execute(insert(model), rows)


#: Claims that still stand for someone who held the group at the notice: verified, or sent back
#: for verification only because the roster changed since (never one refused or disputed).
_STANDING = ("verified", "pending")


def groups_of(user, electorate: Electorate, compound: Compound | None = None) -> list[ElectorateGroup]:
    """The frozen groups `user` votes for: those they held at the notice (while their claim
    still stands), and those whose unit they have been verified on since, as long as the roster
    has not given that unit to another owner after the notice. Never the developer's group,
    which votes through a proxy. (One query; `compound` is not needed and kept for callers.)"""
    return groups_of_each(user, [electorate.id]).get(electorate.id, [])


def groups_of_each(user, electorate_ids: list[int]) -> dict[int, list[ElectorateGroup]]:
    """`groups_of` for several frozen electorates at once, by electorate id, in one query (for
    lists such as the person's to-do)."""
    if not getattr(user, "is_authenticated", False) or not electorate_ids:
        return {}
    found: dict[int, list[ElectorateGroup]] = {}
    params = {"user_id": user.id, "electorate_ids": list(electorate_ids)}
    for group in db.session.scalars(_groups_query(), params):
        found.setdefault(group.electorate_id, []).append(group)
    return found


@built_once
def _groups_query() -> Select:
    """`groups_of_each`'s query, built once (parameters: user_id, electorate_ids)."""
    voter = voter_group_ids(bindparam("user_id"), bindparam("electorate_ids", expanding=True))
    return select(ElectorateGroup).where(ElectorateGroup.id.in_(voter)).order_by(ElectorateGroup.owner_key)


def voter_group_ids(user_id, electorate_ids) -> Select:
    """The ids of the frozen groups the person votes for in these electorates by `groups_of`'s
    rule, as a query to filter on, so that the check costs no round trip of its own:
    `ElectorateGroup.id.in_(voter_group_ids(user.id, [electorate_id]))`. `user_id` and
    `electorate_ids` may be bound parameters or queries, for statements built once."""
    return select(voter_groups(user_id, electorate_ids).subquery().c.group_id)


def voter_groups(user_id, electorate_ids) -> Select:
    """(group id, electorate id) of the frozen groups the person votes for in these
    electorates (each once), to join on. It looks up the person's claimed units in each
    electorate by its key (electorate, unit), whatever the size of the roster."""
    from portal.registration.queries import claimed_units, claims_of

    claim = claims_of(user_id).subquery("claim")
    holder, group = ElectorateHolder, ElectorateGroup
    held_then = and_(holder.group_id.is_not(None), claim.c.status.in_(_STANDING))
    verified_now = and_(claim.c.status == "verified", OwnerGroup.owner_key == group.owner_key)
    return (
        select(ElectorateUnit.group_id, ElectorateUnit.electorate_id)
        .distinct()
        .join(claim, claim.c.unit_id == ElectorateUnit.unit_id)
        .join(group, group.id == ElectorateUnit.group_id)
        .outerjoin(
            holder,
            and_(
                holder.electorate_id == ElectorateUnit.electorate_id,
                holder.user_id == user_id,
                holder.group_id == ElectorateUnit.group_id,
            ),
        )
        .outerjoin(Unit, Unit.id == ElectorateUnit.unit_id)
        .outerjoin(OwnerGroup, OwnerGroup.id == Unit.owner_group_id)
        .where(
            ElectorateUnit.electorate_id.in_(electorate_ids),
            ElectorateUnit.unit_id.in_(claimed_units(user_id)),
            group.owner_key != DEVELOPER_OWNER_KEY,
            or_(held_then, verified_now),
        )
    )


def group_by_key(electorate: Electorate, owner_key: str) -> ElectorateGroup | None:
    """The frozen group with this roster key (`@developer` for the developer's units)."""
    query = select(ElectorateGroup).where(
        ElectorateGroup.electorate_id == electorate.id, ElectorateGroup.owner_key == owner_key
    )
    return db.session.scalar(query)


def keys_of(electorate: Electorate) -> set[str]:
    """Every owner key of the frozen roster."""
    query = select(ElectorateGroup.owner_key).where(ElectorateGroup.electorate_id == electorate.id)
    return set(db.session.scalars(query))
