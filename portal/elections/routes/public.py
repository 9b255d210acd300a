"""Election pages for owners and the public: the compound's elections, an election with its
candidate list and result, standing for election, the ballot and its receipt, the committee."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.assembly.labels import CHANNEL_LABELS
from portal.auth.permissions import (
    can_answer_election_objection,
    can_manage_election,
    can_object_to_election,
    can_record_filing,
    can_run_committee_meetings,
    can_run_elections,
    can_stand,
    can_view_candidate_photo,
    can_view_committee,
    can_view_election,
    can_view_elections,
    can_vote_in_election,
    requires,
)
from portal.elections import bp, services
from portal.elections.forms import NominationForm, RejectForm, ballot_form
from portal.elections.models import (
    POST_LABELS,
    STATUS_LABELS,
    Candidate,
    CommitteeTerm,
    Election,
    ElectionObjection,
    ElectionStatus,
)
from portal.elections.notices import OUTCOME_LABELS
from portal.elections.rules import allowed_seats
from portal.forms import EmptyForm, render_form
from portal.notices.services import notice_from
from portal.places.models import Compound
from portal.unit_of_work import carry_out, refusal_shown_on
from portal.uploads import send_upload


def page_context(election: Election) -> dict:
    """What every election page shows: its state and labels."""
    return {
        "election": election,
        "status": services.status_of(election),
        "status_labels": STATUS_LABELS,
        "outcome_labels": OUTCOME_LABELS,
        "listed": services.standing_candidates(election),
    }


@bp.get("/compounds/<int:compound_id>")
@requires(can_view_elections, compound=Compound)
def elections(compound: Compound):
    listed = services.elections_of(compound, with_drafts=can_run_elections(current_user, compound))
    return render_template(
        "elections/elections.html",
        compound=compound,
        elections=listed,
        statuses={e.id: services.status_of(e) for e in listed},
        status_labels=STATUS_LABELS,
        seats=allowed_seats(compound.roster_units),
    )


@bp.get("/<int:election_id>")
@requires(can_view_election, election=Election)
def election(election: Election):
    groups = services.voting_groups(current_user, election) if election.electorate else []
    counted = services.count(election) if election.electorate else None
    manages = can_manage_election(current_user, election)
    shown = counted is not None and counted.results_visible
    return render_template(
        "elections/election.html",
        count=counted,
        groups=groups,
        own=services.own_ballots(election, groups),
        **_election_forms(election, manages=manages, results_shown=shown),
        objections_close_at=services.objections_close_at(election),
        objections=services.objections_of(election),
        voided=services.voided_ballots_of(election) if manages else [],
        channel_labels=CHANNEL_LABELS,
        in_objection_period=services.in_objection_period(election),
        announcement=notice_from(f"election:{election.id}:final", f"election:{election.id}:preliminary"),
        **page_context(election),
    )


def _election_forms(election: Election, *, manages: bool, results_shown: bool) -> dict:
    """The forms of the election page's sections the reader is shown: the organisers' actions
    for those who manage the election (with the rejection of a nomination while nominations
    are open), the objections' forms with the result."""
    forms = {}
    if manages or results_shown:
        forms["action_form"] = EmptyForm()
    if manages and services.status_of(election) == ElectionStatus.NOMINATING:
        forms["reject_form"] = RejectForm()
    return forms


@bp.route("/<int:election_id>/stand", methods=["GET", "POST"])
@requires(can_stand, election=Election)
def stand(election: Election):
    """A verified owner nominates themself, with a statement and an optional photo."""
    form = NominationForm()
    del form.owner_key
    if form.validate_on_submit():
        with refusal_shown_on(form):
            services.nominate_self(
                election, current_user, statement=form.statement.data, photo=form.photo.data
            )
            flash(_("Your nomination is recorded."), "success")
            return redirect(url_for("elections.election", election_id=election.id))
    return render_form("elections/nominate.html", form, **page_context(election))


@bp.route("/<int:election_id>/vote", methods=["GET", "POST"])
@requires(can_vote_in_election, election=Election)
def vote(election: Election):
    """The ballot: approve up to `seats` candidates; approving none is a blank ballot."""
    form = ballot_form(election)
    if form.validate_on_submit():
        with refusal_shown_on(form):
            chosen = services.read_candidates(election, form.candidates.data or [])
            receipt = services.cast_online(election, current_user, chosen)
            flash(_("Your vote is recorded. Receipt code: %(code)s", code=receipt), "success")
            return redirect(url_for("elections.receipt", election_id=election.id, code=receipt))
    groups = services.voting_groups(current_user, election) if election.electorate else []
    changes = services.last_changes(election, services.own_ballots(election, groups))
    return render_form("elections/vote.html", form, groups=groups, changes=changes, **page_context(election))


@bp.get("/<int:election_id>/receipt")
@requires(can_vote_in_election, election=Election)
def receipt(election: Election):
    code = request.args.get("code", "")[:16]
    ballots = services.ballots_by_receipt(election, code) if code else []
    changes = []
    if code and election.electorate:
        own = {group.id for group in services.voting_groups(current_user, election)}
        changes = [c for c in services.changes_by_receipt(election, code) if c.ballot.group_id in own]
    return render_template(
        "elections/receipt.html", code=code, ballots=ballots, changes=changes, **page_context(election)
    )


@bp.get("/candidates/<int:candidate_id>/photo")
@requires(can_view_candidate_photo, candidate=Candidate)
def photo(candidate: Candidate):
    if candidate.photo is None:
        abort(404)
    return send_upload(candidate.photo, inline=True)


@bp.get("/committee/<int:compound_id>")
@requires(can_view_committee, compound=Compound)
def committee(compound: Compound):
    """The compound's committee: current members with posts and contact hours; past terms."""
    terms = services.terms_of(compound)
    current = services.running_term(terms)
    return render_template(
        "elections/committee.html",
        compound=compound,
        current=current,
        past=[t for t in terms if t is not current],
        **_committee_forms(compound, current),
        reminders=services.reminders(current) if current else [],
        has_chair=services.has_chair(current) if current else False,
        post_labels=POST_LABELS,
    )


def _committee_forms(compound: Compound, current: CommitteeTerm | None) -> dict:
    """The form of the current term's actions, for those who act on it: the committee's
    members (posts, cross-posts, leaving) and those who record the filing."""
    if current is None:
        return {}
    if can_run_committee_meetings(current_user, compound) or can_record_filing(current_user, current):
        return {"filing_form": EmptyForm()}
    return {}


@bp.post("/<int:election_id>/objections")
@requires(can_object_to_election, election=Election)
def object_to_result(election: Election):
    carry_out(
        lambda: services.file_objection(election, current_user, request.form.get("text", "")),
        _("Your objection is filed; the organisers will answer it."),
    )
    return redirect(url_for("elections.election", election_id=election.id) + "#objections")


@bp.post("/objections/<int:objection_id>/answer")
@requires(can_answer_election_objection, objection=ElectionObjection)
def answer_objection(objection: ElectionObjection):
    carry_out(
        lambda: services.answer_objection(objection, current_user, request.form.get("answer", "")),
        _("The answer is published."),
    )
    return redirect(url_for("elections.election", election_id=objection.election_id) + "#objections")
