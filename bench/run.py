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

A page joins the benchmark with one line in `PAGES`; if it needs rows of its own, add them in
`build_database` and name their ids in the fixture it returns.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.capability_rows import MEDIATOR_PHONE  # noqa: E402

PASSWORD = "Bench2026pass"
COMMITTEE_PHONE = "13500000000"
ADMIN_PHONE = "13500000001"
#: The first verified owner of compound 1 (see build_database: every tenth claim is pending).
OWNER_PHONE = "13700000001"
#: How many different owners the POSTs rotate through (each request is another person).
VOTERS = 500
SESSIONS = 19  # volunteering sessions (prime, so owner x session pairs repeat late)
NOTICES = 30
#: Requests written into a rotating wrk script at most (a POST repeated beyond this repeats).
MAX_REQUESTS = 9500


#: The complaint form as a resident fills it in (`{compound}` is the fixture's compound).
COMPLAINT_FORM = {
    "compound": "{compound}",
    "category": "repairs",
    "respondent": "property_company",
    "description": "电梯经常停运，物业维修不及时，请调解站协调。",
    "contact_method": "phone",
    "mediation_consent": "y",
}


@dataclass(frozen=True)
class Page:
    """One thing to measure. `path` is formatted with the fixture (`{compound}`, `{meeting}`,
    ...; a fixture value that is a list takes its next element on each request). `who`: nobody
    (anonymous), "owner", "committee", "admin", "owners" (a different owner each request) or
    "api-owners" (the same with bearer tokens), "mediator". `kind` picks the anchor: "write" (a
    POST that records something), "read" (a signed-in page), "public" or "login" (hello only).
    `form`: the POST's fields (values formatted with the fixture; a list is sent as repeated
    fields), or {"vote": "all"} for the meeting's ballot."""

    name: str
    path: str
    kind: str = "read"
    who: str = "owner"
    method: str = "GET"
    form: dict = field(default_factory=dict)
    cold: bool = False  # served with the public page cache off (every request renders)


PAGES = [
    # Public pages, with the page cache warm (as in production) and cold.
    Page("home page", "/", "public", who=""),
    Page("home page, cold cache", "/", "public", who="", cold=True),
    Page("compound page", "/places/compounds/{compound}", "public", who=""),
    Page("compound page, cold cache", "/places/compounds/{compound}", "public", who="", cold=True),
    Page("notice board", "/notices/compounds/{compound}", "public", who=""),
    Page("notice board, cold cache", "/notices/compounds/{compound}", "public", who="", cold=True),
    # Signed-in pages.
    Page("to-do home", "/"),
    Page("inbox", "/notifications/"),
    Page("notice board (owner)", "/notices/compounds/{compound}"),
    Page("notice", "/notices/{notice}"),
    Page("meetings of the compound", "/assembly/compounds/{compound}"),
    Page("meeting page", "/assembly/meetings/{meeting}"),
    Page("meeting page (committee)", "/assembly/meetings/{meeting}", who="committee"),
    Page("ballot page", "/assembly/meetings/{meeting}/vote"),
    Page("my receipts", "/assembly/receipts"),
    Page("verification queue (50 claims)", "/registration/review/{compound}", who="committee"),
    Page("volunteering", "/volunteering/"),
    Page("volunteering activity", "/volunteering/activities/{activity}"),
    Page("my volunteering", "/volunteering/me"),
    Page("check-in list", "/volunteering/sessions/{first_session}/check-in", who="committee"),
    Page("admin audit page", "/admin/audit", who="admin"),
    Page("committee elections of the compound", "/elections/compounds/{compound}"),
    Page("election page (open for voting)", "/elections/{election}"),
    Page("election ballot page", "/elections/{election}/vote"),
    Page("the committee's page", "/elections/committee/{compound}"),
    Page("my complaints", "/mediation/"),
    Page("complaint page", "/mediation/complaints/{complaint}"),
    Page("mediation queue (50 complaints)", "/mediation/offices/{street_office}/queue", who="mediator"),
    Page("residents' forum (50 topics)", "/forum/compounds/{compound}"),
    Page("forum topic (20 replies)", "/forum/topics/{topic}"),
    Page("public ledger (a month of 60 entries)", "/ledger/compounds/{compound}?month={ledger_month}"),
    Page("management and fees", "/management/compounds/{compound}"),
    Page("overview (all compounds)", "/management/overview", who="admin"),
    # POSTs that record something (each request by another owner).
    Page("online vote POST", "/assembly/meetings/{meeting}/vote", "write", "owners", "POST", {"vote": "all"}),
    Page(
        "vote API POST", "/api/v1/meetings/{meeting}/ballots", "write", "api-owners", "POST", {"vote": "all"}
    ),
    Page("volunteering sign-up POST", "/volunteering/sessions/{session}/signup", "write", "owners", "POST"),
    Page(
        "election vote POST",
        "/elections/{election}/vote",
        "write",
        "owners",
        "POST",
        {"candidates": "{candidates}"},
    ),
    Page("complaint filing POST", "/mediation/new", "write", "owners", "POST", COMPLAINT_FORM),
    Page(
        "forum reply POST",
        "/forum/topics/{reply_topic}",
        "write",
        "owners",
        "POST",
        {"body": "同意，建议尽快维修。"},
    ),
    # Signing in: bounded by the password hash.
    Page("login POST", "/auth/login", "login", who=""),
]


