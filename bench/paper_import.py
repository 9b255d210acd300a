"""Benchmark: import a file of paper ballots (every owner group × 5 items) into an open meeting.

Usage: .venv/bin/python bench/paper_import.py [--units N] [--items K] [--xlsx] [--database-url URL]
Builds the roster with the real import (23,000 units, ~19,700 owner groups by default), announces
a meeting whose vote is open now, writes the CSV `owner_key,item_no,choice` (~98,600 rows, just
under the limit of 100,000) and times `import_paper_ballots` (parse, check, write, commit). The
target is well under 5 s. `--units 100000` makes the 7 MB file of the hardening review (428,535
rows), which is refused at once. `--xlsx` writes the rows as an Excel workbook instead
(`--units 11500 --xlsx`: ~49,000 rows, about the workbook limit).
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
from sqlalchemy import func, select

from bench.roster_import import as_workbook, backend_cpu, make_roster
from portal import create_app
from portal.assembly.models import Ballot, MeetingForm, MeetingKind, MeetingOwner
from portal.assembly.paper_import import PaperBallotsInvalid, import_paper_ballots
from portal.assembly.rules import Matter
from portal.assembly.services import ItemDraft, create_meeting, publish
from portal.auth.services import register_user
from portal.extensions import db
from portal.places.roster import import_roster
from portal.places.services import ensure_compound


def open_meeting(compound, committee, items: int):
    """A meeting whose vote opened yesterday (notice published 16 days before)."""
    now = datetime.now(UTC)
    meeting = create_meeting(
        compound,
        title="基准会议",
        kind=MeetingKind.REGULAR,
        form=MeetingForm.WRITTEN,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=9),
        items=[ItemDraft(f"议题{n}", "", Matter.COVENANT) for n in range(1, items + 1)],
        actor=committee,
    )
    publish(meeting, actor=committee, now=now - timedelta(days=16))
    return meeting


def paper_file(keys: list[str], items: int, seed: int = 3) -> bytes:
    """One row per owner group and item, with random choices."""
    rng = random.Random(seed)
    choices = ("agree", "oppose", "abstain")
    lines = ["owner_key,item_no,choice"]
    lines += [f"{key},{n},{rng.choice(choices)}" for key in keys for n in range(1, items + 1)]
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=23_000)
    parser.add_argument("--items", type=int, default=5)
    parser.add_argument("--xlsx", action="store_true", help="upload an Excel workbook instead of CSV")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'paper.sqlite3'}"
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context(), app.test_request_context():
            upgrade()
            compound = ensure_compound("基准大型小区", "基准社区", "基准街道")
            import_roster(compound, make_roster(args.units))
            committee = register_user("13500000001", "计票员", "Bench2026pass")
            meeting = open_meeting(compound, committee, args.items)
            db.session.commit()
            keys = list(
                db.session.scalars(
                    select(MeetingOwner.owner_key)
                    .where(MeetingOwner.meeting_id == meeting.id)
                    .order_by(MeetingOwner.id)
                )
            )
            data = paper_file(keys, args.items)
            data = as_workbook(data) if args.xlsx else data
            print(f"file: {len(data) / 1e6:.1f} MB, {len(keys) * args.items} rows, {len(keys)} owner groups")
            server = backend_cpu()
            started, cpu = time.perf_counter(), time.process_time()
            try:
                count = import_paper_ballots(meeting, data, actor=committee)
            except PaperBallotsInvalid as refused:
                db.session.rollback()
                print(f"refused in {time.perf_counter() - started:.2f} s: {refused.errors[0]}")
                return
            db.session.commit()
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            server = backend_cpu() - server
            stored = db.session.scalar(select(func.count(Ballot.id)))
            print(f"paper import: {count} ballots ({stored} stored) in {elapsed:.2f} s")
            print(f"CPU: this process {cpu:.2f} s, PostgreSQL {server:.2f} s")
            db.engine.dispose()


if __name__ == "__main__":
    main()
