"""Paper ballots of an election from a table (CSV or XLSX: `owner_key,candidate_no`), one row
per candidate approved, and a row with an empty `candidate_no` for a blank ballot. Checked whole
and entered all or nothing: any bad row, an owner with more than `seats` candidates, or an owner
who already voted refuses the file and nothing is entered."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import audit, tabular
from portal.assembly.models import BallotChannel
from portal.auth.models import User
from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.elections.models import Candidate, Election, ElectionBallot
from portal.elections.services.ballots import _record, require_paper_entry
from portal.electorate import ElectorateGroup
from portal.extensions import db
from portal.tabular import FILE_LEVEL, RowError, TableInvalid

HEADER = ["owner_key", "candidate_no"]
MAX_ROWS = 50_000


class ElectionPaperBallotsInvalid(TableInvalid):
    """The ballot file was refused; `errors` lists every problem with its line."""

    @staticmethod
    def summary(count: int):
        return _l("The ballots were not entered. Problems found: %(n)d.", n=count)


def parse_ballots(
    election: Election, data: bytes, groups: dict[str, ElectorateGroup]
) -> dict[str, list[Candidate]]:
    """The candidates approved per owner key (empty for a blank ballot), or the refusal
    listing every problem."""
    table = tabular.read_table(data, HEADER, max_rows=MAX_ROWS, invalid=ElectionPaperBallotsInvalid)
    listed = {c.number: c for c in election.candidates if c.status.value == "nominated"}
    chosen: dict[str, dict[int, Candidate]] = {}
    first_line: dict[str, int] = {}
    for row in table:
        key, number_text = row.cells
        if key not in groups:
            row.refuse(_l("No owner with the key %(key)s is in this election's roster.", key=key[:64]))
            continue
        first_line.setdefault(key, row.line)
        ballot = chosen.setdefault(key, {})
        if not number_text:
            continue
        number = row.parse("candidate_no", tabular.parse_int)
        if number is None:
            continue
        if number not in listed:
            row.refuse(_l("candidate_no must be the number of a candidate on the list."))
        elif len(ballot) >= election.seats and number not in ballot:
            row.refuse(_l("%(key)s approves more than %(seats)d candidates.", key=key, seats=election.seats))
        else:
            ballot[number] = listed[number]
    found = {key: sorted(ballot.values(), key=lambda c: c.number) for key, ballot in chosen.items()}
    return table.check(found, empty=_l("The file has no ballots."))


def _conflicts(election: Election, keys: set[str]) -> list[RowError]:
    voted = db.session.scalars(
        select(ElectorateGroup.owner_key)
        .join(ElectionBallot, ElectionBallot.group_id == ElectorateGroup.id)
        .where(ElectionBallot.election_id == election.id)
        .order_by(ElectorateGroup.owner_key)
    )
    return [RowError(FILE_LEVEL, _l("%(key)s has already voted.", key=key)) for key in voted if key in keys]


def import_ballots(
    election: Election,
    data: bytes,
    *,
    actor: User,
    collected_on: date | None = None,
    now: datetime | None = None,
) -> int:
    """Enter every paper ballot of the file, or none, collected on `collected_on` (default
    today; after voting closes, only sheets collected by the closing day). Returns the number
    of ballots."""
    now = now or utcnow()
    collected_on = collected_on or beijing_date(now)
    require_paper_entry(election, now, collected_on)
    groups = {
        g.owner_key: g
        for g in db.session.scalars(
            select(ElectorateGroup).where(ElectorateGroup.electorate_id == election.electorate_id)
        )
    }
    ballots = parse_ballots(election, data, groups)
    conflicts = _conflicts(election, set(ballots))
    if conflicts:
        raise ElectionPaperBallotsInvalid(conflicts)
    for key in sorted(ballots):
        entered = _record(election, groups[key], ballots[key], BallotChannel.PAPER, actor, now=now)
        entered.collected_on = collected_on
    audit.record(
        "election_paper_ballots_imported",
        election,
        after={
            "ballots": len(ballots),
            "collected_on": collected_on.isoformat(),
            "file_sha256": hashlib.sha256(data).hexdigest(),
            "owners": sorted(ballots),
        },
        compound_id=election.compound_id,
        actor=actor,
    )
    return len(ballots)
