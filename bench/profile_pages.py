"""Where a page's time goes: SQL, the ORM, forms, Babel, Jinja, the portal's own code.

Usage: .venv/bin/python bench/profile_pages.py [--compounds 3] [--requests 200] [--only WORD ...]
       [--database-url URL] [--stats FILE]

Builds the benchmark database of bench/run.py (fewer compounds by default: the first compound,
the one the pages show, is as large as there), then sends each chosen page of `pages.PAGES` through
the Flask test client in this process under cProfile (signed-in pages and POSTs, and the public
pages' cold renders: the app runs with the page cache off), as the same people with the same rotating
requests, and prints per request: the time, the SQL statements and the time spent in them
(wall time around each cursor execution), and the profile's own time by library. At the end, a
table of each page's CPU a request over its anchor's and over the floor's (bench/floor.py), with
the budgets proposed in bench/README.md instead of issue 15's throughput ratios.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import fixture as bench_fixture  # noqa: E402
from bench import floor, pages, traffic  # noqa: E402

#: The page every signed-in page costs at least (bench/floor.py).
FLOOR = next(page.name for page in pages.PAGES if page.path == floor.FLOOR_PATH)

#: Buckets of the profile's own time, by the file a function is in (first match wins).
BUCKETS = [
    ("SQL driver", ("sqlite3", "psycopg", "socket", "select.", "poll")),
    ("ORM", ("sqlalchemy/orm/",)),
    ("SQLAlchemy Core", ("sqlalchemy/",)),
    ("forms", ("wtforms/", "flask_wtf/")),
    ("Babel", ("babel/", "flask_babel/", "gettext.py")),
    ("Jinja", ("jinja2/", "markupsafe/", ".html")),
    ("Flask, Werkzeug, Flask-Login", ("flask/", "werkzeug/", "flask_login/", "itsdangerous/")),
    ("portal", ("/portal/",)),
]


def bucket(filename: str, function: str) -> str:
    where = f"{filename} {function}"
    for name, needles in BUCKETS:
        if any(needle in where for needle in needles):
            return name
    return "other"


def by_bucket(profile: cProfile.Profile) -> dict[str, float]:
    """The profile's own time (tottime) summed by bucket, in seconds."""
    totals: dict[str, float] = defaultdict(float)
    for (filename, _line, function), (_calls, _primitive, own, _cumulative, _callers) in pstats.Stats(
        profile
    ).stats.items():
        totals[bucket(filename, function)] += own
    return totals


