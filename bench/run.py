"""Benchmark every page of the portal against a bare Flask app and the hand-tuned anchors.

Usage: .venv/bin/python bench/run.py [--duration 10] [--connections 16] [--compounds 20]
       [--only WORD ...] [--database-url URL] [--json FILE] [--compare FILE]
       [--reuse FILE [--build-only]]

Builds a database of realistic size (20 compounds x 1,000 units with owners and claims; the first
compound has an open meeting, notices, a volunteering activity and receipts), serves the portal,
a bare Flask "hello" app and the anchors (bench/anchor.py) with the same gunicorn settings on
127.0.0.1, drives each page of `PAGES` with wrk (Debian package `wrk`) and prints requests/s,
p50, p99, the ratio to hello and the ratio to the page's anchor: the write anchor for POSTs that
record something, the read anchor for signed-in pages.

A page joins the benchmark with one line in `PAGES` (bench/pages.py); if it needs rows of its
own, add them in `build_database` (bench/fixture.py) and name their ids in the fixture it returns.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.fixture import build_database, sign_people_in  # noqa: E402
from bench.pages import PAGES, Page  # noqa: E402
from bench.traffic import anchor_requests, chosen, login_form, measure, requests_of, serve, stop, wrk  # noqa: E402


def run(args, folder: Path, url: str) -> tuple[dict, dict]:
    started = time.monotonic()
    if args.reuse and Path(args.reuse).exists():
        fixture = json.loads(Path(args.reuse).read_text())
        print(f"reusing the database of {args.reuse} on {url.split('@')[-1]}", flush=True)
    else:
        print(f"building {args.compounds} x {args.units} units on {url.split('@')[-1]} ...", flush=True)
        fixture = build_database(url, args.compounds, args.units)
        if args.reuse:
            Path(args.reuse).write_text(json.dumps(fixture))
    if args.build_only:
        return {}, {}
    secret = "b" * 64
    people = sign_people_in(url, secret, fixture)
    print(f"built in {time.monotonic() - started:.0f} s", flush=True)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": secret,
        "SESSION_COOKIE_SECURE": "0",  # plain HTTP on loopback; production sits behind TLS
        "LOGIN_LIMIT_PER_ACCOUNT": "1000000 per minute",
        "LOGIN_LIMIT_PER_ACCOUNT_ADDRESS": "1000000 per minute",
        "LOGIN_LIMIT_PER_ADDRESS": "1000000 per minute",
        "ANCHOR_MEETING_ID": str(fixture["meeting"]),
        "ANCHOR_ITEM_IDS": ",".join(str(item) for item in fixture["items"]),
        "ANCHOR_COMPOUND_ID": str(fixture["compound"]),
    }
    env.pop("FLASK_DEBUG", None)
    pages = [page for page in PAGES if chosen(page, args.only)]
    results = {}
    process, base = serve("bench.hello:app", env)
    try:
        results["bare hello"] = wrk(base + "/", args.duration, args.connections)
    finally:
        stop(process)

    def measured(base: str, name: str, requests: list[tuple]) -> dict:
        print(f"  {name} ...", flush=True)
        return measure(base, name, requests, args, folder)

    # Each anchor is measured right before the pages it is the yardstick of, after the database
    # has written out what the earlier runs left (the write anchor's thousands of ballots used
    # to be checkpointed during the read anchor's run, which then measured the disk).
    for kinds, anchor_kind in ((("public",), None), (("read",), "read"), (("write", "login"), "write")):
        group = [page for page in pages if page.kind in kinds]
        if not group:
            continue
        settle(url)
        if anchor_kind and any(page.kind == anchor_kind for page in group):
            process, base = serve("bench.anchor:app", env)
            try:
                name = f"{anchor_kind} anchor"
                results[name] = measured(base, name, anchor_requests(anchor_kind, fixture, people))
            finally:
                stop(process)
        for app, cold in dict.fromkeys((page.app, page.cold) for page in group):
            served = [page for page in group if (page.app, page.cold) == (app, cold)]
            process, base = serve(app, env | ({"PUBLIC_PAGE_CACHE_SECONDS": "0"} if cold else {}))
            try:
                login = login_form(base)
                for page in served:
                    results[page.name] = measured(base, page.name, requests_of(page, fixture, people, login))
            finally:
                stop(process)
    return results, {page.name: page for page in pages}


def settle(url: str) -> None:
    """Have the database write out what earlier runs left in memory and in the WAL (PostgreSQL's
    CHECKPOINT, SQLite's WAL checkpoint), so that the next run does not pay for it."""
    from sqlalchemy import create_engine

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            sqlite = engine.dialect.name == "sqlite"
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)" if sqlite else "CHECKPOINT")
    finally:
        engine.dispose()


