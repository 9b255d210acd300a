"""API of the public ledger: recording and reversing entries, publishing a month, and a month's
account with amounts as strings of yuan with two decimals. The same services and rules as the
pages."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from marshmallow import Schema, ValidationError, fields, validate

from portal.api import BEARER, bp
from portal.auth.permissions import can_record_ledger, can_reverse_ledger_entry, can_view_ledger, requires
from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.errors import DomainError
from portal.ledger import rules, services
from portal.ledger.models import Direction, LedgerCategory, LedgerEntry
from portal.places.models import Compound


class Amount(fields.String):
    """Yuan as a string ("1234.56") loaded as integer fen, exactly; a third decimal is refused."""

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return rules.parse_amount(text)
        except DomainError as error:
            raise ValidationError(str(error.message)) from error


class Month(fields.String):
    """A month as "YYYY-MM", loaded as YYYYMM."""

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return rules.parse_month(text)
        except DomainError as error:
            raise ValidationError(str(error.message)) from error


class EntryIn(Schema):
    date = fields.Date(required=True)
    category = fields.String(required=True, validate=validate.OneOf([c.value for c in LedgerCategory]))
    direction = fields.String(required=True, validate=validate.OneOf([d.value for d in Direction]))
    amount = Amount(required=True)
    counterparty = fields.String(load_default="", validate=validate.Length(max=200))
    note = fields.String(load_default="", validate=validate.Length(max=500))


class ReverseIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class LedgerIdOut(Schema):
    id = fields.Integer()


class PublishedOut(Schema):
    month = fields.String()
    published = fields.Boolean()
    notice_id = fields.Integer(allow_none=True)


class EntryOut(Schema):
    id = fields.Integer()
    date = fields.Date()
    category = fields.String()
    direction = fields.String()
    amount = fields.String()
    counterparty = fields.String()
    note = fields.String()
    recorded_by = fields.String()
    reverses = fields.Integer(allow_none=True)
    reversed_by = fields.Integer(allow_none=True)
    has_voucher = fields.Boolean()


class MonthQuery(Schema):
    month = Month(load_default=None)


class MonthOut(Schema):
    month = fields.String()
    opening_balance = fields.String()
    income = fields.String()
    spending = fields.String()
    closing_balance = fields.String()
    published = fields.Boolean()
    entries = fields.List(fields.Nested(EntryOut))


@bp.route("/compounds/<int:compound_id>/ledger/entries", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_record_ledger, compound=Compound)
@bp.arguments(EntryIn)
@bp.response(201, LedgerIdOut)
def record_ledger_entry(body, compound: Compound):
    """Record income or spending (the committee); 409 when the month is published."""
    entry = services.record_entry(
        compound,
        entry_date=body["date"],
        category=LedgerCategory(body["category"]),
        direction=Direction(body["direction"]),
        amount_fen=body["amount"],
        counterparty=body["counterparty"],
        note=body["note"],
        actor=current_user,
    )
    return {"id": entry.id}


@bp.route("/ledger/entries/<int:entry_id>/reverse", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_reverse_ledger_entry, entry=LedgerEntry)
@bp.arguments(ReverseIn)
@bp.response(201, LedgerIdOut)
def reverse_ledger_entry(body, entry: LedgerEntry):
    """Correct an entry with a reversing entry dated today; 409 when already reversed."""
    return {"id": services.reverse_entry(entry, body["reason"], actor=current_user).id}


def _period(text: str) -> int:
    """The month of the URL; one that is not a month is not a page (404)."""
    try:
        return rules.parse_month(text)
    except DomainError:
        abort(404)


@bp.route("/compounds/<int:compound_id>/ledger/months/<month>/publish", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_record_ledger, compound=Compound)
@bp.response(200, PublishedOut)
def publish_ledger_month(month: str, compound: Compound):
    """Publish a month that is over: its entries are locked and its statement posted; 409 when
    already published."""
    published = services.publish_month(compound, _period(month), actor=current_user)
    return {"month": month, "published": True, "notice_id": published.notice_id}


def _entry(entry: LedgerEntry) -> dict:
    return {
        "id": entry.id,
        "date": entry.entry_date,
        "category": entry.category.value,
        "direction": entry.direction.value,
        "amount": rules.yuan(entry.amount_fen),
        "counterparty": entry.counterparty,
        "note": entry.note,
        "recorded_by": entry.recorded_by.name if entry.recorded_by else "",
        "reverses": entry.reverses_id,
        "reversed_by": entry.reversed_by.id if entry.reversed_by else None,
        "has_voucher": entry.voucher_id is not None,
    }


@bp.route("/compounds/<int:compound_id>/ledger", methods=["GET"])
@bp.doc(security=BEARER)
@requires(can_view_ledger, compound=Compound)
@bp.arguments(MonthQuery, location="query")
@bp.response(200, MonthOut)
def ledger_month(query, compound: Compound):
    """A month's account (this month when none is given); owners, committee, staff, admins."""
    period = query["month"] or rules.period_of(beijing_date(utcnow()))
    account = services.month_account(compound, period)
    summary = account.summary
    return {
        "month": rules.month_text(period),
        "opening_balance": rules.yuan(summary.opening),
        "income": rules.yuan(summary.income),
        "spending": rules.yuan(summary.spending),
        "closing_balance": rules.yuan(summary.closing),
        "published": account.published is not None,
        "entries": [_entry(entry) for entry in account.entries],
    }
