"""The person's election receipts on the assembly's "my receipts" page (through
`portal.receipts`): each online vote that still stands, with the candidates it approves."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from portal.assembly.models import BallotChannel
from portal.elections.models import Election, ElectionBallot, ElectionBallotChange
from portal.extensions import db
from portal.formatting import local_time
from portal.receipts import VoteReceipt, receipt_provider
from portal.statements import built_once


@built_once
def _online_ballots_cast_by() -> Select:
    """The online election ballots the person (`user_id`) cast that still stand, newest first,
    with their approvals (a second query)."""
    return (
        select(ElectionBallot)
        .options(joinedload(ElectionBallot.owner), selectinload(ElectionBallot.approvals))
        .where(
            ElectionBallot.cast_by_id == bindparam("user_id"),
            ElectionBallot.channel == BallotChannel.ONLINE,
            ElectionBallot.receipt != "",
        )
        .order_by(ElectionBallot.cast_at.desc(), ElectionBallot.id)
    )


@built_once
def _elections_with_ids() -> Select:
    return (
        select(Election)
        .options(joinedload(Election.compound), selectinload(Election.candidates))
        .where(Election.id.in_(bindparam("ids", expanding=True)))
    )


@receipt_provider("elections")
def election_receipts(user) -> list[VoteReceipt]:
    """The person's online election ballots grouped by receipt code, newest first (three
    queries: the ballots with their elections, approvals, and the candidates)."""
    grouped: dict[tuple[int, str], list[ElectionBallot]] = {}
    for ballot in db.session.scalars(_online_ballots_cast_by(), {"user_id": user.id}):
        grouped.setdefault((ballot.election_id, ballot.receipt), []).append(ballot)
    changed = _changed_receipts(user)
    if not grouped and not changed:
        return []
    ids = {election_id for election_id, _code in grouped} | {change.election_id for change in changed}
    elections = {e.id: e for e in db.session.scalars(_elections_with_ids(), {"ids": sorted(ids)})}
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
    for change in changed:
        election = elections[change.election_id]
        receipts.append(
            VoteReceipt(
                title=election.title,
                compound=election.compound.name,
                url=url_for("elections.election", election_id=election.id),
                code=change.previous_receipt,
                receipt_url=url_for(
                    "elections.receipt", election_id=election.id, code=change.previous_receipt
                ),
                cast_at=change.previous_cast_at,
                choices=[
                    _(
                        "Changed by %(who)s at %(when)s; earlier choice: %(choice)s.",
                        who=change.changed_by.name,
                        when=local_time(change.changed_at),
                        choice="、".join(str(n) for n in change.previous_numbers) or _("blank"),
                    )
                ],
                units=change.ballot.owner.units,
            )
        )
    return receipts


@built_once
def _changes_of_ballots_cast_by() -> Select:
    return (
        select(ElectionBallotChange)
        .options(
            joinedload(ElectionBallotChange.changed_by),
            joinedload(ElectionBallotChange.ballot).joinedload(ElectionBallot.owner),
        )
        .where(ElectionBallotChange.previous_cast_by_id == bindparam("user_id"))
        .order_by(ElectionBallotChange.changed_at.desc(), ElectionBallotChange.id)
    )


def _changed_receipts(user) -> list[ElectionBallotChange]:
    """The person's online election ballots a co-owner has replaced since (so that "my
    receipts" does not lose them without a word)."""
    return list(db.session.scalars(_changes_of_ballots_cast_by(), {"user_id": user.id}))
