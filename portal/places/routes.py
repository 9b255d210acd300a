"""Compound pages, the roster and its upload."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.auth.permissions import (
    anyone,
    can_edit_compound_contact,
    can_import_any_roster,
    can_import_roster,
    can_view_roster,
    requires,
)
from portal.extensions import db
from portal.forms import page_number, render_form
from portal.page_cache import public_page
from portal.panels import panels_for
from portal.places import bp, services
from portal.places.forms import CommitteeContactForm, RosterUploadForm
from portal.places.models import Compound
from portal.places.roster import RosterInvalid, import_roster
from portal.unit_of_work import roll_back


@bp.get("/compounds/<int:compound_id>")
@public_page
@requires(anyone, compound=Compound)
def compound(compound: Compound):
    compound = services.with_page_details(compound)
    return render_template(
        "places/compound.html",
        compound=compound,
        summary=compound.roster,
        buildings=services.buildings_with_unit_counts(compound),
        panels=panels_for(compound, current_user),
    )


@bp.get("/compounds/<int:compound_id>/roster")
@requires(can_view_roster, compound=Compound)
def roster(compound: Compound):
    page = page_number()
    units = services.roster_page(compound, page=page, per_page=current_app.config["PAGE_SIZE"])
    return render_template("places/roster.html", compound=compound, units=units, summary=compound.roster)


@bp.route("/roster/import", methods=["GET", "POST"])
@requires(can_import_any_roster)
def roster_import():
    form = RosterUploadForm()
    compounds = [c for c in services.list_compounds() if can_import_roster(current_user, c)]
    form.compound.choices = [SelectChoice(c.id, f"{c.community.name} · {c.name}") for c in compounds]
    if request.method == "GET" and request.args.get("compound", type=int):
        form.compound.data = request.args.get("compound", type=int)
    errors, report = [], None
    if form.validate_on_submit():
        target = db.session.get(Compound, form.compound.data)
        try:
            report = import_roster(target, form.file.data.read(), actor=current_user)
        except RosterInvalid as invalid:
            roll_back()
            errors = invalid.errors
            flash(invalid.message, "danger")
        else:
            flash(_("The roster of %(name)s was imported.", name=target.name), "success")
    page, status = render_form("places/roster_import.html", form, errors=errors, report=report)
    return page, 422 if errors else status


@bp.route("/compounds/<int:compound_id>/contact", methods=["GET", "POST"])
@requires(can_edit_compound_contact, compound=Compound)
def edit_contact(compound: Compound):
    """The committee's contact hours and phone, shown on the compound page."""
    form = CommitteeContactForm(data={"hours": compound.committee_hours, "phone": compound.committee_phone})
    if form.validate_on_submit():
        services.set_committee_contact(
            compound, hours=form.hours.data, phone=form.phone.data, actor=current_user
        )
        flash(_("The committee's contact details are saved."), "success")
        return redirect(url_for("places.compound", compound_id=compound.id))
    return render_form("places/contact.html", form, compound=compound)
