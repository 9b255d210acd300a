"""Reading the audit trail and the list of grants for operators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from portal.audit import AuditRecord
from portal.auth.models import RoleGrant, User
from portal.calendar import end_of_day, start_of_day
from portal.extensions import db
from portal.places.models import Community, Compound, StreetOffice


@dataclass(frozen=True)
class AuditFilters:
    """What the audit page is narrowed to; every filter is optional and they combine."""

    action: str = ""
    compound_id: int | None = None
    person: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def as_args(self) -> dict[str, str]:
        """The filters as query arguments (for the pagination links)."""
        args = {
            "action": self.action,
            "compound": str(self.compound_id or ""),
            "person": self.person,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
        }
        return {name: value for name, value in args.items() if value}


def audit_page(*, page: int, per_page: int, filters: AuditFilters | None = None):
    """Audit records, newest first, with their actor and compound loaded, narrowed by the
    filters: one action, one compound, a person (the actor, by mobile number or name), and
    Beijing dates from and to (both included)."""
    filters = filters or AuditFilters()
    query = (
        select(AuditRecord)
        .options(joinedload(AuditRecord.actor), joinedload(AuditRecord.compound))
        .order_by(AuditRecord.id.desc())
    )
    if filters.action:
        query = query.where(AuditRecord.action == filters.action)
    if filters.compound_id:
        query = query.where(AuditRecord.compound_id == filters.compound_id)
    if filters.person:
        people = select(User.id).where(
            or_(
                User.phone.contains(filters.person, autoescape=True),
                User.name.contains(filters.person, autoescape=True),
            )
        )
        query = query.where(AuditRecord.actor_id.in_(people))
    if filters.date_from:
        query = query.where(AuditRecord.created_at >= start_of_day(filters.date_from))
    if filters.date_to:
        query = query.where(AuditRecord.created_at <= end_of_day(filters.date_to))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def compound_choices() -> list[SelectChoice]:
    """Every compound, with its community, for the audit page's filter."""
    choices = []
    query = select(Compound).options(joinedload(Compound.community)).order_by(Compound.name)
    for compound in db.session.scalars(query):
        choices.append(SelectChoice(str(compound.id), f"{compound.name}（{compound.community.name}）"))
    return choices


def grants_page(*, page: int, per_page: int):
    """All role grants with their holders and places."""
    query = (
        select(RoleGrant)
        .join(RoleGrant.user)
        .options(
            joinedload(RoleGrant.user),
            joinedload(RoleGrant.compound),
            joinedload(RoleGrant.community),
            joinedload(RoleGrant.street_office),
        )
        .order_by(RoleGrant.role, User.name, RoleGrant.id)
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def scope_choices() -> list[SelectChoice]:
    """Every place a role can be granted on, as `kind:id` choices."""
    choices = [SelectChoice("", "—")]
    for office in db.session.scalars(select(StreetOffice).order_by(StreetOffice.name)):
        choices.append(SelectChoice(f"street_office:{office.id}", office.name))
    for community in db.session.scalars(select(Community).order_by(Community.name)):
        choices.append(SelectChoice(f"community:{community.id}", community.name))
    for compound in db.session.scalars(
        select(Compound).options(joinedload(Compound.community)).order_by(Compound.name)
    ):
        choices.append(
            SelectChoice(f"compound:{compound.id}", f"{compound.name}（{compound.community.name}）")
        )
    return choices


def resolve_scope(choice: str):
    """The place named by a `kind:id` choice, or None."""
    kind, _, ident = (choice or "").partition(":")
    model = {"street_office": StreetOffice, "community": Community, "compound": Compound}.get(kind)
    if model is None or not ident.isdigit():
        return None
    return db.session.get(model, int(ident))