def milliseconds(latency: str | None) -> float:
    """wrk's latency ("850.00us", "12.31ms", "1.06s") in milliseconds."""
    if not latency:
        return float("inf")
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", latency).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def verdict(page: Page | None, result: dict, hello: float, anchor: dict | None, sqlite: bool) -> str:
    """Whether the page meets its target of issue 15 (PostgreSQL's; on SQLite: no errors, and
    the vote's p99 under 300 ms)."""
    if page is None:
        return ""
    if sqlite:
        if result["errors"] or result.get("socket_errors"):
            return "no: errors"
        if "vote" in page.name:
            return "yes" if milliseconds(result["p99"]) < 300 else "no: p99"
        return "yes (no errors)"
    if page.kind == "public":
        return "yes" if result["rate"] >= 0.35 * hello else "no: < 0.35 hello"
    if page.kind == "login" or not anchor:
        return ""
    misses = []
    if result["rate"] < 0.5 * anchor["rate"]:
        misses.append("< 0.5 anchor")
    if milliseconds(result["p99"]) >= 100:
        misses.append("p99")
    return "no: " + ", ".join(misses) if misses else "yes"


def errors(result: dict) -> str:
    """Answers other than 2xx/3xx, and socket errors (connect, read, write, timeout) after a "+"."""
    socket_errors = result.get("socket_errors", 0)
    return f"{result['errors']}+{socket_errors}" if socket_errors else str(result["errors"])


def table(results: dict, pages: dict[str, Page], sqlite: bool) -> str:
    hello = results["bare hello"]["rate"]
    anchors = {"write": results.get("write anchor"), "read": results.get("read anchor")}
    order = ["bare hello", "write anchor", "read anchor", *(page.name for page in PAGES)]
    lines = [
        f"{'page':<34} {'req/s':>8} {'p50':>9} {'p99':>9} {'/hello':>7} {'/anchor':>8} {'errors':>7}"
        "  target met",
    ]
    for name in [name for name in order if name in results]:
        result, page = results[name], pages.get(name)
        anchor = anchors.get(page.kind) if page else None
        to_anchor = f"{result['rate'] / anchor['rate']:.2f}" if anchor and anchor["rate"] else "-"
        lines.append(
            f"{name:<34} {result['rate']:>8.1f} {result['p50'] or '-':>9} {result['p99'] or '-':>9} "
            f"{result['rate'] / hello:>7.3f} {to_anchor:>8} {errors(result):>7}  "
            f"{verdict(page, result, hello, anchor, sqlite)}"
        )
    return "\n".join(lines)


def slowdowns(before: dict, now: dict) -> str:
    """Each page's time per request now over its time in the earlier run (`--compare`), as
    measured and normalised by each run's own bare hello (the machine's speed then and now);
    the target is at most 1.2, judged on the measured figure."""
    hello_then, hello_now = before["bare hello"]["rate"], now["bare hello"]["rate"]
    lines = [f"{'page':<34} {'then':>8} {'now':>8} {'slowdown':>9} {'/hello':>7}  within 1.2x"]
    for name, result in now.items():
        if name not in before or not result["rate"] or not before[name]["rate"]:
            continue
        slowdown = before[name]["rate"] / result["rate"]
        normalised = (before[name]["rate"] / hello_then) / (result["rate"] / hello_now)
        lines.append(
            f"{name:<34} {before[name]['rate']:>8.1f} {result['rate']:>8.1f} {slowdown:>9.2f} "
            f"{normalised:>7.2f}  {'yes' if slowdown <= 1.2 else 'no'}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per page (default 10)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--compounds", type=int, default=20, help="20; 200 for a whole district")
    parser.add_argument("--units", type=int, default=1000, help="units per compound")
    parser.add_argument("--only", nargs="*", default=[], help="measure only pages whose name has a word")
    parser.add_argument("--database-url", default="", help="default: a new SQLite file")
    parser.add_argument("--json", default="", help="also write the figures to this file")
    parser.add_argument(
        "--compare", default="", help="the --json file of a run at 20 compounds: print each page's slowdown"
    )
    parser.add_argument(
        "--reuse",
        default="",
        help="a fixture file: built into --database-url and written there if missing, else reused",
    )
    parser.add_argument("--build-only", action="store_true", help="build the database (with --reuse)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    if not (ROOT / "portal/translations/zh_Hans_CN/LC_MESSAGES/messages.mo").exists():
        raise SystemExit("the Chinese catalogue is not compiled (pages in English): make translations")
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        results, pages = run(args, Path(folder), url)
    if not results:
        return
    print()
    print(table(results, pages, url.startswith("sqlite")))
    if args.compare:
        print()
        print(slowdowns(json.loads(Path(args.compare).read_text()), results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
