"""Paper ballots from a CSV file (`owner_key,item_no,choice`), checked whole and entered in one
transaction: any bad row refuses the file and nothing is entered."""

from __future__ import annotations

import csv
import io

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import electorate
from portal.assembly.models import Ballot, BallotChannel, BallotChoice, Meeting
from portal.assembly.services import enter_ballot, require_paper_entry
from portal.auth.models import User
from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.electorate import ElectorateGroup
from portal.errors import ConflictError, DomainError
from portal.extensions import db
from portal.places.roster import FILE_LEVEL, RowError, decode

HEADER = ["owner_key", "item_no", "choice"]


class PaperBallotsInvalid(DomainError):
    """The ballot file was refused; `errors` lists every problem with its line."""

    def __init__(self, errors: list[RowError]):
        super().__init__(_l("The ballots were not entered. Problems found: %(n)d.", n=len(errors)))
        self.errors = errors


def parse_paper_ballots(meeting: Meeting, data: bytes) -> dict[str, dict[int, BallotChoice]]:
    """The choices per owner key, or PaperBallotsInvalid listing every problem."""
    reader = csv.reader(io.StringIO(decode(data, PaperBallotsInvalid), newline=""))
    header = [cell.strip() for cell in next(reader, [])]
    if header != HEADER:
        raise PaperBallotsInvalid([RowError(1, _l("The header must be exactly: %(h)s", h=",".join(HEADER)))])
    items = {item.number: item.id for item in meeting.items}
    keys = electorate.keys_of(meeting.electorate)
    choices: dict[str, dict[int, BallotChoice]] = {}
    seen: dict[tuple[str, int], int] = {}
    errors = []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            problem, parsed = _check(cells, items, keys)
            if problem:
                errors.append(RowError(line, problem))
                continue
            key, item_id, choice = parsed
            if (key, item_id) in seen:
                errors.append(
                    RowError(
                        line,
                        _l(
                            "%(key)s already has a choice on this item on row %(other)d.",
                            key=key,
                            other=seen[(key, item_id)],
                        ),
                    )
                )
                continue
            seen[(key, item_id)] = line
            choices.setdefault(key, {})[item_id] = choice
    except csv.Error as error:
        errors.append(
            RowError(reader.line_num, _l("the line cannot be read as CSV (%(problem)s).", problem=str(error)))
        )
    if not choices and not errors:
        errors.append(RowError(FILE_LEVEL, _l("The file has no ballots.")))
    if errors:
        raise PaperBallotsInvalid(errors)
    return choices


def _check(cells: list[str], items: dict[int, int], keys: set[str]):
    if len(cells) != len(HEADER):
        return _l("expected %(n)d columns, found %(m)d.", n=len(HEADER), m=len(cells)), None
    key, number, choice = (cell.strip() for cell in cells)
    if key not in keys:
        return _l("No owner with the key %(key)s is in this meeting's roster.", key=key[:64]), None
    if not number.isdigit() or int(number) not in items:
        return _l("item_no must be the number of an item of this meeting."), None
    if choice not in {c.value for c in BallotChoice}:
        return _l("choice must be agree, oppose, abstain, blank or invalid."), None
    return None, (key, items[int(number)], BallotChoice(choice))


def import_paper_ballots(meeting: Meeting, data: bytes, *, actor: User) -> int:
    """Enter every paper ballot of the file, or none: a group that already voted on an item
    makes the whole file refused with the rows named. Returns the number of ballots."""
    require_paper_entry(meeting, utcnow(), beijing_date(utcnow()))
    choices = parse_paper_ballots(meeting, data)
    conflicts = _conflicts(meeting, choices)
    if conflicts:
        raise PaperBallotsInvalid(conflicts)
    count = 0
    for key, chosen in choices.items():
        try:
            count += len(
                enter_ballot(
                    meeting,
                    owner_key=key,
                    channel=BallotChannel.PAPER,
                    choices=chosen,
                    actor=actor,
                    whole_sheet=False,
                )
            )
        except ConflictError as error:  # recorded meanwhile by someone else
            raise PaperBallotsInvalid([RowError(FILE_LEVEL, error.message)]) from error
    return count


def _conflicts(meeting: Meeting, choices: dict[str, dict[int, BallotChoice]]) -> list[RowError]:
    existing = db.session.execute(
        select(ElectorateGroup.owner_key, Ballot.item_id)
        .join(Ballot, Ballot.group_id == ElectorateGroup.id)
        .where(Ballot.meeting_id == meeting.id, ElectorateGroup.owner_key.in_(list(choices)))
    ).all()
    numbers = {item.id: item.number for item in meeting.items}
    return [
        RowError(FILE_LEVEL, _l("%(key)s has already voted on item %(n)d.", key=key, n=numbers[item_id]))
        for key, item_id in existing
        if item_id in choices.get(key, {})
    ]
