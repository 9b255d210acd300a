"""Assembly pages: the meetings of a compound, the notice, voting on a phone, paper ballots,
and the printable announcement."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import tabular
from portal.assembly import attachments, bp, exports, services
from portal.assembly import establishment as establishing
from portal.assembly.forms import (
    CHANNEL_LABELS,
    CHOICE_LABELS,
    MATTER_LABELS,
    AnswerForm,
    AssemblySettingsForm,
    AttachmentForm,
    CancelForm,
    CorrectionForm,
    MeetingDraftForm,
    ObjectionForm,
    PaperFileForm,
    PreparatoryGroupForm,
    ballot_form,
    chosen,
    draft_form_data,
    to_utc,
)
from portal.assembly.models import (
    Attachment,
    Ballot,
    BallotChannel,
    BallotChoice,
    Meeting,
    MeetingForm,
    MeetingItem,
    MeetingKind,
    MeetingStatus,
    Objection,
)
from portal.assembly.paper_import import PaperBallotsInvalid, import_paper_ballots
from portal.assembly.rules import Matter
from portal.assembly.tally import tally
from portal.auth.permissions import (
    anyone,
    can_answer_objection,
    can_correct_ballot,
    can_form_preparatory_group,
    can_inspect_register,
    can_manage_item,
    can_manage_meeting,
    can_manage_meetings,
    can_object,
    can_sign_application,
    can_view_attachment,
    can_view_meeting,
    can_view_meetings,
    can_vote,
    requires,
)
from portal.errors import ConflictError, DomainError
from portal.extensions import db
from portal.forms import EmptyForm, carry_out, render_form
from portal.places.models import Compound


def _page_context(meeting: Meeting) -> dict:
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


@bp.route("/compounds/<int:compound_id>/new", methods=["GET", "POST"])
@requires(can_manage_meetings, compound=Compound)
def new_meeting(compound: Compound):
    form = MeetingDraftForm()
    if form.validate_on_submit():
        items = _item_drafts(form)
        try:
            meeting = services.create_meeting(
                compound,
                title=form.title.data,
                kind=MeetingKind(form.kind.data),
                form=MeetingForm(form.meeting_form.data),
                opens_at=to_utc(form.opens_at.data),
                closes_at=to_utc(form.closes_at.data),
                items=items,
                actor=current_user,
            )
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The draft meeting is saved. Check it, then publish the notice."), "success")
            return redirect(url_for("assembly.meeting", meeting_id=meeting.id))
    earliest = services.earliest_opening(compound)
    return render_form("assembly/new_meeting.html", form, compound=compound, earliest=earliest)


def _item_drafts(form: MeetingDraftForm) -> list[services.ItemDraft]:
    """The filled item slots of the meeting form (title and matter given)."""
    entries = [entry.form for entry in form.items]
    return [
        services.ItemDraft(entry.title.data or "", entry.description.data or "", Matter(entry.matter.data))
        for entry in entries
        if (entry.title.data or "").strip() and entry.matter.data
    ]


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@requires(can_manage_meeting, meeting=Meeting)
def edit_meeting(meeting: Meeting):
    if meeting.status != MeetingStatus.DRAFT:
        flash(_("Only a draft meeting can be changed; the published agenda is final."), "warning")
        return redirect(url_for("assembly.meeting", meeting_id=meeting.id))
    form = MeetingDraftForm() if request.method == "POST" else MeetingDraftForm(data=draft_form_data(meeting))
    if form.validate_on_submit():
        try:
            services.update_draft(
                meeting,
                title=form.title.data,
                kind=MeetingKind(form.kind.data),
                form=MeetingForm(form.meeting_form.data),
                opens_at=to_utc(form.opens_at.data),
                closes_at=to_utc(form.closes_at.data),
                items=_item_drafts(form),
                actor=current_user,
            )
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The draft meeting is saved. Check it, then publish the notice."), "success")
            return redirect(url_for("assembly.meeting", meeting_id=meeting.id))
    earliest = services.earliest_opening(meeting.compound)
    return render_form(
        "assembly/new_meeting.html", form, compound=meeting.compound, earliest=earliest, editing=True
    )


@bp.get("/meetings/<int:meeting_id>")
@requires(can_view_meeting, meeting=Meeting)
def meeting(meeting: Meeting):
    owners = services.meeting_owners_of(current_user, meeting) if meeting.total_owners else []
    return render_template(
        "assembly/meeting.html",
        tally=tally(meeting) if meeting.total_owners else None,
        owners=owners,
        action_form=EmptyForm(),
        cancel_form=CancelForm(),
        objections=services.objections_of(meeting),
        objection_form=ObjectionForm(),
        attachment_form=AttachmentForm(),
        answer_form=AnswerForm(),
        **_page_context(meeting),
    )


def _act(meeting: Meeting, action, success: str):
    if not EmptyForm().validate_on_submit():
        abort(400)
    carry_out(action, success)
    return redirect(url_for("assembly.meeting", meeting_id=meeting.id))


@bp.post("/meetings/<int:meeting_id>/publish")
@requires(can_manage_meeting, meeting=Meeting)
def publish(meeting: Meeting):
    return _act(
        meeting,
        lambda: services.publish(meeting, actor=current_user),
        _("The notice is published and the roster is frozen."),
    )


@bp.post("/meetings/<int:meeting_id>/finalise")
@requires(can_manage_meeting, meeting=Meeting)
def finalise(meeting: Meeting):
    return _act(
        meeting,
        lambda: services.finalise(meeting, actor=current_user),
        _("The final announcement is published."),
    )


@bp.post("/meetings/<int:meeting_id>/cancel")
@requires(can_manage_meeting, meeting=Meeting)
def cancel(meeting: Meeting):
    form = CancelForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for cancelling the meeting."), "danger")
    else:
        carry_out(
            lambda: services.cancel(meeting, form.reason.data, actor=current_user),
            _("The meeting is cancelled."),
            "info",
        )
    return redirect(url_for("assembly.meeting", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/vote", methods=["GET", "POST"])
@requires(can_vote, meeting=Meeting)
def vote(meeting: Meeting):
    form = ballot_form(meeting.items, paper=False)
    if form.validate_on_submit():
        try:
            receipt = services.cast_online(meeting, current_user, chosen(form, meeting.items))
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Your vote is recorded. Receipt code: %(code)s", code=receipt), "success")
            return redirect(url_for("assembly.receipt", meeting_id=meeting.id, code=receipt))
    owners = services.meeting_owners_of(current_user, meeting)
    return render_form(
        "assembly/vote.html",
        form,
        owners=owners,
        ballots=services.ballots_of(meeting, owners),
        **_page_context(meeting),
    )


@bp.get("/meetings/<int:meeting_id>/receipt")
@requires(can_vote, meeting=Meeting)
def receipt(meeting: Meeting):
    code = request.args.get("code", "")[:16]
    ballots = services.ballots_by_receipt(meeting, code) if code else []
    own_keys = {owner.owner_key for owner in services.meeting_owners_of(current_user, meeting)}
    ballots = [b for b in ballots if b.owner.owner_key in own_keys]  # only one's own groups
    return render_template("assembly/receipt.html", code=code, ballots=ballots, **_page_context(meeting))


@bp.route("/meetings/<int:meeting_id>/paper", methods=["GET", "POST"])
@requires(can_manage_meeting, meeting=Meeting)
def paper(meeting: Meeting):
    form = ballot_form(meeting.items, paper=True)
    if form.validate_on_submit():
        channel = BallotChannel(form.channel.data)
        try:
            services.enter_ballot(
                meeting,
                owner_key=form.owner_key.data.strip(),
                channel=channel,
                proxy_name=form.proxy_name.data or "",
                authorisation=form.authorisation.data if channel == BallotChannel.PROXY else None,
                choices=chosen(form, meeting.items),
                actor=current_user,
            )
        except ConflictError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
            page = render_form(
                "assembly/paper.html", form, file_form=PaperFileForm(), **_page_context(meeting)
            )[0]
            return page, 409
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The ballot of %(key)s is entered.", key=form.owner_key.data.strip()), "success")
            return redirect(url_for("assembly.paper", meeting_id=meeting.id))
    return render_form("assembly/paper.html", form, file_form=PaperFileForm(), **_page_context(meeting))


@bp.get("/meetings/<int:meeting_id>/announcement")
@requires(can_view_meeting, meeting=Meeting)
def announcement(meeting: Meeting):
    if services.status_of(meeting) not in (MeetingStatus.COUNTED, MeetingStatus.FINAL):
        abort(404)
    return render_template(
        "assembly/announcement.html",
        tally=tally(meeting),
        counted_by=services.counted_by(meeting),
        **_page_context(meeting),
    )


# --- after the vote ------------------------------------------------------------------------------


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


@bp.post("/objections/<int:objection_id>/answer")
@requires(can_answer_objection, objection=Objection)
def answer(objection: Objection):
    form = AnswerForm()
    if not form.validate_on_submit():
        flash(_("Write the answer (at most %(n)d characters).", n=services.MAX_TEXT), "danger")
    else:
        carry_out(
            lambda: services.answer_objection(objection, current_user, form.answer.data),
            _("The answer is published."),
        )
    return redirect(url_for("assembly.meeting", meeting_id=objection.meeting_id) + "#objections")


@bp.get("/meetings/<int:meeting_id>/register")
@requires(can_inspect_register, meeting=Meeting)
def register(meeting: Meeting):
    manages = can_manage_meeting(current_user, meeting)
    if not manages:
        services.log_inspection(meeting, current_user, "register page")
        db.session.commit()
    return render_template(
        "assembly/register.html",
        ballots=services.register_of(meeting),
        correction_form=CorrectionForm(),
        manages=manages,
        **_page_context(meeting),
    )


@bp.post("/ballots/<int:ballot_id>/correct")
@requires(can_correct_ballot, ballot=Ballot)
def correct(ballot: Ballot):
    form = CorrectionForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for the correction."), "danger")
    else:
        carry_out(
            lambda: services.correct_ballot(
                ballot, current_user, BallotChoice(form.choice.data), form.reason.data
            ),
            _("The ballot is corrected and the result recomputed."),
        )
    return redirect(url_for("assembly.register", meeting_id=ballot.meeting_id))


EXPORT_TYPES = tabular.CONTENT_TYPES


@bp.get("/meetings/<int:meeting_id>/register.<fmt>")
@requires(can_inspect_register, meeting=Meeting)
def register_export(meeting: Meeting, fmt: str):
    if fmt not in EXPORT_TYPES:
        abort(404)
    if not can_manage_meeting(current_user, meeting):
        services.log_inspection(meeting, current_user, f"register {fmt}")
        db.session.commit()
    rows = exports.register_rows(services.register_of(meeting))
    return tabular.download(rows, fmt, f"register-{meeting.id}")


@bp.get("/meetings/<int:meeting_id>/tally.<fmt>")
@requires(can_view_meeting, meeting=Meeting)
def tally_export(meeting: Meeting, fmt: str):
    result = tally(meeting)
    if fmt not in EXPORT_TYPES or not result.results_visible:
        abort(404)
    return tabular.download(exports.tally_rows(result), fmt, f"tally-{meeting.id}")


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


def _back_to_establishment(compound: Compound):
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
    return _back_to_establishment(compound)


@bp.post("/compounds/<int:compound_id>/establishment/group")
@requires(can_form_preparatory_group, compound=Compound)
def form_group(compound: Compound):
    form = PreparatoryGroupForm()
    if not form.validate_on_submit():
        flash(_("List the members' mobile numbers, one per line."), "danger")
        return _back_to_establishment(compound)
    phones = [line.strip() for line in form.phones.data.splitlines() if line.strip()]
    members, missing = establishing.find_members(phones)
    if missing:
        flash(_("No account has these numbers: %(phones)s", phones="、".join(missing)), "danger")
        return _back_to_establishment(compound)
    carry_out(
        lambda: establishing.form_preparatory_group(compound, members, actor=current_user),
        _("The preparatory group is formed; its members can now run the first meeting."),
    )
    return _back_to_establishment(compound)


@bp.post("/compounds/<int:compound_id>/establishment/roster")
@requires(can_manage_meetings, compound=Compound)
def publish_roster(compound: Compound):
    if not EmptyForm().validate_on_submit():
        abort(400)
    carry_out(
        lambda: establishing.publish_roster(compound, actor=current_user),
        _("The confirmed roster is published."),
    )
    return _back_to_establishment(compound)


@bp.post("/meetings/<int:meeting_id>/paper/upload")
@requires(can_manage_meeting, meeting=Meeting)
def paper_upload(meeting: Meeting):
    form = PaperFileForm()
    errors = []
    if form.validate_on_submit():
        try:
            count = import_paper_ballots(meeting, form.file.data.read(), actor=current_user)
        except PaperBallotsInvalid as invalid:
            db.session.rollback()
            flash(invalid.message, "danger")
            errors = invalid.errors
        except DomainError as error:
            db.session.rollback()
            form.file.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("%(n)d paper ballots are entered.", n=count), "success")
            return redirect(url_for("assembly.paper", meeting_id=meeting.id))
    page, status = render_form(
        "assembly/paper.html",
        ballot_form(meeting.items, paper=True),
        file_form=form,
        file_errors=errors,
        **_page_context(meeting),
    )
    return page, 422 if errors or form.errors else status


@bp.post("/items/<int:item_id>/attachments")
@requires(can_manage_item, item=MeetingItem)
def attach(item: MeetingItem):
    form = AttachmentForm()
    if not form.validate_on_submit():
        flash(_("Choose a file."), "danger")
    else:
        carry_out(
            lambda: attachments.attach_to_item(item, form.file.data, actor=current_user),
            _("The document is attached to item %(n)d.", n=item.number),
        )
    return redirect(url_for("assembly.meeting", meeting_id=item.meeting_id))


@bp.get("/attachments/<int:attachment_id>")
@requires(can_view_attachment, attachment=Attachment)
def attachment(attachment: Attachment):
    return send_file(
        attachments.path_of(attachment),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.original_name,
    )


@bp.post("/compounds/<int:compound_id>/settings")
@requires(can_manage_meetings, compound=Compound)
def change_settings(compound: Compound):
    form = AssemblySettingsForm()
    if not form.validate_on_submit():
        flash(_("The notice period is 15 to 60 days and the objection period 1 to 30 days."), "danger")
        return _back_to_establishment(compound)
    establishing.change_settings(
        compound,
        notice_days=form.notice_days.data,
        objection_days=form.objection_days.data,
        actor=current_user,
    )
    db.session.commit()
    flash(_("The assembly's settings are saved."), "success")
    return _back_to_establishment(compound)
