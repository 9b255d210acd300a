"""The count of an election, aggregated in SQL against its frozen roster and decided by the
pure rules (`portal.elections.rules.elect`, which asks the assembly's rule for matter 3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select

from portal.elections import rules
from portal.elections.models import (
    Approval,
    Candidate,
    CandidateStatus,
    Election,
    ElectionBallot,
    ElectionStatus,
)
from portal.elections.services.elections import status_of
from portal.electorate import ElectorateGroup
from portal.extensions import db
from portal.formatting import area_text
from portal.statements import built_once

RESULT_STATES = (ElectionStatus.COUNTED, ElectionStatus.FINAL)


@dataclass
class Count:
    """An election's figures: turnout always; candidates' figures and outcomes once counted."""

    election: Election
    status: ElectionStatus
    total_area: int
    total_owners: int
    participating_area: int
    participating_owners: int
    result: rules.Result
    candidates: dict[int, Candidate]

    @property
    def results_visible(self) -> bool:
        return self.status in RESULT_STATES

    def standings(self) -> list[tuple[Candidate, rules.Standing]]:
        return [(self.candidates[s.candidate_id], s) for s in self.result.standings]

    def as_dict(self) -> dict:
        visible = self.results_visible
        return {
            "status": self.status.value,
            "seats": self.election.seats,
            "alternates": self.election.alternates,
            "total_area": area_text(self.total_area) if self.election.electorate else None,
            "total_owners": self.total_owners if self.election.electorate else None,
            "participating_area": area_text(self.participating_area) if visible else None,
            "participating_owners": self.participating_owners if visible else None,
            "quorum_met": self.result.quorum_met if visible else None,
            "open_seats": self.result.open_seats if visible else None,
            "candidates": [
                {
                    "id": c.id,
                    "number": c.number,
                    "name": c.name,
                    "agree_area": area_text(s.agree_area) if visible else None,
                    "agree_owners": s.agree_owners if visible else None,
                    "qualified": s.qualified if visible else None,
                    "outcome": s.outcome if visible else None,
                }
                for c, s in self.standings()
            ],
        }


def _participation(election: Election) -> tuple[int, int]:
    owners, area = db.session.execute(_participation_query(), {"election_id": election.id}).one()
    return int(area or 0), int(owners or 0)


@built_once
def _participation_query():
    """The ballots of an election and their area (parameter: election_id), built once."""
    return (
        select(func.count(ElectionBallot.id), func.coalesce(func.sum(ElectorateGroup.area_hundredths), 0))
        .join(ElectorateGroup, ElectorateGroup.id == ElectionBallot.group_id)
        .where(ElectionBallot.election_id == bindparam("election_id"))
    )


def _approvals(election: Election) -> dict[int, tuple[int, int]]:
    rows = db.session.execute(_approvals_query(), {"election_id": election.id})
    return {candidate_id: (int(area or 0), int(owners)) for candidate_id, owners, area in rows}


@built_once
def _approvals_query():
    """Each candidate's approving ballots and their area (parameter: election_id), built once."""
    return (
        select(
            Approval.candidate_id, func.count(ElectionBallot.id), func.sum(ElectorateGroup.area_hundredths)
        )
        .join(ElectionBallot, ElectionBallot.id == Approval.ballot_id)
        .join(ElectorateGroup, ElectorateGroup.id == ElectionBallot.group_id)
        .where(ElectionBallot.election_id == bindparam("election_id"))
        .group_by(Approval.candidate_id)
    )


def count(election: Election, now: datetime | None = None) -> Count:
    """Count the election in two grouped queries: who took part (blank ballots included) and
    each candidate's agreeing area and owners; then the rule decides."""
    listed = {c.id: c for c in election.candidates if c.status == CandidateStatus.NOMINATED}
    total_area, total_owners = election.total_area_hundredths or 0, election.total_owners or 0
    part_area, part_owners = _participation(election) if election.electorate else (0, 0)
    agree = _approvals(election) if election.electorate else {}
    figures = [rules.Figures(cid, *agree.get(cid, (0, 0))) for cid in listed]
    result = rules.elect(
        figures,
        seats=election.seats,
        alternates=election.alternates,
        total_area=total_area,
        total_owners=total_owners,
        participating_area=part_area,
        participating_owners=part_owners,
    )
    return Count(
        election, status_of(election, now), total_area, total_owners, part_area, part_owners, result, listed
    )
