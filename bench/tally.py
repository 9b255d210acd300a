"""Benchmark: tally a 50,000-unit compound with 40,000 owner groups voting on 5 items.

Usage: .venv/bin/python bench/tally.py [--database-url URL]
Builds the roster with the real import, announces a meeting (freezing the roster), inserts
ballots on mixed channels in bulk, then times `tally()` after voting has closed.
The target is under 1 s on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade
from sqlalchemy import insert, select

from portal import create_app
from portal.assembly.models import Ballot, BallotChannel, BallotChoice, MeetingForm, MeetingKind, MeetingOwner
from portal.assembly.rules import Matter
from portal.assembly.services import ItemDraft, create_meeting, publish
from portal.assembly.tally import tally
from portal.auth.services import register_user
from portal.extensions import db
from portal.places.roster import HEADER, import_roster
from portal.places.services import ensure_compound

UNITS, GROUPS = 50_000, 40_000


def roster() -> bytes:
    """50,000 units: 39,999 owners (about 10,000 of them with a second unit) and the developer's
    100 unsold units, so 40,000 owner groups in all."""
    rng = random.Random(5)
    lines = [",".join(HEADER)]
    for n in range(UNITS):
        building, unit = f"{n // 100 + 1}号楼", f"{n % 100 + 1:03d}"
        area = f"{rng.randint(4000, 16000) / 100:.2f}"
        if n >= UNITS - 100:
            lines.append(f"{building},{unit},{area},,,,,unsold")
        else:
            owner = n if n < GROUPS - 1 else rng.randrange(GROUPS - 1)  # the rest: second units
            lines.append(f"{building},{unit},{area},,K{owner},业主{owner},,")
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'tally.sqlite3'}"
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context(), app.test_request_context():
            upgrade()
            compound = ensure_compound("基准大型小区", "基准社区", "基准街道")
            import_roster(compound, roster())
            committee = register_user("13500000001", "计票员", "Bench2026pass")
            now = datetime.now(UTC)
            opens = now + timedelta(days=15)
            meeting = create_meeting(
                compound,
                title="基准会议",
                kind=MeetingKind.REGULAR,
                form=MeetingForm.WRITTEN,
                opens_at=opens,
                closes_at=opens + timedelta(days=10),
                items=[
                    ItemDraft(f"议题{n}", "", matter) for n, matter in enumerate(list(Matter)[4:9], start=1)
                ],
                actor=committee,
            )
            publish(meeting, actor=committee, now=now)
            owners = db.session.scalars(
                select(MeetingOwner.id).where(MeetingOwner.meeting_id == meeting.id)
            ).all()
            rng = random.Random(9)
            channels, choices = list(BallotChannel), list(BallotChoice)
            rows = [
                {
                    "meeting_id": meeting.id,
                    "item_id": item.id,
                    "meeting_owner_id": owner,
                    "choice": rng.choice(choices),
                    "channel": rng.choice(channels),
                    "cast_by_id": committee.id,
                    "proxy_name": "",
                    "receipt": "",
                    "cast_at": opens,
                }
                for item in meeting.items
                for owner in owners
                if rng.random() < 0.8
            ]
            db.session.execute(insert(Ballot), rows)
            db.session.commit()
            print(f"{len(owners)} owner groups, {len(rows)} ballots on {len(meeting.items)} items")
            for run in range(3):
                started = time.perf_counter()
                result = tally(meeting, meeting.voting_closes_at)
                elapsed = time.perf_counter() - started
                turnout = result.items[0].participating_owners
                print(f"tally run {run + 1}: {elapsed:.3f} s; item 1 participating {turnout}")
            db.engine.dispose()


if __name__ == "__main__":
    main()
