"""Reading the audit trail and the list of grants for operators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from portal.audit import AuditRecord
from portal.auth.models import RoleGrant, User
from portal.calendar import end_of_day, start_of_day
from portal.extensions import db
from portal.paging import like, paginate
from portal.places.models import Community, Compound, StreetOffice
from portal.statements import built_once


@dataclass(frozen=True)
class AuditFilters:
    """What the audit page is narrowed to; every filter is optional and they combine."""

    action: str = ""
    compound_id: int | None = None
    compound_name: str = ""
    person: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def as_args(self) -> dict[str, str]:
        """The filters as query arguments (for the pagination links)."""
        args = {
            "action": self.action,
            "compound": str(self.compound_id or ""),
            "compound_name": self.compound_name,
            "person": self.person,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
        }
        return {name: value for name, value in args.items() if value}


#: Matching records are counted up to this many; past it the page says "more than".
COUNT_LIMIT = 1000


@dataclass(frozen=True)
class AuditPage:
    """A page of records, newest first, the way to the pages beside it (the id to pass as
    `before` for older records, as `after` for newer; None where there are none) and how many
    records match, counted up to `COUNT_LIMIT` (a district's trail has hundreds of thousands)."""

    items: list[AuditRecord]
    older: int | None
    newer: int | None
    total: int

    @property
    def more_than_counted(self) -> bool:
        return self.total > COUNT_LIMIT


def _values(filters: AuditFilters) -> dict:
    """The values of the filters that are set, by the name of their parameter in `_matching`."""
    values = {
        "action": filters.action,
        "compound_id": filters.compound_id,
        "compound_name": like(filters.compound_name) if filters.compound_name else None,
        "person": like(filters.person) if filters.person else None,
        "date_from": start_of_day(filters.date_from) if filters.date_from else None,
        "date_to": end_of_day(filters.date_to) if filters.date_to else None,
    }
    return {name: value for name, value in values.items() if value}


@built_once
def _matching(shape: frozenset[str]) -> Select:
    """The records the filters named in `shape` keep: one action, one compound (by id, or by part
    of its name), a person (the actor, by mobile number or name), and Beijing dates from and to
    (both included). Built once for each combination of filters, their values as parameters."""
    query = select(AuditRecord)
    if "action" in shape:
        query = query.where(AuditRecord.action == bindparam("action"))
    if "compound_id" in shape:
        query = query.where(AuditRecord.compound_id == bindparam("compound_id"))
    if "compound_name" in shape:
        named = select(Compound.id).where(Compound.name.like(bindparam("compound_name"), escape="\\"))
        query = query.where(AuditRecord.compound_id.in_(named))
    if "person" in shape:
        words = bindparam("person")
        people = select(User.id).where(
            or_(User.phone.like(words, escape="\\"), User.name.like(words, escape="\\"))
        )
        query = query.where(AuditRecord.actor_id.in_(people))
    if "date_from" in shape:
        query = query.where(AuditRecord.created_at >= bindparam("date_from"))
    if "date_to" in shape:
        query = query.where(AuditRecord.created_at <= bindparam("date_to"))
    return query


@built_once
def _page_of(shape: frozenset[str], way: str) -> Select:
    """A page of the matching records with the names of their actor and compound, one more than
    asked for (to know whether there is a page beyond): the newest, those older than `before`, or
    those newer than `after`, oldest first."""
    query = _matching(shape).options(
        joinedload(AuditRecord.actor).load_only(User.name),
        joinedload(AuditRecord.compound).load_only(Compound.name),
    )
    if way == "after":
        query = query.where(AuditRecord.id > bindparam("after")).order_by(AuditRecord.id)
    elif way == "before":
        query = query.where(AuditRecord.id < bindparam("before")).order_by(AuditRecord.id.desc())
    else:
        query = query.order_by(AuditRecord.id.desc())
    return query.limit(bindparam("limit"))


@built_once
def _counted(shape: frozenset[str]) -> Select:
    """How many records match, counted up to one past `COUNT_LIMIT`."""
    bounded = _matching(shape).with_only_columns(AuditRecord.id).limit(COUNT_LIMIT + 1).subquery()
    return select(func.count()).select_from(bounded)


def audit_page(
    *, per_page: int, filters: AuditFilters | None = None, before: int | None = None, after: int | None = None
) -> AuditPage:
    """Audit records, newest first, with their actor and compound loaded: the newest page, the
    page older than the record `before`, or the page newer than the record `after` (paged by id,
    so that a page costs the same at the end of a long trail as at its start; no page number)."""
    values = _values(filters or AuditFilters())
    shape = frozenset(values)
    values["limit"] = per_page + 1
    items: list[AuditRecord] = []
    older = newer = None
    if after is not None:
        items = list(db.session.scalars(_page_of(shape, "after"), {**values, "after": after}))
        newer = items[per_page - 1].id if len(items) > per_page else None
        items = items[:per_page][::-1]
        older = items[-1].id if items else None
    elif before is not None:
        items = list(db.session.scalars(_page_of(shape, "before"), {**values, "before": before}))
        older = items[per_page - 1].id if len(items) > per_page else None
        items = items[:per_page]
        newer = items[0].id if items else None
    if not items:  # the newest page (also where `before` or `after` went past the end)
        items = list(db.session.scalars(_page_of(shape, "newest"), values))
        older = items[per_page - 1].id if len(items) > per_page else None
        items, newer = items[:per_page], None
    total = db.session.scalar(_counted(shape), values)
    return AuditPage(items, older, newer, total)


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
    return paginate(query, page=page, per_page=per_page)


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
