"""Benchmark the portal against a bare Flask app, both under gunicorn (2 sync workers).

Usage: .venv/bin/python bench/run.py [--duration 10] [--connections 16] [--database-url URL]

Builds a database of realistic size (20 compounds x 1,000 units, owners, claims), serves the
portal and a bare Flask "hello" app with the same gunicorn settings on 127.0.0.1, drives each
with wrk (Debian package `wrk`) and prints requests/s, p50, p99 and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
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
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "Bench2026pass"
COMMITTEE_PHONE = "13500000000"
#: The first user created for compound 1: a verified owner (see build_database).
OWNER_PHONE = "13700000001"


def build_database(url: str, compounds: int, units: int) -> int:
    """Create the schema with the migrations and fill it; returns the first compound's id."""
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
        first_id = None
        for n in range(compounds):
            compound = ensure_compound(f"基准小区{n + 1:02d}", f"基准社区{n // 4 + 1}", "基准街道")
            import_roster(compound, make_roster(units, seed=n))
            first_id = first_id or compound.id
            unit_ids = db.session.scalars(db.select(Unit.id).where(Unit.compound_id == compound.id)).all()
            users = [
                {
                    "phone": f"137{n:02d}{k:06d}",
                    "name": f"业主{n}-{k}",
                    "password_hash": shared_hash,
                    "active": True,
                }
                for k in range(len(unit_ids) * 6 // 10)
            ]
            db.session.execute(insert(User), users)
            user_ids = db.session.scalars(db.select(User.id).where(User.phone.like(f"137{n:02d}%"))).all()
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
                meeting_id = open_meeting(compound, committee)
            db.session.commit()
        db.engine.dispose()
    return first_id, meeting_id


def open_meeting(compound, committee) -> int:
    """A meeting of the compound whose voting is open now (notice published 16 days ago)."""
    from datetime import UTC, datetime, timedelta

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
    return meeting.id


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(app_path: str, env: dict) -> tuple[subprocess.Popen, str]:
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
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            return process, base
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit(f"{app_path} did not start")


def sign_in(base: str, phone: str = COMMITTEE_PHONE) -> tuple[str, str, str, object]:
    """Open the login page and sign in through the form. Returns the anonymous session cookie
    with its CSRF token (to replay the login POST), the signed-in session cookie and the opener."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/auth/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    anonymous = "; ".join(f"{c.name}={c.value}" for c in jar if c.name == "session")
    body = urllib.parse.urlencode({"csrf_token": token, "phone": phone, "password": PASSWORD})
    opener.open(base + "/auth/login", data=body.encode())
    signed_in = "; ".join(f"{c.name}={c.value}" for c in jar if c.name == "session")
    return anonymous, token, signed_in, opener


def vote_script(folder: Path, base: str, meeting_id: int) -> str:
    """Sign in as a verified owner of the first compound and prepare the online vote POST."""
    _, _, cookie, opener = sign_in(base, OWNER_PHONE)
    page = opener.open(f"{base}/assembly/meetings/{meeting_id}/vote").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    item = re.search(r'name="item_(\d+)"', page).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, f"item_{item}": "agree"})
    path = folder / "vote.lua"
    path.write_text(
        'wrk.method = "POST"\n'
        f'wrk.body = "{body}"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        f'wrk.headers["Cookie"] = "{cookie}"\n'
    )
    return str(path)


def wrk(url: str, seconds: int, connections: int, headers=(), script: str | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.M))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rate": rate,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": non_2xx and int(non_2xx[1]),
    }


def login_script(folder: Path, cookie: str, token: str) -> str:
    body = urllib.parse.urlencode({"csrf_token": token, "phone": COMMITTEE_PHONE, "password": PASSWORD})
    path = folder / "login.lua"
    path.write_text(
        'wrk.method = "POST"\n'
        f'wrk.body = "{body}"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        f'wrk.headers["Cookie"] = "{cookie}"\n'
    )
    return str(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--compounds", type=int, default=20)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        print(f"building {args.compounds} x {args.units} units on {url.split('@')[-1]} ...", flush=True)
        compound_id, meeting_id = build_database(url, args.compounds, args.units)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SECRET_KEY": "b" * 64,
            "SESSION_COOKIE_SECURE": "0",  # plain HTTP on loopback; production sits behind TLS
            "LOGIN_LIMIT_PER_ACCOUNT": "1000000 per minute",
            "LOGIN_LIMIT_PER_ADDRESS": "1000000 per minute",
        }
        env.pop("FLASK_DEBUG", None)
        baseline_process, baseline_url = serve("bench.hello:app", env)
        try:
            baseline = wrk(baseline_url + "/", args.duration, args.connections)
        finally:
            baseline_process.terminate()
            baseline_process.wait()
        portal, base = serve("wsgi:app", env)
        try:
            anonymous, token, cookie, _ = sign_in(base)
            pages = {
                "home page": wrk(base + "/", args.duration, args.connections),
                "compound page": wrk(
                    f"{base}/places/compounds/{compound_id}", args.duration, args.connections
                ),
                "verification queue": wrk(
                    f"{base}/registration/review/{compound_id}",
                    args.duration,
                    args.connections,
                    headers=[f"Cookie: {cookie}"],
                ),
                "online vote POST": wrk(
                    f"{base}/assembly/meetings/{meeting_id}/vote",
                    args.duration,
                    args.connections,
                    script=vote_script(Path(folder), base, meeting_id),
                ),
                "login POST": wrk(
                    base + "/auth/login",
                    args.duration,
                    args.connections,
                    script=login_script(Path(folder), anonymous, token),
                ),
            }
        finally:
            portal.terminate()
            portal.wait()
    print(f"\n{'page':<20} {'req/s':>9} {'p50':>9} {'p99':>9} {'ratio':>7} {'non-2xx/3xx':>12}")
    print(f"{'bare Flask':<20} {baseline['rate']:>9.1f} {baseline['p50']:>9} {baseline['p99']:>9} {1:>7.2f}")
    for name, result in pages.items():
        ratio = result["rate"] / baseline["rate"]
        print(
            f"{name:<20} {result['rate']:>9.1f} {result['p50']:>9} {result['p99']:>9} {ratio:>7.2f} "
            f"{result['errors'] or 0:>12}"
        )


if __name__ == "__main__":
    main()
