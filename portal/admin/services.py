"""Reading the audit trail and the list of grants for operators."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from portal.audit import AuditRecord
from portal.auth.models import RoleGrant, User
from portal.extensions import db
from portal.places.models import Community, Compound, StreetOffice


def audit_page(*, page: int, per_page: int, action: str = ""):
    """Audit records, newest first, optionally of one action."""
    query = select(AuditRecord).options(joinedload(AuditRecord.actor)).order_by(AuditRecord.id.desc())
    if action:
        query = query.where(AuditRecord.action == action)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


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
