"""The election's notices on the compound's board, written from its records: the candidate
list when it is published, the preliminary result once voting has closed (by the delivery
command's scan, as for meetings), and the final announcement. Each is published once (its
source key) in the name of the committee (or the preparatory group), and owners are told."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth.permissions import compound_has_committee
from portal.elections.models import Election, ElectionStatus, election_state_in
from portal.elections.rules import Outcome
from portal.extensions import db
from portal.formatting import area_text, local_time
from portal.notices.markdown import escape_markdown as md
from portal.notices.models import NoticeCategory, PublisherKind
from portal.notices.services import publish_notice, sources_done
from portal.notifications import notify, owner_ids, path_for
from portal.notifications.kinds import register_kind
from portal.notifications.signals import due

register_kind("election_list", _l("A committee election's candidate list is published"), sms=True)
register_kind("election_result", _l("The result of a committee election"), sms=True)

OUTCOME_LABELS = {
    Outcome.ELECTED: _l("Elected"),
    Outcome.ALTERNATE: _l("Alternate"),
    Outcome.TIE: _l("Tie: run-off needed"),
    Outcome.NOT_ELECTED: _l("Not elected"),
}


def _when(moment: datetime) -> str:
    return local_time(moment, "yyyy-MM-dd HH:mm")


def _link(election: Election) -> str:
    return f"[{_('The election on the portal')}]({path_for('elections.election', election_id=election.id)})"


def _publish(election: Election, stage: str, title: str, body: str, category: NoticeCategory, now):
    kind = (
        PublisherKind.COMMITTEE
        if compound_has_committee(election.compound)
        else PublisherKind.PREPARATORY_GROUP
    )
    return publish_notice(
        election.compound,
        title=title,
        body=body,
        category=category,
        publisher=kind,
        source=("election", election.id, stage),
        now=now,
    )


def list_body(election: Election) -> str:
    """The candidate list: number, name, statement; the window and the frozen roster."""
    lines = [
        _(
            "The owners elect %(seats)d members (and %(alternates)d alternates) of the owners' committee for "
            "%(years)d years. Each owner group approves at most %(seats)d candidates; approving none is a "
            "blank ballot that still counts as taking part.",
            seats=election.seats,
            alternates=election.alternates,
            years=election.term_years,
        ),
        "",
        _(
            "Voting runs from %(start)s to %(end)s.",
            start=_when(election.voting_opens_at),
            end=_when(election.voting_closes_at),
        ),
        _(
            "The roster frozen today has %(owners)d owners with %(area)s m².",
            owners=election.total_owners or 0,
            area=area_text(election.total_area_hundredths),
        ),
        "",
    ]
    for candidate in election.candidates:
        if candidate.status.value == "nominated":
            lines.append(f"{candidate.number}. **{md(candidate.name)}**: {md(candidate.statement)}")
    return "\n".join([*lines, "", _link(election)])


def result_body(election: Election, *, final: bool) -> str:
    """The result: turnout, each candidate's figures and outcome, open seats."""
    from portal.elections.services.counting import count

    result = count(election)
    header = [_("No."), _("Candidate"), _("Agreeing owners"), _("Agreeing area (m²)"), _("Outcome")]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for candidate, standing in result.standings():
        rows.append(
            "| "
            + " | ".join(
                [
                    str(candidate.number),
                    md(candidate.name),
                    str(standing.agree_owners),
                    area_text(standing.agree_area),
                    str(OUTCOME_LABELS[standing.outcome]),
                ]
            )
            + " |"
        )
    intro = _(
        "%(owners)d of %(total_owners)d owners with %(area)s of %(total_area)s m² took part.",
        owners=result.participating_owners,
        total_owners=result.total_owners,
        area=area_text(result.participating_area),
        total_area=area_text(result.total_area),
    )
    quorum = (
        _("The quorum was met.")
        if result.result.quorum_met
        else _("The quorum was not met: nobody is elected.")
    )
    lines = [intro, quorum, "", *rows, ""]
    if result.result.open_seats:
        lines.append(_("%(n)d seats remain open.", n=result.result.open_seats))
    if any(s.outcome == Outcome.TIE for _c, s in result.standings()):
        lines.append(
            _(
                "Candidates marked as tied had the same owners and area; their seats are decided by a "
                "run-off, never by lot."
            )
        )
    from portal.elections.services.elections import objections_close_at

    if final and not any(s.outcome == Outcome.ELECTED for _c, s in result.standings()):
        lines.append(
            _("Nobody was elected, so no new committee term starts; the sitting committee, if any, stays.")
        )
    lines.append(
        _("This result is final.")
        if final
        else _("Owners may object to this result until %(date)s.", date=_when(objections_close_at(election)))
    )
    return "\n".join([*lines, "", _link(election)])


