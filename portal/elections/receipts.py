"""The person's election receipts on the assembly's "my receipts" page (through
`portal.receipts`): each online vote that still stands, with the candidates it approves."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal.assembly.models import BallotChannel
from portal.elections.models import Election, ElectionBallot
from portal.extensions import db
from portal.receipts import VoteReceipt, receipt_provider


@receipt_provider("elections")
def election_receipts(user) -> list[VoteReceipt]:
    """The person's online election ballots grouped by receipt code, newest first (three
    queries: the ballots with their elections, approvals, and the candidates)."""
    query = (
        select(ElectionBallot)
        .options(
            joinedload(ElectionBallot.owner),
            selectinload(ElectionBallot.approvals),
        )
        .where(
            ElectionBallot.cast_by_id == user.id,
            ElectionBallot.channel == BallotChannel.ONLINE,
            ElectionBallot.receipt != "",
        )
        .order_by(ElectionBallot.cast_at.desc(), ElectionBallot.id)
    )
    grouped: dict[tuple[int, str], list[ElectionBallot]] = {}
    for ballot in db.session.scalars(query):
        grouped.setdefault((ballot.election_id, ballot.receipt), []).append(ballot)
    if not grouped:
        return []
    elections = {
        election.id: election
        for election in db.session.scalars(
            select(Election)
            .options(joinedload(Election.compound), selectinload(Election.candidates))
            .where(Election.id.in_({election_id for election_id, _code in grouped}))
        )
    }
    receipts = []
    for (election_id, code), ballots in grouped.items():
        election = elections[election_id]
        approved = {approval.candidate_id for approval in ballots[0].approvals}
        chosen = [
            f"{c.number}. {c.name}"
            for c in sorted(election.candidates, key=lambda c: c.number)
            if c.id in approved
        ]
        receipts.append(
            VoteReceipt(
                title=election.title,
                compound=election.compound.name,
                url=url_for("elections.election", election_id=election.id),
                code=code,
                receipt_url=url_for("elections.receipt", election_id=election.id, code=code),
                cast_at=ballots[0].cast_at,
                choices=chosen or [_("Blank ballot (no candidate approved)")],
                units="；".join(sorted({ballot.owner.units for ballot in ballots})),
            )
        )
    return receipts
