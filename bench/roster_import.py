"""Benchmark: generate a roster and import it on a fresh database.

Usage: .venv/bin/python bench/roster_import.py [--units N] [--xlsx] [--database-url URL]
Prints the time of the first import (all units created) and of a re-import (all unchanged).
`--units 113000` makes an 8 MiB CSV (the upload limit); `--xlsx` writes the same rows as an
Excel workbook (with openpyxl, so strings inline: the slow case for reading).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade
from openpyxl import Workbook
from sqlalchemy import text

from portal import create_app
from portal.extensions import db
from portal.places.roster import HEADER, import_roster
from portal.places.services import ensure_compound, roster_summary


def make_roster(units: int, seed: int = 7) -> bytes:
    """A roster of `units` units in buildings of 60, about 1 in 8 owners holding two units and
    1 in 50 units unsold."""
    rng = random.Random(seed)
    lines = [",".join(HEADER)]
    owner = 0
    for n in range(units):
        building, unit = f"{n // 60 + 1}号楼", f"{(n % 60) // 2 + 1:02d}0{n % 2 + 1}"
        area = f"{rng.randint(4000, 16000) / 100:.2f}"
        if rng.random() < 0.02:
            lines.append(f"{building},{unit},{area},registered,,,,unsold")
            continue
        if rng.random() > 0.125 or owner == 0:
            owner += 1
        lines.append(f"{building},{unit},{area},registered,K{owner:06d},业主{owner},139{owner:08d},delivered")
    return ("\n".join(lines) + "\n").encode()


def backend_cpu() -> float:
    """CPU seconds used so far by this session's PostgreSQL backend (0 on SQLite, which runs in
    this process). The server runs on this machine, so /proc shows it: with the process's own
    CPU time this gives the work done, whatever else the shared machine is doing."""
    if db.engine.dialect.name != "postgresql":
        return 0.0
    pid = db.session.scalar(text("SELECT pg_backend_pid()"))
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def as_workbook(csv_data: bytes) -> bytes:
    """The CSV's rows as an XLSX sheet, numbers typed as numbers."""
    book = Workbook()
    for line in csv_data.decode().splitlines():
        book.active.append([_number(cell) for cell in line.split(",")])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(cell: str):
    try:
        return float(cell) if "." in cell else cell
    except ValueError:
        return cell


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--xlsx", action="store_true", help="upload an Excel workbook instead of CSV")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade()
            data = as_workbook(make_roster(args.units)) if args.xlsx else make_roster(args.units)
            compound = ensure_compound("基准小区", "基准社区", "基准街道")
            db.session.commit()
            for label in ("first import", "re-import"):
                server = backend_cpu()
                started, cpu = time.perf_counter(), time.process_time()
                report = import_roster(compound, data)
                db.session.commit()
                elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
                server = backend_cpu() - server
                print(f"{label:>12}: {args.units} units, {len(data) / 2**20:.1f} MiB, in {elapsed:.2f} s")
                print(
                    f"{'':>12}  CPU: this process {cpu:.2f} s, PostgreSQL {server:.2f} s; {report.as_dict()}"
                )
            print(f"summary: {roster_summary(compound).as_dict()}")
            db.engine.dispose()


if __name__ == "__main__":
    main()
