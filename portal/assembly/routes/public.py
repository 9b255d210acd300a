"""Assembly pages for owners and the public: meetings, the notice, voting on a phone, receipts,
objections, the announcement, the register and exports, and the establishment page."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import tabular
from portal.assembly import attachments, bp, exports, services
from portal.assembly import establishment as establishing
from portal.assembly.forms import (
    AnswerForm,
    AssemblySettingsForm,
    AttachmentForm,
    CancelForm,
    CorrectionForm,
    ObjectionForm,
    PreparatoryGroupForm,
    ballot_form,
)
from portal.assembly.labels import CHANNEL_LABELS, CHOICE_LABELS, MATTER_LABELS
from portal.assembly.models import Attachment, Meeting, MeetingStatus
from portal.assembly.tally import tally
from portal.auth.permissions import (
    anyone,
    can_inspect_register,
    can_manage_meeting,
    can_manage_meetings,
    can_object,
    can_sign_application,
    can_view_attachment,
    can_view_meeting,
    can_view_meetings,
    can_vote,
    requires,
    signed_in,
)
from portal.forms import EmptyForm, render_form
from portal.places.models import Compound
from portal.receipts import receipts_for
from portal.unit_of_work import carry_out, refusal_shown_on, start_writing
from portal.uploads import send_upload


def page_context(meeting: Meeting) -> dict:
    """What every meeting page shows: the state, labels, periods and the item documents."""
    return {
        "meeting": meeting,
        "status": services.status_of(meeting),
        "matter_labels": MATTER_LABELS,
        "choice_labels": CHOICE_LABELS,
        "channel_labels": CHANNEL_LABELS,
        "objections_close_at": services.objections_close_at(meeting),
        "in_objection_period": services.in_objection_period(meeting),
        "documents": attachments.attachments_of(meeting),
    }


@bp.get("/compounds/<int:compound_id>")
@requires(can_view_meetings, compound=Compound)
def meetings(compound: Compound):
    listed = services.meetings_of(compound, with_drafts=can_manage_meetings(current_user, compound))
    statuses = {meeting.id: services.status_of(meeting) for meeting in listed}
    return render_template("assembly/meetings.html", compound=compound, meetings=listed, statuses=statuses)


@bp.get("/meetings/<int:meeting_id>")
@requires(can_view_meeting, meeting=Meeting)
def meeting(meeting: Meeting):
    frozen = meeting.electorate_id is not None
    owners, ballots = services.groups_with_ballots(meeting, current_user)
    counted = tally(meeting) if frozen else None
    return render_template(
        "assembly/meeting.html",
        tally=counted,
        owners=owners,
        own=services.own_vote(meeting, current_user, owners, ballots) if owners else None,
        objections=services.objections_of(meeting),
        **_meeting_forms(meeting, results_shown=counted is not None and counted.results_visible),
        **page_context(meeting),
    )


def _meeting_forms(meeting: Meeting, *, results_shown: bool) -> dict:
    """The forms of the meeting page's sections the reader is shown: the committee's actions
    (and the item documents' upload) for its managers, the objections with the results."""
    forms = {}
    if can_manage_meeting(current_user, meeting):
        forms |= {
            "action_form": EmptyForm(),
            "cancel_form": CancelForm(),
            "attachment_form": AttachmentForm(),
        }
    if results_shown:
        forms |= {"objection_form": ObjectionForm(), "answer_form": AnswerForm()}
    return forms


@bp.route("/meetings/<int:meeting_id>/vote", methods=["GET", "POST"])
@requires(can_vote, meeting=Meeting)
def vote(meeting: Meeting):
    """The ballot. The review step's confirmation POSTs here and casts the vote (checked like
    any vote); its "change" button POSTs here too and gets the ballot back as filled in."""
    form = ballot_form(meeting.items, paper=False)
    if "change" not in request.form and form.validate_on_submit():
        with refusal_shown_on(form):
            receipt = services.cast_online(
                meeting, current_user, services.read_choices(meeting, form.choices())
            )
            flash(_("Your vote is recorded. Receipt code: %(code)s", code=receipt), "success")
            return redirect(url_for("assembly.receipt", meeting_id=meeting.id, code=receipt))
    return _ballot_page(meeting, form)


@bp.post("/meetings/<int:meeting_id>/vote/review")
@requires(can_vote, meeting=Meeting)
def review_vote(meeting: Meeting):
    """The review step: the choices made, checked as casting them would be, shown for
    confirmation. Nothing is recorded here."""
    form = ballot_form(meeting.items, paper=False)
    if form.validate_on_submit():
        with refusal_shown_on(form):
            choices = services.read_choices(meeting, form.choices())
            groups, chosen = services.check_online(meeting, current_user, choices)
            return render_template(
                "assembly/vote_review.html",
                form=form,
                chosen={item.id: choice for item, choice in chosen},
                owners=groups,
                own=services.own_vote(meeting, current_user, groups),
                **page_context(meeting),
            )
    return _ballot_page(meeting, form)


def _ballot_page(meeting: Meeting, form):
    groups, ballots = services.groups_with_ballots(meeting, current_user)
    return render_form(
        "assembly/vote.html",
        form,
        owners=groups,
        ballots=ballots,
        changes=services.last_changes(meeting, list(ballots.values())),
        **page_context(meeting),
    )


@bp.get("/receipts")
@requires(signed_in)
def my_receipts():
    """Every receipt of the person's online votes, with its meeting, time and choices; and
    their receipts from other capabilities (committee elections), through `portal.receipts`."""
    return render_template(
        "assembly/receipts.html",
        receipts=services.receipts_of(current_user),
        other_receipts=receipts_for(current_user),
        changes=services.changes_of(current_user),
        choice_labels=CHOICE_LABELS,
    )


@bp.get("/meetings/<int:meeting_id>/receipt")
@requires(can_vote, meeting=Meeting)
def receipt(meeting: Meeting):
    code = request.args.get("code", "")[:16]
    ballots = services.ballots_by_receipt(meeting, code) if code else []
    own = {group.id for group in services.voting_groups(current_user, meeting)}
    ballots = [b for b in ballots if b.group_id in own]  # only one's own groups
    changes = services.changes_by_receipt(meeting, code) if code else []
    changes = [c for c in changes if c.ballot.group_id in own]
    return render_template(
        "assembly/receipt.html", code=code, ballots=ballots, changes=changes, **page_context(meeting)
    )


@bp.get("/meetings/<int:meeting_id>/announcement")
@requires(can_view_meeting, meeting=Meeting)
def announcement(meeting: Meeting):
    if services.status_of(meeting) not in (MeetingStatus.COUNTED, MeetingStatus.FINAL):
        abort(404)
    return render_template(
        "assembly/announcement.html",
        tally=tally(meeting),
        counted_by=services.counted_by(meeting),
        **page_context(meeting),
    )


@bp.post("/meetings/<int:meeting_id>/objections")
@requires(can_object, meeting=Meeting)
def object_to_result(meeting: Meeting):
    form = ObjectionForm()
    if not form.validate_on_submit():
        flash(_("Write your objection (at most %(n)d characters).", n=services.MAX_TEXT), "danger")
    else:
        carry_out(
            lambda: services.file_objection(meeting, current_user, form.text.data),
            _("Your objection is filed; the committee will answer it."),
        )
    return redirect(url_for("assembly.meeting", meeting_id=meeting.id) + "#objections")


@bp.get("/meetings/<int:meeting_id>/register")
@requires(can_inspect_register, meeting=Meeting)
def register(meeting: Meeting):
    manages = can_manage_meeting(current_user, meeting)
    if not manages:
        start_writing()
        services.log_inspection(meeting, current_user, "register page")
    return render_template(
        "assembly/register.html",
        ballots=services.register_of(meeting),
        correction_form=CorrectionForm(),
        manages=manages,
        **page_context(meeting),
    )


@bp.get("/meetings/<int:meeting_id>/register.<fmt>")
@requires(can_inspect_register, meeting=Meeting)
def register_export(meeting: Meeting, fmt: str):
    if fmt not in tabular.CONTENT_TYPES:
        abort(404)
    if not can_manage_meeting(current_user, meeting):
        start_writing()
        services.log_inspection(meeting, current_user, f"register {fmt}")
    return tabular.download(
        exports.register_rows(services.register_of(meeting)), fmt, f"register-{meeting.id}"
    )


@bp.get("/meetings/<int:meeting_id>/tally.<fmt>")
@requires(can_view_meeting, meeting=Meeting)
def tally_export(meeting: Meeting, fmt: str):
    result = tally(meeting)
    if not result.results_visible:
        abort(404)
    return tabular.download(exports.tally_rows(result), fmt, f"tally-{meeting.id}")


@bp.get("/attachments/<int:attachment_id>")
@requires(can_view_attachment, attachment=Attachment)
def attachment(attachment: Attachment):
    return send_upload(attachment.upload)


# --- establishing the assembly ------------------------------------------------------------------


@bp.get("/compounds/<int:compound_id>/establishment")
@requires(anyone, compound=Compound)
def establishment(compound: Compound):
    assembly = services.settings_of(compound)
    return render_template(
        "assembly/establishment.html",
        compound=compound,
        assembly=assembly,
        share=establishing.application_share(compound),
        deadline=establishing.group_deadline(assembly),
        signed=current_user.is_authenticated
        and any(signature.user_id == current_user.id for signature in assembly.signatures),
        action_form=EmptyForm(),
        group_form=PreparatoryGroupForm(),
        settings_form=AssemblySettingsForm(obj=assembly),
    )


def back_to_establishment(compound: Compound):
    return redirect(url_for("assembly.establishment", compound_id=compound.id))


@bp.post("/compounds/<int:compound_id>/establishment/sign")
@requires(can_sign_application, compound=Compound)
def sign_application(compound: Compound):
    if not EmptyForm().validate_on_submit():
        abort(400)
    carry_out(
        lambda: establishing.sign_application(compound, current_user),
        _("Thank you: your signature is on the application."),
    )
    return back_to_establishment(compound)
