"""Election pages for those who run it (the committee, the preparatory group, or staff when
the committee cannot act): settings, nominations, the list, paper ballots and the final
announcement; and the filing of a term by the community's staff."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.assembly.models import BallotChannel
from portal.auth.permissions import (
    can_manage_candidate,
    can_manage_election,
    can_record_filing,
    can_run_elections,
    requires,
)
from portal.elections import bp, services
from portal.elections.forms import ElectionForm, NominationForm, PaperFileForm, RejectForm, ballot_form
from portal.elections.models import Candidate, CommitteeTerm, Election
from portal.elections.paper_import import import_ballots
from portal.elections.routes.public import page_context
from portal.errors import DomainError
from portal.forms import render_form
from portal.places.models import Compound
from portal.unit_of_work import carry_out, refusal_shown_on


def _back(election: Election):
    return redirect(url_for("elections.election", election_id=election.id))


@bp.route("/compounds/<int:compound_id>/new", methods=["GET", "POST"])
@requires(can_run_elections, compound=Compound)
def new_election(compound: Compound):
    form = ElectionForm()
    if form.validate_on_submit():
        with refusal_shown_on(form):
            election = services.create_election(compound, form.settings(), actor=current_user)
            flash(_("The draft election is saved. Open the nominations when ready."), "success")
            return _back(election)
    return render_form("elections/new.html", form, compound=compound)


@bp.post("/<int:election_id>/open")
@requires(can_manage_election, election=Election)
def open_nominations(election: Election):
    carry_out(lambda: services.open_nominations(election, actor=current_user), _("Nominations are open."))
    return _back(election)


@bp.route("/<int:election_id>/nominate", methods=["GET", "POST"])
@requires(can_manage_election, election=Election)
def nominate(election: Election):
    """The organisers enter a nomination for an owner group of the roster."""
    form = NominationForm()
    if form.validate_on_submit():
        with refusal_shown_on(form, form.owner_key):
            services.nominate_owner(
                election,
                form.owner_key.data or "",
                statement=form.statement.data,
                photo=form.photo.data,
                actor=current_user,
            )
            flash(_("The nomination is recorded."), "success")
            return _back(election)
    return render_form("elections/nominate.html", form, organisers=True, **page_context(election))


@bp.post("/candidates/<int:candidate_id>/reject")
@requires(can_manage_candidate, candidate=Candidate)
def reject(candidate: Candidate):
    form = RejectForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for rejecting the nomination."), "danger")
    else:
        carry_out(
            lambda: services.reject(candidate, form.reason.data, actor=current_user),
            _("The nomination is rejected."),
        )
    return _back(candidate.election)


@bp.post("/<int:election_id>/publish")
@requires(can_manage_election, election=Election)
def publish(election: Election):
    carry_out(
        lambda: services.publish_list(election, actor=current_user),
        _("The candidate list is published and posted on the notice board."),
    )
    return _back(election)


@bp.post("/<int:election_id>/cancel")
@requires(can_manage_election, election=Election)
def cancel(election: Election):
    carry_out(lambda: services.cancel(election, actor=current_user), _("The election is cancelled."))
    return _back(election)


@bp.route("/<int:election_id>/paper", methods=["GET", "POST"])
@requires(can_manage_election, election=Election)
def paper(election: Election):
    """A paper or proxy ballot entered for one owner group."""
    form = ballot_form(election, paper=True)
    if form.validate_on_submit():
        with refusal_shown_on(form):
            services.enter_ballot(
                election,
                owner_key=form.owner_key.data,
                channel=BallotChannel(form.channel.data),
                candidates=services.read_candidates(election, form.candidates.data or []),
                proxy_name=form.proxy_name.data or "",
                authorisation=form.authorisation.data or None,
                collected_on=form.collected_on.data,
                actor=current_user,
            )
            flash(_("The ballot of %(key)s is entered.", key=form.owner_key.data), "success")
            return redirect(url_for("elections.paper", election_id=election.id))
    return render_form("elections/paper.html", form, file_form=PaperFileForm(), **page_context(election))


@bp.post("/<int:election_id>/paper/upload")
@requires(can_manage_election, election=Election)
def paper_upload(election: Election):
    """Paper ballots from a CSV or XLSX file, all or nothing."""
    form = PaperFileForm()
    if form.validate_on_submit():
        with refusal_shown_on(form, form.file):
            count = import_ballots(
                election, form.file.data.read(), actor=current_user, collected_on=form.collected_on.data
            )
            flash(_("%(n)d paper ballots are entered.", n=count), "success")
            return redirect(url_for("elections.paper", election_id=election.id))
    page, _status = render_form(
        "elections/paper.html",
        ballot_form(election, paper=True),
        file_form=form,
        file_errors=getattr(getattr(form, "refusal", None), "errors", []),
        **page_context(election),
    )
    return page, 422


@bp.post("/<int:election_id>/finalise")
@requires(can_manage_election, election=Election)
def finalise(election: Election):
    carry_out(
        lambda: services.finalise(election, actor=current_user),
        _("The final announcement is published and the committee's term has begun."),
    )
    return _back(election)


@bp.post("/terms/<int:term_id>/filing")
@requires(can_record_filing, term=CommitteeTerm)
def record_filing(term: CommitteeTerm):
    def record():
        try:
            filed_on = date.fromisoformat(request.form.get("filed_on", ""))
        except ValueError:
            raise DomainError(_("Give the filing date as YYYY-MM-DD.")) from None
        services.record_filing(term, filed_on, actor=current_user)

    carry_out(record, _("The filing date is recorded."))
    return redirect(url_for("elections.committee", compound_id=term.compound_id))


@bp.post("/<int:election_id>/corrections")
@requires(can_manage_election, election=Election)
def correct_ballot(election: Election):
    """Correct a paper or proxy ballot during the objection period, with a reason."""

    def correct():
        chosen = services.read_candidates(election, request.form.getlist("candidates"))
        services.correct_ballot(
            election,
            request.form.get("owner_key", ""),
            chosen,
            request.form.get("reason", ""),
            actor=current_user,
        )

    carry_out(correct, _("The ballot is corrected."))
    return redirect(url_for("elections.election", election_id=election.id) + "#corrections")


@bp.post("/<int:election_id>/corrections/void")
@requires(can_manage_election, election=Election)
def void_ballot(election: Election):
    """Void a paper or proxy ballot entered for the wrong owner during the objection period,
    with a reason."""

    def void():
        services.void_ballot(
            election, request.form.get("owner_key", ""), request.form.get("reason", ""), actor=current_user
        )

    carry_out(void, _("The ballot is voided."))
    return redirect(url_for("elections.election", election_id=election.id) + "#corrections")
