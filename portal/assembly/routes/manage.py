"""Assembly pages for the committee (or preparatory group) and community staff: drafting and
publishing meetings, paper and proxy ballots, answers, corrections, documents, settings, and
the steps of establishing the assembly."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.assembly import attachments, bp, services
from portal.assembly import establishment as establishing
from portal.assembly.forms import (
    ITEM_SLOTS,
    MAX_ITEMS,
    AnswerForm,
    AssemblySettingsForm,
    AttachmentForm,
    CancelForm,
    CorrectionForm,
    MeetingDraftForm,
    PaperFileForm,
    PreparatoryGroupForm,
    VoidForm,
    ballot_form,
    draft_form_data,
    item_drafts,
    to_utc,
)
from portal.assembly.models import (
    Ballot,
    BallotChannel,
    BallotChoice,
    Meeting,
    MeetingForm,
    MeetingItem,
    MeetingKind,
    Objection,
)
from portal.assembly.paper_import import import_paper_ballots
from portal.assembly.routes.public import back_to_establishment, page_context
from portal.auth.permissions import (
    can_answer_objection,
    can_correct_ballot,
    can_form_preparatory_group,
    can_manage_item,
    can_manage_meeting,
    can_manage_meetings,
    requires,
)
from portal.forms import EmptyForm, render_form
from portal.places.models import Compound
from portal.unit_of_work import carry_out, refusal_shown_on

DRAFT_SAVED = "The draft meeting is saved. Check it, then publish the notice."


def _draft_fields(form: MeetingDraftForm) -> dict:
    return {
        "title": form.title.data,
        "kind": MeetingKind(form.kind.data),
        "form": MeetingForm(form.meeting_form.data),
        "opens_at": to_utc(form.opens_at.data),
        "closes_at": to_utc(form.closes_at.data),
        "items": item_drafts(form),
        "actor": current_user,
    }


@bp.route("/compounds/<int:compound_id>/new", methods=["GET", "POST"])
@requires(can_manage_meetings, compound=Compound)
def new_meeting(compound: Compound):
    form = MeetingDraftForm(data={"items": [{}] * ITEM_SLOTS} if request.method == "GET" else None)
    if not form.rearranged() and form.validate_on_submit():
        with refusal_shown_on(form):
            meeting = services.create_meeting(compound, **_draft_fields(form))
            flash(_(DRAFT_SAVED), "success")
            return redirect(url_for("assembly.meeting", meeting_id=meeting.id))
    earliest = services.earliest_opening(compound)
    return render_form(
        "assembly/new_meeting.html", form, compound=compound, earliest=earliest, max_items=MAX_ITEMS
    )


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@requires(can_manage_meeting, meeting=Meeting)
def edit_meeting(meeting: Meeting):
    if not meeting.can("publish"):
        flash(_("Only a draft meeting can be changed; the published agenda is final."), "warning")
        return redirect(url_for("assembly.meeting", meeting_id=meeting.id))
    form = MeetingDraftForm() if request.method == "POST" else MeetingDraftForm(data=draft_form_data(meeting))
    if not form.rearranged() and form.validate_on_submit():
        with refusal_shown_on(form):
            services.update_draft(meeting, **_draft_fields(form))
            flash(_(DRAFT_SAVED), "success")
            return redirect(url_for("assembly.meeting", meeting_id=meeting.id))
    earliest = services.earliest_opening(meeting.compound)
    return render_form(
        "assembly/new_meeting.html",
        form,
        compound=meeting.compound,
        earliest=earliest,
        editing=True,
        max_items=MAX_ITEMS,
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


@bp.route("/meetings/<int:meeting_id>/paper", methods=["GET", "POST"])
@requires(can_manage_meeting, meeting=Meeting)
def paper(meeting: Meeting):
    form = ballot_form(meeting.items, paper=True)
    if form.validate_on_submit():
        channel = BallotChannel(form.channel.data)
        with refusal_shown_on(form):
            services.enter_ballot(
                meeting,
                owner_key=form.owner_key.data.strip(),
                channel=channel,
                proxy_name=form.proxy_name.data or "",
                authorisation=form.authorisation.data if channel == BallotChannel.PROXY else None,
                choices=services.read_choices(meeting, form.choices(), paper=True),
                spoilt=form.invalid.data,
                collected_on=form.collected_on.data,
                actor=current_user,
            )
            flash(_("The ballot of %(key)s is entered.", key=form.owner_key.data.strip()), "success")
            return redirect(url_for("assembly.paper", meeting_id=meeting.id))
    return render_form(
        "assembly/paper.html",
        form,
        file_form=PaperFileForm(),
        blank_rule=_blank_rule(meeting),
        **page_context(meeting),
    )


def _blank_rule(meeting: Meeting) -> str:
    if meeting.blank_counts_as_abstain:
        return _("By this compound's rules of procedure they count as abstaining.")
    return _("By this compound's rules of procedure they do not count as taking part.")


@bp.post("/meetings/<int:meeting_id>/paper/upload")
@requires(can_manage_meeting, meeting=Meeting)
def paper_upload(meeting: Meeting):
    form = PaperFileForm()
    if form.validate_on_submit():
        with refusal_shown_on(form, form.file):
            count = import_paper_ballots(
                meeting, form.file.data.read(), actor=current_user, collected_on=form.collected_on.data
            )
            flash(_("%(n)d paper ballots are entered.", n=count), "success")
            return redirect(url_for("assembly.paper", meeting_id=meeting.id))
    page, _status = render_form(
        "assembly/paper.html",
        ballot_form(meeting.items, paper=True),
        file_form=form,
        file_errors=getattr(getattr(form, "refusal", None), "errors", []),
        blank_rule=_blank_rule(meeting),
        **page_context(meeting),
    )
    return page, 422


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


@bp.post("/ballots/<int:ballot_id>/void")
@requires(can_correct_ballot, ballot=Ballot)
def void(ballot: Ballot):
    form = VoidForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for voiding the ballot."), "danger")
    else:
        carry_out(
            lambda: services.void_sheet(ballot, current_user, form.reason.data),
            _("The ballot of %(units)s is voided and no longer counts.", units=ballot.owner.units),
        )
    return redirect(url_for("assembly.register", meeting_id=ballot.meeting_id))


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


@bp.post("/compounds/<int:compound_id>/settings")
@requires(can_manage_meetings, compound=Compound)
def change_settings(compound: Compound):
    form = AssemblySettingsForm()
    if not form.validate_on_submit():
        flash(
            _(
                "The notice period is 15 to 60 days, the objection period 1 to 30 days"
                " and the days for paper ballots 0 to 7."
            ),
            "danger",
        )
    else:
        carry_out(
            lambda: establishing.change_settings(
                compound,
                notice_days=form.notice_days.data,
                objection_days=form.objection_days.data,
                paper_days=form.paper_days.data,
                blank_counts_as_abstain=form.blank_counts_as_abstain.data,
                actor=current_user,
            ),
            _("The assembly's settings are saved."),
        )
    return back_to_establishment(compound)


@bp.post("/compounds/<int:compound_id>/establishment/group")
@requires(can_form_preparatory_group, compound=Compound)
def form_group(compound: Compound):
    form = PreparatoryGroupForm()
    if not form.validate_on_submit():
        flash(_("List the members' mobile numbers, one per line."), "danger")
        return back_to_establishment(compound)
    phones = [line.strip() for line in form.phones.data.splitlines() if line.strip()]
    members, missing = establishing.find_members(phones)
    if missing:
        flash(_("No account has these numbers: %(phones)s", phones="、".join(missing)), "danger")
        return back_to_establishment(compound)
    carry_out(
        lambda: establishing.form_preparatory_group(compound, members, actor=current_user),
        _("The preparatory group is formed; its members can now run the first meeting."),
    )
    return back_to_establishment(compound)


@bp.post("/compounds/<int:compound_id>/establishment/roster")
@requires(can_manage_meetings, compound=Compound)
def publish_roster(compound: Compound):
    if not EmptyForm().validate_on_submit():
        abort(400)
    carry_out(
        lambda: establishing.publish_roster(compound, actor=current_user),
        _("The confirmed roster is published."),
    )
    return back_to_establishment(compound)
