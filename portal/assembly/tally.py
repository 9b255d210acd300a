"""The tally of a meeting (DESIGN §3), aggregated in SQL and decided by the pure rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, func, select

from portal.assembly.models import VOTER_CHOICES, Ballot, BallotChoice, Meeting, MeetingStatus
from portal.assembly.rules import Rule, counted_as, decide
from portal.assembly.services import status_of
from portal.electorate import ElectorateGroup
from portal.extensions import db
from portal.formatting import area_text
from portal.statements import built_once

#: States in which the choices may be shown; while voting only turnout is.
RESULT_STATES = (MeetingStatus.COUNTED, MeetingStatus.FINAL)


#: Areas in the tally's data are plain text with two decimals.
area = area_text


@dataclass
class ItemTally:
    """One item's figures: participation always, choices and verdict once voting has closed."""

    id: int
    number: int
    title: str
    matter: str
    rule: Rule
    participating_area: int = 0
    participating_owners: int = 0
    by_choice: dict[BallotChoice, tuple[int, int]] = field(default_factory=dict)
    quorum_met: bool = False
    passed: bool | None = None

    def figures(self, choice: BallotChoice) -> tuple[int, int]:
        """(area in hundredths, owners) for a choice."""
        return self.by_choice.get(choice, (0, 0))

    def as_dict(self, results_visible: bool) -> dict:
        data = {
            "id": self.id,
            "number": self.number,
            "matter": self.matter,
            "rule": self.rule.value,
            "participating_area": area(self.participating_area),
            "participating_owners": self.participating_owners,
            "quorum_met": self.quorum_met,
            "passed": self.passed if results_visible else None,
        }
        for choice in VOTER_CHOICES:
            hundredths, owners = self.figures(choice)
            data[f"{choice.value}_area"] = area(hundredths) if results_visible else None
            data[f"{choice.value}_owners"] = owners if results_visible else None
        return data


@dataclass
class MeetingTally:
    status: MeetingStatus
    total_area: int
    total_owners: int
    items: list[ItemTally]

    @property
    def results_visible(self) -> bool:
        return self.status in RESULT_STATES

    def as_dict(self) -> dict:
        return {
            "status": self.status.value,
            "total_area": area(self.total_area),
            "total_owners": self.total_owners,
            "items": [item.as_dict(self.results_visible) for item in self.items],
        }


@built_once
def _counts_query():
    """The ballots of a meeting counted by item and choice, with their area against the frozen
    roster; built once (parameter: meeting_id)."""
    return (
        select(
            Ballot.item_id, Ballot.choice, func.count(Ballot.id), func.sum(ElectorateGroup.area_hundredths)
        )
        .join(ElectorateGroup, ElectorateGroup.id == Ballot.group_id)
        .where(Ballot.meeting_id == bindparam("meeting_id"), Ballot.voided_at.is_(None))
        .group_by(Ballot.item_id, Ballot.choice)
    )


def tally(meeting: Meeting, now: datetime | None = None) -> MeetingTally:
    """Count every item of the meeting in one grouped query against its frozen roster."""
    status = status_of(meeting, now)
    total_area, total_owners = meeting.total_area_hundredths or 0, meeting.total_owners or 0
    items = {
        item.id: ItemTally(item.id, item.number, item.title, item.matter.value, Rule.MAJORITY)
        for item in meeting.items
    }
    rows = db.session.execute(_counts_query(), {"meeting_id": meeting.id})
    for item_id, choice, owners, hundredths in rows:
        counted = counted_as(BallotChoice(choice).value, meeting.blank_counts_as_abstain)
        if counted is None:
            continue
        entry, hundredths = items[item_id], int(hundredths or 0)
        area_before, owners_before = entry.figures(BallotChoice(counted))
        entry.by_choice[BallotChoice(counted)] = (area_before + hundredths, owners_before + owners)
        entry.participating_area += hundredths
        entry.participating_owners += owners
    for item in meeting.items:
        entry = items[item.id]
        agree_area, agree_owners = entry.figures(BallotChoice.AGREE)
        verdict = decide(
            item.matter,
            total_area=total_area,
            total_owners=total_owners,
            participating_area=entry.participating_area,
            participating_owners=entry.participating_owners,
            agree_area=agree_area,
            agree_owners=agree_owners,
        )
        entry.rule, entry.quorum_met, entry.passed = verdict.rule, verdict.quorum_met, verdict.passed
    return MeetingTally(status, total_area, total_owners, [items[i.id] for i in meeting.items])
