"""Pages of management and fees: what everyone reads of a compound (mode and history, contract,
fees in force and their history), and the forms its committee, staff and admins use."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.permissions import can_manage_fees, can_view_management, can_view_overview, requires
from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.forms import page_number, render_form
from portal.ledger.rules import yuan_grouped
from portal.management import bp, rules, services
from portal.management.forms import ContractForm, FeeForm, ModeForm
from portal.management.models import FEE_BASIS_LABELS, FeeBasis
from portal.paging import search_words, to_last_page
from portal.places.models import Compound, ManagementMode
from portal.translation import shown_labels
from portal.unit_of_work import refusal_shown_on

LABELS = {"basis_labels": FEE_BASIS_LABELS, "mode_labels": services.MODE_LABELS}


@bp.get("/compounds/<int:compound_id>")
@requires(can_view_management, compound=Compound)
def compound(compound: Compound):
    today = beijing_date(utcnow())
    history = services.fee_history(compound)
    return render_template(
        "management/compound.html",
        compound=compound,
        fees=history,
        in_force=rules.in_force(history, today),
        contracts=services.contracts_of(compound),
        manage=can_manage_fees(current_user, compound),
        today=today,
        **LABELS,
    )


def _done(compound: Compound, message: str):
    flash(message, "success")
    return redirect(url_for("management.compound", compound_id=compound.id))


@bp.route("/compounds/<int:compound_id>/fees/new", methods=["GET", "POST"])
@requires(can_manage_fees, compound=Compound)
def new_fees(compound: Compound):
    form = FeeForm()
    if form.validate_on_submit():
        with refusal_shown_on(form):
            services.set_fees(
                compound,
                effective_from=form.effective_from.data,
                property_fee_fen=form.property_fee_fen,
                basis=FeeBasis(form.basis.data),
                parking_fee_fen=form.parking_fee_fen,
                decided_by=form.decided_by.data,
                decision_url=form.decision_url.data or "",
                actor=current_user,
            )
            return _done(compound, _("The fee schedule is recorded and posted on the notice board."))
    return render_form("management/fees_form.html", form, compound=compound, **LABELS)


@bp.route("/compounds/<int:compound_id>/contracts/new", methods=["GET", "POST"])
@requires(can_manage_fees, compound=Compound)
def new_contract(compound: Compound):
    form = ContractForm()
    neighbours = [
        c for c in compound.community.compounds if c.id != compound.id and can_manage_fees(current_user, c)
    ]
    form.also.choices = [(c.id, c.name) for c in neighbours]
    if form.validate_on_submit():
        chosen = [c for c in neighbours if c.id in (form.also.data or [])]
        with refusal_shown_on(form):
            services.record_contract(
                [compound, *chosen],
                provider=form.provider.data,
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                service_standard=form.service_standard.data or "",
                decided_by=form.decided_by.data or "",
                actor=current_user,
            )
            return _done(compound, _("The contract is recorded."))
    return render_form("management/contract_form.html", form, compound=compound, **LABELS)


@bp.route("/compounds/<int:compound_id>/mode", methods=["GET", "POST"])
@requires(can_manage_fees, compound=Compound)
def change_mode(compound: Compound):
    form = ModeForm()
    if form.validate_on_submit():
        with refusal_shown_on(form):
            services.change_mode(
                compound,
                mode=ManagementMode(form.mode.data),
                provider=form.provider.data or "",
                started_on=form.started_on.data,
                note=form.note.data or "",
                actor=current_user,
            )
            return _done(compound, _("The new management mode is recorded and posted on the notice board."))
    return render_form("management/mode_form.html", form, compound=compound, **LABELS)


@bp.app_template_filter("fee")
def fee_filter(fen: int) -> str:
    return yuan_grouped(fen)


@bp.app_template_filter("fee_basis")
def fee_basis_filter(basis: FeeBasis) -> str:
    return str(FEE_BASIS_LABELS[FeeBasis(basis)])


@bp.get("/overview")
@requires(can_view_overview)
def overview_page():
    """The compounds in scope at a glance, a page at a time (found by name, address, community or
    street office; a page past the last goes to the last), and coverage by management mode of
    all of them."""
    from portal.management import overview

    search = search_words(request.args)
    lines = overview.overview_page(current_user, search, page_number(), beijing_date(utcnow()))
    if beyond := to_last_page(lines, "management.overview_page", q=search or None):
        return beyond
    shares = overview.coverage_in_scope(current_user)
    return render_template(
        "management/overview.html",
        lines=lines,
        search=search,
        in_scope=shares[0].total,
        shares=shares,
        chart=overview.chart_svg(shares),
        mode_names=shown_labels(overview.MODE_NAMES),
        assembly_names=shown_labels(overview.ASSEMBLY_NAMES),
        committee_names=shown_labels(overview.COMMITTEE_NAMES),
    )


@bp.get("/overview.<fmt>")
@requires(can_view_overview)
def overview_export(fmt: str):
    from portal.ledger.rules import month_text
    from portal.management import overview
    from portal.tabular.writing import download
    from portal.volunteering.rules import hours_text

    lines = overview.overview(overview.compounds_in_scope(current_user), beijing_date(utcnow()))
    rows = [
        [
            _("Street office"),
            _("Community"),
            _("Compound"),
            _("Management mode"),
            _("Managed by"),
            _("Owners' assembly"),
            _("Owners' committee"),
            _("Term ends on"),
            _("Filed on"),
            _("Elections under way"),
            _("Verified owner groups"),
            _("Owner groups"),
            _("Open complaints"),
            _("Overdue complaints"),
            _("Volunteer hours this year"),
            _("Ledger published through"),
            _("Ledger published up to last month"),
        ]
    ]
    for line in lines:
        c = line.compound
        rows.append(
            [
                c.community.street_office.name,
                c.community.name,
                c.name,
                str(overview.MODE_NAMES[line.mode]),
                line.provider,
                str(overview.ASSEMBLY_NAMES.get(line.assembly, "")) if line.assembly else "",
                str(overview.COMMITTEE_NAMES[line.committee]),
                line.committee_ends_on.isoformat() if line.committee_ends_on else "",
                line.committee_filed_on.isoformat() if line.committee_filed_on else "",
                line.elections_in_progress,
                line.verified_groups,
                line.owner_groups,
                line.open_complaints,
                line.overdue_complaints,
                hours_text(line.volunteer_minutes or 0),
                month_text(line.ledger_through) if line.ledger_through else "",
                _("yes") if line.ledger_current else _("no"),
            ]
        )
    rows += [[], [_("Management mode"), _("Compounds"), _("Share (%)")]]
    rows += [[str(overview.MODE_NAMES[s.mode]), s.count, s.percent] for s in overview.coverage(lines)]
    return download(rows, fmt, _("compounds-overview"))