class SQLClock:
    """Counts statements and the time spent executing them (around the DBAPI cursor)."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.engine, self.statements, self.seconds, self._started = engine, 0, 0.0, 0.0
        event.listen(engine, "before_cursor_execute", self.before)
        event.listen(engine, "after_cursor_execute", self.after)

    def close(self) -> None:
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self.before)
        event.remove(self.engine, "after_cursor_execute", self.after)

    def before(self, *_args) -> None:
        self._started = time.perf_counter()

    def after(self, *_args) -> None:
        self.statements += 1
        self.seconds += time.perf_counter() - self._started


def profile_page(app, engine, name: str, requests: list[tuple], count: int, stats_file: str) -> float:
    """Send `count` of the requests (in turn) through the app's test client under cProfile, print
    where the time went, and return the CPU milliseconds a request (without the profiler)."""
    client = app.test_client(use_cookies=False)
    # Like wrk, send no User-Agent: the one the people signed in with (bench/fixture.py), so that
    # Flask-Login's session protection finds the same device and the session is not re-written.
    client.environ_base.pop("HTTP_USER_AGENT", None)
    clock = SQLClock(engine)
    statuses: dict[int, int] = defaultdict(int)
    for method, path, headers, body in requests[:3]:  # warm up: templates compiled, caches filled
        client.open(path, method=method, headers=headers, data=body)
    started = time.process_time()
    for k in range(count):  # first without the profiler, whose overhead doubles the time
        method, path, headers, body = requests[(k + 3) % len(requests)]
        client.open(path, method=method, headers=headers, data=body)
    plain = (time.process_time() - started) / count
    clock.statements, clock.seconds = 0, 0.0
    profile = cProfile.Profile(time.process_time)  # CPU time: the machine is shared
    started = time.process_time()
    profile.enable()
    for k in range(count):  # the next requests (a POST's are each made once where they can be)
        method, path, headers, body = requests[(k + 3 + count) % len(requests)]
        statuses[client.open(path, method=method, headers=headers, data=body).status_code] += 1
    profile.disable()
    clock.close()  # the next page's clock counts alone
    elapsed = (time.process_time() - started) / count
    totals = by_bucket(profile)
    print(
        f"\n{name}: {plain * 1000:.1f} ms of CPU a request ({elapsed * 1000:.1f} ms profiled), "
        f"statuses {dict(statuses)}"
    )
    print(f"  SQL: {clock.statements / count:.1f} statements, {clock.seconds / count * 1000:.1f} ms")
    for library, seconds in sorted(totals.items(), key=lambda pair: -pair[1]):
        print(f"  {library:<30} {seconds / count * 1000:7.2f} ms  {seconds / sum(totals.values()):5.0%}")
    if stats_file:
        profile.dump_stats(f"{stats_file}.{name.replace(' ', '_')}.prof")
    return plain * 1000


#: The budgets proposed instead of issue 15's throughput ratios (bench/README.md, "The targets"):
#: CPU a request, as a multiple of its anchor's measured in the same run. They do not move with
#: the machine's load as requests/s do, and they leave room for what the anchors do not do.
CONTENT_PAGE_BUDGET = 4  # × the read anchor: a signed-in page
LIST_BUDGET = 8  # × the read anchor: a list of 50 rows or more (the anchor's own list is 50)
POST_BUDGET = 3  # × the write anchor: a POST that records something
LIST_ROWS = 50


def budget(page: pages.Page) -> tuple[str, float] | None:
    """The anchor a page is held to and its budget (× that anchor), or None (public pages)."""
    if page.kind == "write":
        return "write anchor", POST_BUDGET
    if page.kind == "read":
        return "read anchor", LIST_BUDGET if page.rows >= LIST_ROWS else CONTENT_PAGE_BUDGET
    return None


def budget_table(cpu: dict[str, float]) -> str:
    """Each page's CPU a request, over its anchor's and over the floor's (bench/floor.py: what
    is left for the page's own content), and whether it keeps the proposed budget."""
    floor = cpu.get(FLOOR)
    lines = [f"{'page':<38} {'CPU ms':>7} {'× anchor':>9} {'− floor':>8}  budget"]
    for page in pages.PAGES:
        if page.name not in cpu:
            continue
        ms, held = cpu[page.name], budget(page)
        if held is None or held[0] not in cpu:
            lines.append(f"{page.name:<38} {ms:>7.2f} {'-':>9} {'-':>8}  -")
            continue
        anchor, allowed = held
        ratio = ms / cpu[anchor]
        content = f"{ms - floor:>8.2f}" if floor is not None and page.kind == "read" else f"{'-':>8}"
        verdict = f"{'yes' if ratio <= allowed else 'no'} (≤ {allowed}× {anchor})"
        lines.append(f"{page.name:<38} {ms:>7.2f} {ratio:>9.2f} {content}  {verdict}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compounds", type=int, default=3)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200, help="profiled requests per page")
    parser.add_argument("--only", nargs="*", default=["to-do home", "queue", "online vote"])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--stats", default="", help="also dump each page's cProfile stats here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        fixture = bench_fixture.build_database(url, args.compounds, args.units)
        secret = "b" * 64
        os.environ |= {
            "DATABASE_URL": url,
            "SECRET_KEY": secret,
            "ANCHOR_MEETING_ID": str(fixture["meeting"]),
            "ANCHOR_ITEM_IDS": ",".join(str(item) for item in fixture["items"]),
            "ANCHOR_COMPOUND_ID": str(fixture["compound"]),
        }
        people = bench_fixture.sign_people_in(url, secret, fixture)

        from bench import anchor
        from portal import create_app
        from portal.extensions import db

        cpu = {}
        for kind, name in (("write", "write anchor"), ("read", "read anchor")):
            requests = traffic.anchor_requests(kind, fixture, people)
            cpu[name] = profile_page(anchor.app, anchor.engine, name, requests, args.requests, args.stats)
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": secret,
                "SESSION_COOKIE_SECURE": False,
                "RATELIMIT_ENABLED": False,
                "PUBLIC_PAGE_CACHE_SECONDS": 0,  # public pages: what a cold render costs
            }
        )
        floor.add_floor(app)
        with app.app_context():
            engine = db.engine
        for page in pages.PAGES:
            if traffic.chosen(page, args.only) and (page.kind in ("read", "write") or page.cold):
                requests = traffic.requests_of(page, fixture, people, {})
                cpu[page.name] = profile_page(app, engine, page.name, requests, args.requests, args.stats)
        print(f"\nCPU a request and the proposed budgets\n{budget_table(cpu)}")


if __name__ == "__main__":
    main()
