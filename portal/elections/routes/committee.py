"""The committee's year: its meetings and joint meetings (agenda, attendance, minutes,
decisions), and the term's posts and changes of members."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.permissions import (
    can_manage_committee_meeting,
    can_manage_member,
    can_manage_term,
    can_run_committee_meetings,
    can_view_committee_meeting,
    can_view_elections,
    requires,
)
from portal.elections import bp, services
from portal.elections.forms import CommitteeMeetingForm, DecisionForm, LeaveForm, MinutesForm
from portal.elections.models import (
    ATTENDANCE_LABELS,
    BODY_LABELS,
    MEETING_KIND_LABELS,
    Attendance,
    Body,
    CommitteeMeeting,
    CommitteeMeetingKind,
    CommitteeTerm,
    TermMember,
)
from portal.elections.services import committee_meetings as meetings
from portal.errors import DomainError
from portal.forms import EmptyForm, render_form, to_utc
from portal.places.models import Compound
from portal.unit_of_work import carry_out, refusal_shown_on


@bp.get("/committee/<int:compound_id>/meetings")
@requires(can_view_elections, compound=Compound)
def committee_meetings(compound: Compound):
    listed = meetings.meetings_of(compound, with_drafts=can_run_committee_meetings(current_user, compound))
    return render_template(
        "elections/committee_meetings.html",
        compound=compound,
        meetings=listed,
        kind_labels=MEETING_KIND_LABELS,
    )


@bp.route("/committee/<int:compound_id>/meetings/new", methods=["GET", "POST"])
@requires(can_run_committee_meetings, compound=Compound)
def new_committee_meeting(compound: Compound):
    form = CommitteeMeetingForm()
    term = services.current_term(compound)
    if form.validate_on_submit():
        with refusal_shown_on(form):
            if term is None:
                raise DomainError(_("No committee term is running."))
            guests = [
                meetings.Guest(Body(body), getattr(form, body).data or "")
                for body in ("party", "residents_committee", "property", "other")
            ]
            meeting = meetings.schedule(
                term,
                kind=CommitteeMeetingKind(form.kind.data),
                title=form.title.data,
                held_at=to_utc(form.held_at.data),
                place=form.place.data,
                agenda=form.agenda.data,
                guests=guests,
                actor=current_user,
            )
            flash(_("The meeting is scheduled."), "success")
            return redirect(url_for("elections.committee_meeting", meeting_id=meeting.id))
    return render_form("elections/new_committee_meeting.html", form, compound=compound)


@bp.get("/meetings/<int:meeting_id>")
@requires(can_view_committee_meeting, meeting=CommitteeMeeting)
def committee_meeting(meeting: CommitteeMeeting):
    return render_template(
        "elections/committee_meeting.html",
        meeting=meeting,
        kind_labels=MEETING_KIND_LABELS,
        body_labels=BODY_LABELS,
        attendance_labels=ATTENDANCE_LABELS,
        attendance={a.member_id: a.status for a in meeting.attendance},
        sitting=meetings.sitting_members(meeting.term),
        present=meetings.present_count(meeting),
        action_form=EmptyForm(),
        minutes_form=MinutesForm(data={"minutes": meeting.minutes}),
        decision_form=DecisionForm(),
    )


def _back(meeting: CommitteeMeeting):
    return redirect(url_for("elections.committee_meeting", meeting_id=meeting.id))


@bp.post("/meetings/<int:meeting_id>/attendance")
@requires(can_manage_committee_meeting, meeting=CommitteeMeeting)
def record_attendance(meeting: CommitteeMeeting):
    def record():
        statuses = {}
        for member in meetings.sitting_members(meeting.term):
            value = request.form.get(f"member_{member.id}", "")
            if value:
                try:
                    statuses[member.id] = Attendance(value)
                except ValueError:
                    raise DomainError(_("Choose present, absent or on leave.")) from None
        meetings.record_attendance(meeting, statuses, actor=current_user)

    carry_out(record, _("The attendance is recorded."))
    return _back(meeting)


@bp.post("/meetings/<int:meeting_id>/minutes")
@requires(can_manage_committee_meeting, meeting=CommitteeMeeting)
def write_minutes(meeting: CommitteeMeeting):
    form = MinutesForm()
    carry_out(
        lambda: meetings.write_minutes(meeting, form.minutes.data or "", actor=current_user),
        _("The minutes are saved."),
    )
    return _back(meeting)


@bp.post("/meetings/<int:meeting_id>/decisions")
@requires(can_manage_committee_meeting, meeting=CommitteeMeeting)
def add_decision(meeting: CommitteeMeeting):
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(_("Write the decision and its votes."), "danger")
        return _back(meeting)

    def record():
        decision = meetings.add_decision(
            meeting,
            form.text.data,
            votes_for=form.votes_for.data or 0,
            votes_against=form.votes_against.data or 0,
            abstentions=form.abstentions.data or 0,
            actor=current_user,
        )
        if not decision.adopted:
            flash(
                _("Not adopted: a decision needs more than half of all %(n)d members.", n=decision.members),
                "warning",
            )

    carry_out(record, _("The decision is recorded."))
    return _back(meeting)


@bp.post("/meetings/<int:meeting_id>/publish")
@requires(can_manage_committee_meeting, meeting=CommitteeMeeting)
def publish_minutes(meeting: CommitteeMeeting):
    carry_out(
        lambda: meetings.publish_minutes(meeting, actor=current_user),
        _("The minutes are published and the decisions posted on the notice board."),
    )
    return _back(meeting)


def _to_committee(term: CommitteeTerm):
    return redirect(url_for("elections.committee", compound_id=term.compound_id))


@bp.post("/terms/<int:term_id>/posts")
@requires(can_manage_term, term=CommitteeTerm)
def assign_posts(term: CommitteeTerm):
    def assign():
        try:
            chair = int(request.form.get("chair", ""))
            vice = request.form.get("vice_chair", "")
            vice_chair = int(vice) if vice else None
        except ValueError:
            raise DomainError(_("Choose the chair and the vice chair among the sitting members.")) from None
        services.assign_posts(term, chair_id=chair, vice_chair_id=vice_chair, actor=current_user)

    carry_out(assign, _("The chair and vice chair are recorded."))
    return _to_committee(term)


@bp.post("/members/<int:member_id>/leave")
@requires(can_manage_member, member=TermMember)
def member_leaves(member: TermMember):
    form = LeaveForm()
    carry_out(
        lambda: services.member_leaves(member, form.basis.data or "", actor=current_user),
        _("The change is recorded and posted on the notice board."),
    )
    return _to_committee(member.term)


@bp.post("/members/<int:member_id>/cross-post")
@requires(can_manage_member, member=TermMember)
def cross_post(member: TermMember):
    carry_out(
        lambda: services.mark_cross_post(member, request.form.get("post", ""), actor=current_user),
        _("The cross-post is recorded."),
    )
    return _to_committee(member.term)
