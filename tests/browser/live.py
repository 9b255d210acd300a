"""Shared by the browser tests and the screenshot script: a live server on a fresh SQLite file
holding the demo data, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import logging
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

#: Demo accounts (portal/demo.py ACCOUNTS); they all share the demo password.
ADMIN = "13900000001"
COMMITTEE = "13900000002"  # 文宴雅居
STAFF = "13900000003"  # 南关社区
RESIDENT = "13900000006"
OWNER = "13900000005"  # verified owner of 文宴雅居 1号楼 1单元101
COMMITTEE_NOT_OWNER = "13900000007"  # committee member of 文宴雅居 without a unit there
#: A meeting of 文宴雅居 whose vote closed ten days ago (results as cards, the register); it
#: is added after the demo data, so it is meeting 2 (the demo's voting meeting is 1).
COUNTED_MEETING = "2025年度业主大会"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    app: object
    server: BaseWSGIServer
    thread: threading.Thread
    url: str

    def stop(self) -> None:
        from portal.extensions import db

        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()


def start_server(database: Path) -> LiveServer:
    """Build the schema with the real migrations, load the demo data and serve the app."""
    import flask_migrate

    from portal import create_app
    from portal.demo import load_demo
    from portal.extensions import db

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "SECRET_KEY": "x" * 40,
            "LOGIN_LIMIT_PER_ACCOUNT": "1000 per minute",
            "LOGIN_LIMIT_PER_ACCOUNT_ADDRESS": "1000 per minute",
            "LOGIN_LIMIT_PER_ADDRESS": "1000 per minute",
        }
    )
    with app.app_context():
        flask_migrate.upgrade()  # its logging set-up would print every request: quieten it
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        load_demo()
        add_counted_meeting()
        db.session.commit()
        db.session.remove()
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    return LiveServer(app, server, thread, f"http://127.0.0.1:{port}")


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


def new_context(browser, viewport: dict, base_url: str):
    """A fresh context (own cookies); phone-sized ones emulate a touch screen."""
    phone = viewport["width"] < 600
    return browser.new_context(
        viewport=viewport,
        base_url=base_url,
        locale="zh-CN",
        has_touch=phone,
        is_mobile=phone,
        device_scale_factor=2 if phone else 1,
    )


def sign_in(page, phone: str, password: str) -> None:
    """Sign in through the form (Chinese labels) and wait for the flash message."""
    page.goto("/auth/login")
    page.get_by_label("手机号", exact=True).fill(phone)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("main").get_by_role("button", name="登录").click()
    page.get_by_text("您已登录。").wait_for()


def add_counted_meeting() -> int:
    """A meeting of 文宴雅居 that was voted on from 24 to 10 days ago: most owners voted on
    paper, the demo owner online; one item passes, one misses three quarters, one passes by
    more than half. Its objection period is over, so the committee's to-do is to finalise it."""
    from datetime import timedelta

    from portal.assembly.models import BallotChannel, BallotChoice, MeetingForm, MeetingKind
    from portal.assembly.rules import Matter
    from portal.assembly.services import ItemDraft, cast_online, create_meeting, enter_ballot, publish
    from portal.auth.services import find_user
    from portal.columns import utcnow
    from portal.electorate import groups_of, keys_of
    from portal.places.services import find_compound

    now = utcnow()
    committee, owner = find_user(COMMITTEE), find_user(OWNER)
    meeting = create_meeting(
        find_compound("文宴雅居"),
        title=COUNTED_MEETING,
        kind=MeetingKind.REGULAR,
        form=MeetingForm.WRITTEN,
        opens_at=now - timedelta(days=24),
        closes_at=now - timedelta(days=10),
        items=[
            ItemDraft("选举第二届业主委员会", "候选人名单已在公告栏公示。", Matter.COMMITTEE),
            ItemDraft("续筹维修资金", "每平方米 20 元，分两年缴纳。", Matter.FUND_RAISE),
            ItemDraft("公共收益用于增设电动车充电桩", "使用停车位租金约 3 万元。", Matter.OTHER_MAJOR),
        ],
        actor=committee,
    )
    publish(meeting, actor=committee, now=now - timedelta(days=40))
    during = now - timedelta(days=20)
    first, second, third = (item.id for item in meeting.items)
    cast_online(meeting, owner, {first: "agree", second: "agree", third: "agree"}, now=during)
    agree, oppose = BallotChoice.AGREE, BallotChoice.OPPOSE
    keys = sorted(key for key in keys_of(meeting.electorate) if not key.startswith("@"))
    voted = {group.owner_key for group in groups_of(owner, meeting.electorate, meeting.compound)}
    for n, key in enumerate(k for k in keys if k not in voted):
        if n % 6 == 5:
            continue  # about one owner in six does not vote
        choices = {first: agree, second: agree if n % 3 else oppose, third: agree if n % 4 else oppose}
        enter_ballot(
            meeting, owner_key=key, channel=BallotChannel.PAPER, choices=choices, actor=committee, now=during
        )
    return meeting.id
