"""Pages of the complainant: their complaints, filing (what was typed is never lost: a refused
upload or a validation error keeps every field, and "save as draft" keeps the rest for
later), the case page with its timeline, adding information, messages, withdrawing, rating;
and the case's attachments for whoever sees the case."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.auth.permissions import (
    can_act_as_complainant,
    can_file_complaint,
    can_handle_complaint,
    can_read_complaint,
    can_see_my_complaints,
    can_view_complaint,
    can_view_complaint_attachment,
    complainant_compound_ids,
    mediator_office_ids,
    requires,
)
from portal.columns import utcnow
from portal.extensions import db
from portal.forms import render_form
from portal.mediation import bp, services
from portal.mediation.forms import ComplaintForm, InformationForm, MessageForm, RateForm, WithdrawForm
from portal.mediation.models import Category, Complaint, ComplaintAttachment, ContactMethod, Respondent
from portal.mediation.views import LABELS, case_page
from portal.places.models import Compound, StreetOffice
from portal.unit_of_work import carry_out, refusal_shown_on, start_writing
from portal.uploads import send_upload


@bp.get("/")
@requires(can_see_my_complaints)
def index():
    """The person's complaints, and for mediators the stations they work at."""
    offices = [db.session.get(StreetOffice, i) for i in sorted(mediator_office_ids(current_user))]
    return render_template(
        "mediation/index.html",
        complaints=services.complaints_of(current_user),
        offices=offices,
        can_file=can_file_complaint(current_user),
        draft=services.draft_of(current_user),
        now=utcnow(),
        **LABELS,
    )


def _complainable_compounds() -> dict[int, Compound]:
    """The compounds the person may complain about, by id, in one query (with their community:
    filing reads its street office)."""
    ids = sorted(complainant_compound_ids(current_user))
    query = select(Compound).options(joinedload(Compound.community)).where(Compound.id.in_(ids))
    return {c.id: c for c in sorted(db.session.scalars(query), key=lambda c: c.id)}


def _form_from_draft() -> ComplaintForm:
    if request.method == "POST":
        return ComplaintForm()
    draft = services.draft_of(current_user)
    if draft is None:
        return ComplaintForm(data={"contact_phone": current_user.phone})
    data = dict(draft.data)
    data["mediation_consent"] = data.get("mediation_consent") not in ("", "False", "false")
    if data.get("compound", "").isdigit():
        data["compound"] = int(data["compound"])
    else:
        data.pop("compound", None)
    return ComplaintForm(data=data)


@bp.route("/new", methods=["GET", "POST"])
@requires(can_file_complaint)
def new():
    form = _form_from_draft()
    compounds = _complainable_compounds()
    form.compound.choices = [(i, c.name) for i, c in compounds.items()]
    if request.method == "POST" and request.form.get("save") == "draft":
        services.save_draft(current_user, request.form)
        flash(_("Your complaint is kept as a draft: finish it whenever you like."), "success")
        return redirect(url_for("mediation.new"))
    files = form.attachments.files()
    if form.validate_on_submit():
        if len(files) > form.attachments.most:
            form.attachments.errors = [_("At most %(n)d photos or PDFs.", n=form.attachments.most)]
        else:
            with refusal_shown_on(form, form.attachments):
                complaint = services.file_complaint(
                    current_user,
                    compounds[form.compound.data],  # a choice: checked by the form
                    category=Category(form.category.data),
                    respondent=Respondent(form.respondent.data),
                    respondent_detail=form.respondent_detail.data or "",
                    description=form.description.data,
                    contact_method=ContactMethod(form.contact_method.data),
                    contact_phone=form.contact_phone.data or "",
                    mediation_consent=form.mediation_consent.data,
                    files=files,
                )
                flash(_("Your complaint is filed as %(number)s.", number=complaint.number), "success")
                return redirect(url_for("mediation.complaint", complaint_id=complaint.id))
    if request.method == "POST":
        services.save_draft(current_user, request.form)  # what was typed survives a refusal
        if files:
            form.form_errors.append(_("Everything you typed is kept; please choose your photos again."))
    return render_form("mediation/new.html", form, **LABELS)


@bp.get("/complaints/<int:complaint_id>")
@requires(can_read_complaint, complaint=Complaint)
def complaint(complaint: Complaint):
    """The case: for the complainant, what is shared with them; for the station's staff,
    everything (each such view is audited)."""
    staff = can_handle_complaint(current_user, complaint)
    if staff:
        start_writing()
        services.record_view(complaint, current_user)
    if not staff and complaint.complainant_id != current_user.id:
        return render_template(
            "mediation/party.html", complaint=complaint, events=services.party_timeline(complaint), **LABELS
        )
    return case_page(complaint, staff=staff)


@bp.post("/complaints/<int:complaint_id>/withdraw")
@requires(can_act_as_complainant, complaint=Complaint)
def withdraw(complaint: Complaint):
    form = WithdrawForm()
    reason = form.reason.data or "" if form.validate() else ""
    carry_out(lambda: services.withdraw(complaint, current_user, reason), _("Your complaint is withdrawn."))
    return redirect(url_for("mediation.complaint", complaint_id=complaint.id))


@bp.post("/complaints/<int:complaint_id>/information")
@requires(can_act_as_complainant, complaint=Complaint)
def add_information(complaint: Complaint):
    form = InformationForm()
    if form.validate_on_submit():
        with refusal_shown_on(form, form.attachments):
            services.add_information(
                complaint, current_user, text=form.information.data or "", files=form.attachments.files()
            )
            flash(_("Your information is added to the case."), "success")
            return redirect(url_for("mediation.complaint", complaint_id=complaint.id))
    return case_page(complaint, staff=False, info_form=form, status=422)


@bp.post("/complaints/<int:complaint_id>/messages")
@requires(can_view_complaint, complaint=Complaint)
def post_message(complaint: Complaint):
    """A message between the complainant and the station; staff may write internal notes."""
    form = MessageForm()
    staff = can_handle_complaint(current_user, complaint)
    if form.validate_on_submit():
        internal = bool(form.internal.data) and staff
        with refusal_shown_on(form, form.text):
            services.post_message(complaint, current_user, form.text.data, internal=internal)
            flash(_("The note is kept.") if internal else _("Your message is sent."), "success")
            return redirect(url_for("mediation.complaint", complaint_id=complaint.id) + "#timeline")
    return case_page(complaint, staff=staff, message_form=form, status=422)


@bp.post("/complaints/<int:complaint_id>/rating")
@requires(can_act_as_complainant, complaint=Complaint)
def rate(complaint: Complaint):
    form = RateForm()
    if form.validate_on_submit():
        with refusal_shown_on(form, form.rating):
            services.rate(complaint, current_user, form.rating.data, form.comment.data or "")
            flash(_("Thank you for your rating."), "success")
            return redirect(url_for("mediation.complaint", complaint_id=complaint.id))
    return case_page(complaint, staff=False, rate_form=form, status=422)


@bp.get("/attachments/<int:attachment_id>")
@requires(can_view_complaint_attachment, attachment=ComplaintAttachment)
def attachment(attachment: ComplaintAttachment):
    """An attachment of a case; the station's staff opening it is audited like the case page."""
    if can_handle_complaint(current_user, attachment.complaint):
        start_writing()
        services.record_view(attachment.complaint, current_user, attachment=attachment)
    return send_upload(attachment.upload, inline=attachment.upload.is_image)