def build_database(url: str, compounds: int, units: int) -> dict:
    """Create the schema with the migrations and fill it; returns the ids the pages need."""
    from flask_migrate import upgrade
    from sqlalchemy import insert
    from werkzeug.security import generate_password_hash

    from bench.roster_import import make_roster
    from portal import create_app
    from portal.auth.models import Role, User
    from portal.auth.services import grant_role, register_user
    from portal.extensions import db
    from portal.places.models import Unit
    from portal.places.roster import import_roster
    from portal.places.services import ensure_compound
    from portal.registration.models import ClaimStatus, UnitClaim

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        shared_hash = generate_password_hash(PASSWORD)
        fixture = {}
        for n in range(compounds):
            compound = ensure_compound(f"基准小区{n + 1:03d}", f"基准社区{n // 4 + 1}", "基准街道")
            import_roster(compound, make_roster(units, seed=n))
            unit_ids = db.session.scalars(db.select(Unit.id).where(Unit.compound_id == compound.id)).all()
            prefix = f"137{n:03d}" if compounds > 100 else f"137{n:02d}"
            digits = 11 - len(prefix)
            users = [
                {
                    "phone": f"{prefix}{k:0{digits}d}",
                    "name": f"业主{n}-{k}",
                    "password_hash": shared_hash,
                    "active": True,
                }
                for k in range(len(unit_ids) * 6 // 10)
            ]
            db.session.execute(insert(User), users)
            user_ids = db.session.scalars(
                db.select(User.id).where(User.phone.like(f"{prefix}%")).order_by(User.id)
            ).all()
            claims = [
                {
                    "user_id": user_id,
                    "unit_id": unit_id,
                    "compound_id": compound.id,
                    "certificate_no": f"CERT{unit_id}",
                    "status": ClaimStatus.PENDING if k % 10 == 0 else ClaimStatus.VERIFIED,
                    "reason": "",
                }
                for k, (user_id, unit_id) in enumerate(zip(user_ids, unit_ids, strict=False))
            ]
            db.session.execute(insert(UnitClaim), claims)
            if n == 0:
                committee = register_user(COMMITTEE_PHONE, "基准委员", PASSWORD)
                grant_role(committee, Role.COMMITTEE, compound)
                admin = register_user(ADMIN_PHONE, "基准管理员", PASSWORD)
                grant_role(admin, Role.ADMIN)
                fixture = {"compound": compound.id, **first_compound(compound, committee)}
            db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # After a bulk load the planner needs the tables' statistics, which autovacuum
            # gathers in production (it is off on some machines, this one included).
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("ANALYZE")
        db.engine.dispose()
    return fixture


def first_compound(compound, committee) -> dict:
    """The first compound's life: a meeting open for voting (with one owner's receipt),
    notices on its board, a volunteering activity with sessions and a few sign-ups, and the
    newer capabilities' rows (bench/capability_rows.py: an election open for voting, a
    mediation queue, forum topics, a published month of the ledger)."""
    from bench.capability_rows import add_rows
    from portal.assembly.services import cast_online, read_choices
    from portal.auth.models import User
    from portal.extensions import db
    from portal.notices.models import NoticeCategory
    from portal.notices.services import publish_notice
    from portal.volunteering.models import Category
    from portal.volunteering.services import SessionDraft, create_activity, sign_up

    meeting = open_meeting(compound, committee)
    owner = db.session.scalar(db.select(User).where(User.phone == OWNER_PHONE))
    cast_online(meeting, owner, read_choices(meeting, {item.id: "agree" for item in meeting.items}))
    notices = [
        publish_notice(
            compound,
            title=f"基准通知{k}",
            body="停水通知：明日上午九时至十二时，请提前储水。\n\n" * 5,
            category=NoticeCategory.DECISION,
            publisher=committee,
        )
        for k in range(NOTICES)
    ]
    tomorrow = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    activity = create_activity(
        compound=compound,
        title="基准志愿巡逻",
        category=Category.ENVIRONMENT,
        place="小区东门",
        sessions=[
            SessionDraft(tomorrow + timedelta(days=k), tomorrow + timedelta(days=k, hours=2), 1000)
            for k in range(SESSIONS)
        ],
        signup_closes_at=tomorrow,
        cancel_closes_at=tomorrow,
        actor=committee,
    )
    sign_up(activity.sessions[0], owner)
    newer = add_rows(compound, committee, owner, PASSWORD, datetime.now(UTC))
    return {
        **newer,
        "meeting": meeting.id,
        "items": [item.id for item in meeting.items],
        "notice": notices[-1].id,
        "activity": activity.id,
        "session": [session.id for session in activity.sessions[1:]],
        "first_session": activity.sessions[0].id,
    }


def open_meeting(compound, committee):
    """A meeting of the compound whose voting is open now (notice published 16 days ago)."""
    from portal.assembly.models import MeetingForm, MeetingKind
    from portal.assembly.rules import Matter
    from portal.assembly.services import ItemDraft, create_meeting, publish

    now = datetime.now(UTC)
    meeting = create_meeting(
        compound,
        title="基准会议",
        kind=MeetingKind.REGULAR,
        form=MeetingForm.WRITTEN,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=9),
        items=[ItemDraft(f"议题{n}", "", Matter.COVENANT) for n in range(1, 4)],
        actor=committee,
    )
    publish(meeting, actor=committee, now=now - timedelta(days=16))
    return meeting


