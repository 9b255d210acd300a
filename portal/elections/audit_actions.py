"""The election's audit actions: elections drafted, nominations opened, candidates nominated
and rejected, the list published, ballots cast and entered, cancelled, finalised; the
committee's term started and filed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, select

from portal.audit import Field, action_group, labels_by, register_action, register_subject
from portal.elections.models import CommitteeMeeting, CommitteeTerm, Election
from portal.extensions import db
from portal.statements import built_once

ELECTIONS = action_group("elections", _l("Committee elections"))


@built_once
def _terms() -> Select:
    return select(CommitteeTerm.id, CommitteeTerm.starts_on, CommitteeTerm.ends_on).where(
        CommitteeTerm.id.in_(bindparam("ids", expanding=True))
    )


def term_labels(ids: list[int]) -> dict[int, str]:
    rows = db.session.execute(_terms(), {"ids": ids})
    return {i: f"{starts.isoformat()} – {ends.isoformat()}" for i, starts, ends in rows}


register_subject("Election", labels_by(Election, "title"), label=_l("Committee election"))
register_subject("CommitteeTerm", term_labels, label=_l("Committee term"))


register_subject("CommitteeMeeting", labels_by(CommitteeMeeting, "title"), label=_l("Committee meeting"))

FIELDS = {
    "title": Field(_l("Title")),
    "seats": Field(_l("Seats")),
    "term_years": Field(_l("Term in years")),
    "candidate": Field(_l("Candidate")),
    "owner": Field(_l("Owner")),
    "number": Field(_l("Number")),
    "reason": Field(_l("Reason")),
    "receipt": Field(_l("Receipt code")),
    "owners": Field(_l("Owners")),
    "candidates": Field(_l("Candidates approved")),
    "proxy": Field(_l("Proxy")),
    "collected_on": Field(_l("Collected on")),
    "total_area_hundredths": Field(_l("Total area")),
    "total_owners": Field(_l("Total owners")),
    "starts_on": Field(_l("Starts on")),
    "ends_on": Field(_l("Ends on")),
    "members": Field(_l("Members")),
    "filed_on": Field(_l("Filed on")),
    "status": Field(_l("Status")),
    "chair": Field(_l("Chair")),
    "vice_chair": Field(_l("Vice chair")),
    "member": Field(_l("Member")),
    "post": Field(_l("Cross-post")),
    "successor": Field(_l("Successor")),
    "kind": Field(_l("Kind")),
    "present": Field(_l("Present")),
    "votes_for": Field(_l("For")),
    "adopted": Field(_l("Adopted")),
    "ballots": Field(_l("Ballots")),
    "text": Field(_l("Objection")),
    "answer": Field(_l("Answer")),
    "file_sha256": Field(_l("File (SHA-256)")),
    "channel": Field(_l("Channel")),
    "term_started": Field(_l("Committee term started")),
    "replaced_receipts": Field(_l("Replaced a co-owner's ballots (receipt codes)")),
}

for code, sentence, label in [
    ("election_created", _l("drafted the election %(title)s"), _l("Election drafted")),
    ("election_nominations_opened", _l("opened the nominations"), _l("Nominations opened")),
    ("candidate_nominated", _l("nominated %(candidate)s (%(owner)s)"), _l("Candidate nominated")),
    (
        "candidate_rejected",
        _l("rejected the nomination of %(candidate)s: %(reason)s"),
        _l("Nomination rejected"),
    ),
    ("election_list_published", _l("published the candidate list"), _l("Candidate list published")),
    ("election_cancelled", _l("cancelled the election"), _l("Election cancelled")),
    ("election_finalised", _l("published the final announcement"), _l("Election finalised")),
    ("election_ballot_cast", _l("voted online (receipt %(receipt)s)"), _l("Election ballot cast online")),
    (
        "election_ballot_entered_paper",
        _l("entered the paper ballot of %(owner)s"),
        _l("Paper election ballot entered"),
    ),
    (
        "election_ballot_entered_proxy",
        _l("entered the proxy ballot of %(owner)s by %(proxy)s"),
        _l("Proxy election ballot entered"),
    ),
    (
        "committee_term_started",
        _l("started the committee's term %(starts_on)s – %(ends_on)s"),
        _l("Committee term started"),
    ),
    (
        "committee_posts_assigned",
        _l("recorded %(chair)s as chair and %(vice_chair)s as vice chair"),
        _l("Chair and vice chair recorded"),
    ),
    (
        "committee_cross_post",
        _l("recorded the cross-post of %(member)s: %(post)s"),
        _l("Cross-post recorded"),
    ),
    (
        "committee_member_left",
        _l("recorded that %(member)s left the committee: %(reason)s"),
        _l("Committee member left"),
    ),
    ("committee_meeting_scheduled", _l("scheduled the meeting %(title)s"), _l("Committee meeting scheduled")),
    (
        "committee_attendance_recorded",
        _l("recorded the attendance (%(present)s present)"),
        _l("Attendance recorded"),
    ),
    ("committee_minutes_written", _l("wrote the minutes of %(title)s"), _l("Minutes written")),
    (
        "committee_decision_recorded",
        _l("recorded decision %(number)s (%(votes_for)s for)"),
        _l("Committee decision recorded"),
    ),
    ("committee_minutes_published", _l("published the minutes of %(title)s"), _l("Minutes published")),
    (
        "election_paper_ballots_imported",
        _l("entered %(ballots)s paper ballots from a file"),
        _l("Paper election ballots imported"),
    ),
    (
        "election_objection_filed",
        _l("objected to the preliminary result: %(text)s"),
        _l("Objection to an election result"),
    ),
    (
        "election_objection_answered",
        _l("answered an objection: %(answer)s"),
        _l("Election objection answered"),
    ),
    (
        "election_ballot_corrected",
        _l("corrected the paper ballot of %(owner)s: %(reason)s"),
        _l("Election ballot corrected"),
    ),
    (
        "election_ballot_voided",
        _l("voided the paper ballot of %(owner)s: %(reason)s"),
        _l("Election ballot voided"),
    ),
    (
        "committee_term_filed",
        _l("recorded the filing of the committee's term on %(filed_on)s"),
        _l("Committee term filed"),
    ),
]:
    register_action(code, ELECTIONS, sentence, label=label, fields=FIELDS)
