"""Pages of the public ledger: a month's account (owners read it), summaries by month and year,
recording, reversing, publishing, the printable statement, exports and vouchers."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.permissions import (
    can_record_ledger,
    can_reverse_ledger_entry,
    can_view_ledger,
    can_view_ledger_entry,
    requires,
)
from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.errors import DomainError
from portal.forms import EmptyForm, render_form
from portal.ledger import bp, rules, services
from portal.ledger.forms import EntryForm, ReverseForm
from portal.ledger.models import CATEGORY_LABELS, DIRECTION_LABELS, Direction, LedgerCategory, LedgerEntry
from portal.places.models import Compound
from portal.tabular.writing import download
from portal.translation import shown_labels
from portal.unit_of_work import carry_out, refusal_shown_on
from portal.uploads import send_upload


def labels() -> dict:
    """What the ledger's pages show labels with (translated once per page: lists show them per row)."""
    return {
        "category_labels": shown_labels(CATEGORY_LABELS),
        "direction_labels": shown_labels(DIRECTION_LABELS),
        "rules": rules,
    }


def _this_month() -> int:
    return rules.period_of(beijing_date(utcnow()))


def _month_arg(default: int) -> int:
    text = request.args.get("month")
    if not text:
        return default
    try:
        return rules.parse_month(text)
    except DomainError:
        abort(404)


@bp.get("/compounds/<int:compound_id>")
@requires(can_view_ledger, compound=Compound)
def month(compound: Compound):
    """A month's account: balance brought forward, income, spending, every entry, and for the
    committee the ways to record, correct and publish."""
    this_month = _this_month()
    period = _month_arg(this_month)
    keeper = can_record_ledger(current_user, compound)
    return render_template(
        "ledger/month.html",
        compound=compound,
        account=services.month_account(compound, period),
        period=period,
        this_month=this_month,
        keeper=keeper,
        may_publish=rules.may_publish(period, beijing_date(utcnow())),
        action_form=EmptyForm() if keeper else None,  # the keepers' publish button
        **labels(),
    )


@bp.get("/compounds/<int:compound_id>/summary")
@requires(can_view_ledger, compound=Compound)
def summary(compound: Compound):
    """Monthly summaries of a year and yearly summaries, each with the balance carried forward."""
    this_month = _this_month()
    year = request.args.get("year", this_month // 100, type=int)
    if not 1900 <= year <= this_month // 100:
        abort(404)
    return render_template(
        "ledger/summary.html",
        compound=compound,
        year=year,
        months=services.monthly_summaries(compound, year, this_month),
        years=services.yearly_summaries(compound),
        published=services.published_periods(compound),
        **labels(),
    )


@bp.route("/compounds/<int:compound_id>/new", methods=["GET", "POST"])
@requires(can_record_ledger, compound=Compound)
def record(compound: Compound):
    form = EntryForm()
    if request.method == "GET":
        form.entry_date.data = beijing_date(utcnow())
    if form.validate_on_submit():
        with refusal_shown_on(form):
            entry = services.record_entry(
                compound,
                entry_date=form.entry_date.data,
                category=LedgerCategory(form.category.data),
                direction=Direction(form.direction.data),
                amount_fen=form.amount_fen,
                counterparty=form.counterparty.data or "",
                note=form.note.data or "",
                voucher=form.voucher.data,
                actor=current_user,
            )
            return _back_to_month(compound, entry.period, _("The entry is recorded."))
    return render_form("ledger/record.html", form, compound=compound, **labels())


def _back_to_month(compound: Compound, period: int, message: str):
    from flask import flash

    flash(message, "success")
    return redirect(url_for("ledger.month", compound_id=compound.id, month=rules.month_text(period)))


@bp.route("/entries/<int:entry_id>/reverse", methods=["GET", "POST"])
@requires(can_reverse_ledger_entry, entry=LedgerEntry)
def reverse(entry: LedgerEntry):
    form = ReverseForm()
    if form.validate_on_submit():
        with refusal_shown_on(form):
            reversal = services.reverse_entry(entry, form.reason.data, actor=current_user)
            return _back_to_month(entry.compound, reversal.period, _("The reversing entry is recorded."))
    return render_form("ledger/reverse.html", form, entry=entry, compound=entry.compound, **labels())


@bp.post("/compounds/<int:compound_id>/months/<month_text>/publish")
@requires(can_record_ledger, compound=Compound)
def publish(compound: Compound, month_text: str):
    try:
        period = rules.parse_month(month_text)
    except DomainError:
        abort(404)
    if EmptyForm().validate_on_submit():
        carry_out(
            lambda: services.publish_month(compound, period, actor=current_user),
            _("The month is published and its statement is on the notice board."),
        )
    return redirect(url_for("ledger.month", compound_id=compound.id, month=month_text))


@bp.get("/compounds/<int:compound_id>/months/<month_text>/statement")
@requires(can_view_ledger, compound=Compound)
def statement(compound: Compound, month_text: str):
    """The month's statement on one A4 page, for printing and posting in the compound."""
    try:
        period = rules.parse_month(month_text)
    except DomainError:
        abort(404)
    return render_template(
        "ledger/statement.html",
        compound=compound,
        account=services.month_account(compound, period),
        **labels(),
    )


@bp.get("/compounds/<int:compound_id>/ledger.<fmt>")
@requires(can_view_ledger, compound=Compound)
def export(compound: Compound, fmt: str):
    """A year's entries (CSV or XLSX), with the running balance."""
    year = request.args.get("year", _this_month() // 100, type=int)
    rows = [
        [
            _("Date"),
            _("Direction"),
            _("Category"),
            _("Amount (yuan)"),
            _("Balance (yuan)"),
            _("Paid by or paid to"),
            _("Note"),
            _("Recorded by"),
            _("Reverses entry"),
        ]
    ]
    balance = services.accounts.balance_before(compound, year * 100 + 1)
    for entry in services.entries_of_year(compound, year):
        balance += entry.signed_fen
        rows.append(
            [
                entry.entry_date.isoformat(),
                str(DIRECTION_LABELS[entry.direction]),
                str(CATEGORY_LABELS[entry.category]),
                rules.yuan(entry.amount_fen),
                rules.yuan(balance),
                entry.counterparty,
                entry.note,
                entry.recorded_by.name if entry.recorded_by else "",
                entry.reverses_id or "",
            ]
        )
    name = _("ledger")  # outside the f-string, so that the catalog extracts it
    return download(rows, fmt, f"{compound.name}-{name}-{year}")


@bp.get("/entries/<int:entry_id>/voucher")
@requires(can_view_ledger_entry, entry=LedgerEntry)
def voucher(entry: LedgerEntry):
    if entry.voucher is None:
        abort(404)
    return send_upload(entry.voucher, inline=True)