def _tell(election: Election, kind: str, title, now) -> None:
    stage = "final" if election.status == ElectionStatus.FINAL else "stage"
    notify(
        owner_ids(election.compound),
        kind=kind,
        title=title,
        url=path_for("elections.election", election_id=election.id),
        subject=("election", election.id),
        once=f"{kind}:election:{election.id}:{stage}",
        now=now,
    )


def post_candidate_list(election: Election, *, actor=None, now: datetime | None = None):
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        notice = _publish(
            election,
            "list",
            _("Candidate list: %(title)s", title=election.title),
            list_body(election),
            NoticeCategory.MEETING,
            now,
        )
    _tell(
        election,
        "election_list",
        _l("The candidate list of %(title)s is published", title=election.title),
        now,
    )
    return notice


def post_result(election: Election, *, actor=None, now: datetime | None = None, final: bool):
    stage = "final" if final else "preliminary"
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        title = (
            _("Final announcement: %(title)s", title=election.title)
            if final
            else _("Preliminary result: %(title)s", title=election.title)
        )
        notice = _publish(
            election, stage, title, result_body(election, final=final), NoticeCategory.RESULT, now
        )
    _tell(election, "election_result", _l("The result of %(title)s is out", title=election.title), now)
    return notice


@due.connect
def post_preliminary_results(sender, *, now: datetime) -> int:
    """The scan: every election whose vote has closed gets its preliminary result (once)."""
    query = select(Election).where(election_state_in(frozenset({ElectionStatus.COUNTED}), now))
    elections = list(db.session.scalars(query.order_by(Election.id)))
    done = sources_done(f"election:{e.id}:preliminary" for e in elections)
    missing = [e for e in elections if f"election:{e.id}:preliminary" not in done]
    for election in missing:
        post_result(election, now=now, final=False)
    return len(missing)


def post_member_change(member, successor, *, now: datetime | None = None):
    """A member left the committee (and an alternate took the seat): posted as a notice."""
    election = member.term.election
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        body = _(
            "%(name)s has left the owners' committee. Basis: %(basis)s",
            name=md(member.name),
            basis=md(member.left_basis),
        )
        if successor is not None:
            body += "\n\n" + _("The first alternate, %(name)s, takes the seat.", name=md(successor.name))
        return _publish(
            election,
            f"member-left:{member.id}",
            _("Change in the owners' committee"),
            body,
            NoticeCategory.DECISION,
            now,
        )


def post_decisions(meeting, *, now: datetime | None = None):
    """The decisions of a committee or joint meeting, posted as a notice with their votes."""
    from portal.elections.models import MEETING_KIND_LABELS

    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        lines = [
            _(
                "%(kind)s held on %(when)s.",
                kind=MEETING_KIND_LABELS[meeting.kind],
                when=_when(meeting.held_at),
            ),
            "",
        ]
        for d in meeting.decisions:
            verdict = (
                _("adopted")
                if d.adopted
                else _("not adopted: it needs more than half of all %(members)d members", members=d.members)
            )
            lines.append(
                f"{d.number}. {md(d.text)} — "
                + _(
                    "for %(f)d, against %(a)d, abstaining %(x)d: %(verdict)s",
                    f=d.votes_for,
                    a=d.votes_against,
                    x=d.abstentions,
                    verdict=verdict,
                )
            )
        link = path_for("elections.committee_meeting", meeting_id=meeting.id)
        lines += ["", f"[{_('The minutes on the portal')}]({link})"]
        kind = PublisherKind.COMMITTEE
        return publish_notice(
            meeting.compound,
            title=_("Decisions: %(title)s", title=meeting.title),
            body="\n".join(lines),
            category=NoticeCategory.DECISION,
            publisher=kind,
            source=("committee_meeting", meeting.id, "decisions"),
            now=now,
        )


def tell_ballot_changed(election: Election, changes, *, actor) -> None:
    """Co-owners count as one owner, so one may replace the group's online ballot, but the
    earlier voter is told (the assembly's `ballot_changed` kind), with a link to their receipt,
    which shows what changed."""
    receipts: dict[int, str] = {}
    for change in changes:
        if change.previous_cast_by_id is not None and change.previous_cast_by_id != actor.id:
            receipts.setdefault(change.previous_cast_by_id, change.previous_receipt)
    for user_id, receipt in receipts.items():
        notify(
            [user_id],
            kind="ballot_changed",
            title=_l(
                "%(name)s changed your online vote in 《%(election)s》 at %(when)s",
                name=actor.name,
                election=election.title,
                when=local_time(changes[0].changed_at),
            ),
            url=path_for("elections.receipt", election_id=election.id, code=receipt),
            subject=("election", election.id),
        )