@dataclass
class Identity:
    """How one signed-in person's requests are made: the portal's session cookie with its CSRF
    token, a bearer token for the API, and the anchors' cookie."""

    user_id: int
    cookie: str = ""
    csrf: str = ""
    bearer: str = ""
    anchor_cookie: str = ""
    anchor_csrf: str = ""


def sign_people_in(url: str, secret: str, fixture: dict) -> dict[str, list[Identity]]:
    """Open server-side sessions and API tokens for the people the pages are measured as, the
    way signing in does (without paying the password hash for each of them)."""
    from flask import g, session
    from flask_login import login_user
    from flask_wtf.csrf import generate_csrf

    from bench import anchor
    from portal import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secret, "SESSION_COOKIE_SECURE": False})
    from portal.api.services import issue_token
    from portal.assembly.models import Meeting
    from portal.auth.models import User
    from portal.auth.sessions import open_session
    from portal.electorate import DEVELOPER_OWNER_KEY, ElectorateGroup, ElectorateHolder
    from portal.extensions import db

    serializer = app.session_interface.get_signing_serializer(app)
    anchor.app.secret_key = secret

    def identity(user: User, group_id: int | None = None) -> Identity:
        with app.test_request_context("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}):
            open_session(user)
            login_user(user)
            g.pop("csrf_token", None)  # cached in the app context, which every sign-in shares
            csrf = generate_csrf()
            cookie = f"{app.config['SESSION_COOKIE_NAME']}={serializer.dumps(dict(session))}"
            bearer, _ = issue_token(user)
        anchor_cookie, anchor_csrf = anchor.session_cookie(user.id, group_id)
        return Identity(user.id, cookie, csrf, bearer, anchor_cookie, anchor_csrf)

    with app.app_context():
        one = {
            phone: db.session.scalar(db.select(User).where(User.phone == phone))
            for phone in (OWNER_PHONE, COMMITTEE_PHONE, ADMIN_PHONE, MEDIATOR_PHONE)
        }
        # The owners of the meeting's frozen electorate, each once (the election open in the same
        # compound has an electorate of its own, with the same people).
        electorate_id = db.session.get(Meeting, fixture["meeting"]).electorate_id
        groups = db.session.execute(
            db.select(User, ElectorateHolder.group_id)
            .join(ElectorateHolder, ElectorateHolder.user_id == User.id)
            .join(ElectorateGroup, ElectorateGroup.id == ElectorateHolder.group_id)
            .where(ElectorateGroup.electorate_id == electorate_id)
            .where(ElectorateGroup.owner_key != DEVELOPER_OWNER_KEY)  # the developer votes by proxy
            .order_by(User.id)
            .limit(VOTERS)
        ).all()
        people = {
            "owner": [identity(one[OWNER_PHONE])],
            "committee": [identity(one[COMMITTEE_PHONE])],
            "admin": [identity(one[ADMIN_PHONE])],
            "mediator": [identity(one[MEDIATOR_PHONE])],
            "owners": [identity(user, group_id) for user, group_id in groups],
        }
        db.session.commit()
        db.engine.dispose()
    people["api-owners"] = people["owners"]
    return people


def requests_of(page: Page, fixture: dict, people: dict[str, list[Identity]], login: dict) -> list[tuple]:
    """The requests wrk sends for `page`, in turn: (method, path, headers, body)."""
    lists = {key: value for key, value in fixture.items() if isinstance(value, list) and key != "items"}
    used = [key for key in lists if "{" + key + "}" in page.path]
    combinations = 1
    for key in used:
        combinations *= len(lists[key])
    who = people.get(page.who, [None])
    count = min(MAX_REQUESTS, combinations * len(who)) if page.method == "POST" else 1
    requests = []
    for k in range(count):
        values = dict(fixture)
        for key in used:
            values[key] = lists[key][k % len(lists[key])]
        person = who[(k // combinations) % len(who)]
        requests.append(request_for(page, page.path.format(**values), person, fixture, login))
    return requests


def request_for(page: Page, path: str, person: Identity | None, fixture: dict, login: dict) -> tuple:
    headers = {}
    if page.kind == "login":
        body = urllib.parse.urlencode(
            {"csrf_token": login["csrf"], "phone": COMMITTEE_PHONE, "password": PASSWORD}
        )
        headers = {"Cookie": login["cookie"], "Content-Type": "application/x-www-form-urlencoded"}
        return ("POST", path, headers, body)
    if person is None:
        return (page.method, path, headers, "")
    if page.who == "api-owners":
        headers = {"Authorization": f"Bearer {person.bearer}", "Content-Type": "application/json"}
        body = json.dumps({"choices": {str(item): "agree" for item in fixture["items"]}})
        return (page.method, path, headers, body)
    headers = {"Cookie": person.cookie}
    if page.method == "GET":
        return ("GET", path, headers, "")
    fields = {"csrf_token": person.csrf}
    if page.form.get("vote") == "all":
        fields |= {f"item_{item}": "agree" for item in fixture["items"]}
    else:
        fields |= {name: _filled(value, fixture) for name, value in page.form.items()}
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return ("POST", path, headers, urllib.parse.urlencode(fields, doseq=True))


def _filled(value: str, fixture: dict):
    """A form value from the fixture: "{compound}" is its id, "{candidates}" (a list) every
    element as a repeated field."""
    name = value[1:-1] if value.startswith("{") and value.endswith("}") else None
    if name in fixture:
        return [str(v) for v in fixture[name]] if isinstance(fixture[name], list) else str(fixture[name])
    return value


def anchor_requests(kind: str, fixture: dict, people: dict[str, list[Identity]]) -> list[tuple]:
    """The write anchor's requests (each by another owner, like the vote POST) or the read
    anchor's (as the committee member, like the verification queue)."""
    if kind == "read":
        person = people["committee"][0]
        return [("GET", "/queue", {"Cookie": person.anchor_cookie}, "")]
    return [
        (
            "POST",
            "/vote",
            {"Cookie": person.anchor_cookie, "Content-Type": "application/x-www-form-urlencoded"},
            urllib.parse.urlencode({"csrf_token": person.anchor_csrf, "choice": "agree"}),
        )
        for person in people["owners"]
    ]


def lua_script(folder: Path, name: str, requests: list[tuple]) -> str:
    """A wrk script that sends `requests` in turn (the two wrk threads take every other one)."""

    def quoted(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    rows = []
    for method, path, headers, body in requests:
        header_table = ", ".join(f"[{quoted(k)}] = {quoted(v)}" for k, v in headers.items())
        rows.append(f"  {{{quoted(method)}, {quoted(path)}, {{{header_table}}}, {quoted(body)}}},")
    path = folder / (re.sub(r"\W+", "_", name) + ".lua")
    path.write_text(
        "local requests = {\n" + "\n".join(rows) + "\n}\n"
        "local threads = 0\n"
        "function setup(thread) thread:set('first', threads); threads = threads + 1 end\n"
        "function init(args) k = first end\n"
        "function request()\n"
        "  local r = requests[(k % #requests) + 1]\n"
        "  k = k + 2\n"
        "  if r[4] == '' then return wrk.format(r[1], r[2], r[3]) end\n"
        "  return wrk.format(r[1], r[2], r[3], r[4])\n"
        "end\n"
    )
    return str(path)


def check(base: str, request: tuple) -> int:
    """Send one request (not following redirects) and return its status."""
    method, path, headers, body = request
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=30)
    connection.request(method, path, body=body or None, headers=headers)
    status = connection.getresponse().status
    connection.close()
    return status


def wrk(url: str, seconds: int, connections: int, script: str | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.M))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "rate": rate,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": int(non_2xx[1]) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(app_path: str, env: dict) -> tuple[subprocess.Popen, str]:
    """Serve `app_path` with the portal's gunicorn settings (2 sync workers) on loopback."""
    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [
        gunicorn,
        "-w",
        "2",
        "-k",
        "sync",
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        app_path,
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            return process, base
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit(f"{app_path} did not start")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait()


def login_form(base: str) -> dict:
    """The anonymous session cookie and CSRF token of the login page, to replay its POST."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/auth/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar if c.name == "session")
    return {"cookie": cookie, "csrf": token}


def measure(base: str, name: str, requests: list[tuple], args, folder: Path) -> dict:
    """Check that the page answers as it should, then drive it with wrk."""
    method = requests[0][0]
    status = check(base, requests[-1])
    wanted = {200} if method == "GET" else {200, 201, 302, 303}
    if status not in wanted:
        print(f"  {name}: answered {status} before the run", file=sys.stderr)
    if len(requests) == 1 and not requests[0][2] and method == "GET":
        return wrk(base + requests[0][1], args.duration, args.connections)
    return wrk(base + "/", args.duration, args.connections, lua_script(folder, name, requests))


def chosen(page: Page, words: list[str]) -> bool:
    """Whether `--only` keeps the page: its name contains one of the words (all without words)."""
    return not words or any(word.lower() in page.name.lower() for word in words)


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
    process, base = serve("bench.anchor:app", env)
    try:
        for kind, name in (("write", "write anchor"), ("read", "read anchor")):
            if any(page.kind == kind for page in pages):
                results[name] = measure(base, name, anchor_requests(kind, fixture, people), args, folder)
    finally:
        stop(process)
    for cold in (False, True):
        served = [page for page in pages if page.cold == cold]
        if not served:
            continue
        process, base = serve("wsgi:app", env | ({"PUBLIC_PAGE_CACHE_SECONDS": "0"} if cold else {}))
        try:
            login = login_form(base)
            for page in served:
                print(f"  {page.name} ...", flush=True)
                results[page.name] = measure(
                    base, page.name, requests_of(page, fixture, people, login), args, folder
                )
        finally:
            stop(process)
    return results, {page.name: page for page in pages}


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
