"""Paper ballots from a table (CSV or XLSX: `owner_key,item_no,choice`), checked whole and
entered in one statement: any bad row refuses the file and nothing is entered."""

from __future__ import annotations

import hashlib
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal import audit, bulk, tabular
from portal.assembly.models import Ballot, BallotChannel, BallotChoice, Meeting
from portal.assembly.services import require_paper_entry
from portal.auth.models import User
from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.electorate import ElectorateGroup
from portal.extensions import db
from portal.tabular import FILE_LEVEL, RowError, TableInvalid

HEADER = ["owner_key", "item_no", "choice"]
#: The most rows one file may hold (20,000 owner groups × 5 items): on PostgreSQL each ballot
#: costs four foreign-key checks, and 100,000 ballots are entered in about 3 s (bench/README.md).
#: A larger meeting enters its paper ballots in several files.
MAX_ROWS = 100_000


class PaperBallotsInvalid(TableInvalid):
    """The ballot file was refused; `errors` lists every problem with its line."""

    @staticmethod
    def summary(count: int):
        return _l("The ballots were not entered. Problems found: %(n)d.", n=count)


def parse_paper_ballots(
    meeting: Meeting, data: bytes, owner_ids: dict[str, int] | None = None
) -> dict[str, dict[int, BallotChoice]]:
    """The choices per owner key (by item id), or PaperBallotsInvalid listing every problem."""
    table = tabular.read_table(data, HEADER, max_rows=MAX_ROWS, invalid=PaperBallotsInvalid)
    keys = owner_ids if owner_ids is not None else _owner_ids(meeting)
    items = {item.number: item.id for item in meeting.items}
    choices: dict[str, dict[int, BallotChoice]] = {}
    seen: dict[tuple[str, int], int] = {}
    # Well-written cells are looked up; any other goes through the parser, for its message.
    item_ids = {str(number): item_id for number, item_id in items.items()}
    choice_of = {choice.value: choice for choice in BallotChoice}
    for row in table:
        key, number_text, choice_text = row.cells
        item_id, choice = item_ids.get(number_text), choice_of.get(choice_text)
        if key not in keys:
            row.refuse(_l("No owner with the key %(key)s is in this meeting's roster.", key=key[:64]))
        if item_id is None:
            number = row.parse("item_no", tabular.parse_int)
            if number is not None and number not in items:
                row.refuse(_l("item_no must be the number of an item of this meeting."))
            item_id = items.get(number)
        if choice is None:
            choice = row.choice("choice", BallotChoice)
        if row.failed:
            continue
        other = seen.setdefault((key, item_id), row.line)
        if other != row.line:
            row.refuse(
                _l("%(key)s already has a choice on this item on row %(other)d.", key=key, other=other)
            )
            continue
        choices.setdefault(key, {})[item_id] = choice
    return table.check(choices, empty=_l("The file has no ballots."))


def import_paper_ballots(
    meeting: Meeting, data: bytes, *, actor: User, collected_on: date | None = None
) -> int:
    """Enter every paper ballot of the file, or none: a group that already voted on an item
    makes the whole file refused with the conflicts named, also when its ballot is recorded
    while the file is being entered (the unique constraint decides). The ballots are entered by
    `actor` on the paper channel; one audit record names the file (its SHA-256), the owner keys
    and the count per item. Returns the number of ballots."""
    now = utcnow()
    collected_on = collected_on or beijing_date(now)
    require_paper_entry(meeting, now, collected_on)
    owner_ids = _owner_ids(meeting)
    choices = parse_paper_ballots(meeting, data, owner_ids)
    conflicts = _conflicts(meeting, choices)
    if conflicts:
        raise PaperBallotsInvalid(conflicts)
    rows, per_item = _ballot_rows(meeting, choices, owner_ids)
    try:
        with db.session.begin_nested():
            bulk.insert_rows(
                Ballot.__table__,
                ("item_id", "group_id", "choice"),
                rows,
                meeting_id=meeting.id,
                channel=BallotChannel.PAPER,
                cast_by_id=actor.id,
                proxy_name="",
                receipt="",
                cast_at=now,
                collected_on=collected_on,
                void_reason="",
            )
    except IntegrityError as error:  # a ballot of one of these groups was recorded meanwhile
        message = _l(
            "Ballots were recorded for some of these owners while the file was entered. Nothing was entered."
        )
        raise PaperBallotsInvalid([RowError(FILE_LEVEL, message), *_conflicts(meeting, choices)]) from error
    after = {"ballots": len(rows), "owners": len(choices), "items": per_item}
    after |= {"file_sha256": hashlib.sha256(data).hexdigest(), "owner_keys": sorted(choices)}
    audit.record("paper_ballots_imported", meeting, after=after, compound_id=meeting.compound_id, actor=actor)
    return len(rows)


def _owner_ids(meeting: Meeting) -> dict[str, int]:
    """The meeting's frozen owner groups, id by key, in the database's order of keys."""
    groups = ElectorateGroup.__table__.c
    query = (
        select(groups.owner_key, groups.id)
        .where(groups.electorate_id == meeting.electorate_id)
        .order_by(groups.owner_key)
    )
    return dict(db.session.connection().execute(query).all())


def _ballot_rows(
    meeting: Meeting, choices: dict[str, dict[int, BallotChoice]], owner_ids: dict[str, int]
) -> tuple[list[tuple], dict[str, int]]:
    """(item id, meeting owner id, choice) in the order an online vote writes its ballots
    (agenda order, then owner key in the database's order), so that a vote cast at the same
    moment cannot deadlock with the file; and the number of ballots per item number."""
    ranked = [(owner_id, choices[key]) for key, owner_id in owner_ids.items() if key in choices]
    rows, per_item = [], {}
    for number, item_id in sorted((item.number, item.id) for item in meeting.items):
        before = len(rows)
        rows += [(item_id, owner_id, chosen[item_id]) for owner_id, chosen in ranked if item_id in chosen]
        per_item[str(number)] = len(rows) - before
    return rows, per_item


def _conflicts(meeting: Meeting, choices: dict[str, dict[int, BallotChoice]]) -> list[RowError]:
    """The file's ballots on items the owner group has already voted on (read for the whole
    meeting: a list of the file's keys could exceed the database's parameter limit)."""
    existing = db.session.execute(
        select(ElectorateGroup.owner_key, Ballot.item_id)
        .join(Ballot, Ballot.group_id == ElectorateGroup.id)
        .where(Ballot.meeting_id == meeting.id)
        .order_by(ElectorateGroup.owner_key, Ballot.item_id)
    ).all()
    numbers = {item.id: item.number for item in meeting.items}
    return [
        RowError(FILE_LEVEL, _l("%(key)s has already voted on item %(n)d.", key=key, n=numbers[item_id]))
        for key, item_id in existing
        if item_id in choices.get(key, {})
    ]
