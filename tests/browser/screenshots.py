"""Screenshots of the main pages at phone (390x844) and desktop (1280x800) size, for a look.

    .venv/bin/python -m tests.browser.screenshots OUTDIR

Starts the same live server as the browser tests (fresh SQLite file, real migrations, demo
data) and writes OUTDIR/<viewport>-<nn>-<page>.png, full page.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.browser.live import (
    ADMIN,
    COMMITTEE,
    COMMITTEE_NOT_OWNER,
    COUNTED_MEETING,
    OWNER,
    RESIDENT,
    STAFF,
    VIEWPORTS,
    launch_browser,
    new_context,
    sign_in,
    start_server,
)

FEES_NOTICE = "文宴雅居物业费和停车费收费标准"


def _ids(app) -> dict:
    """Ids of the pages to visit: 文宴雅居, and a unit of it the resident has not claimed."""
    from sqlalchemy import select

    from portal.assembly.demo import DEMO_MEETING
    from portal.assembly.models import Meeting
    from portal.extensions import db
    from portal.notices.models import Notice
    from portal.places.models import Building, Compound, Unit

    with app.app_context():
        meetings = dict(db.session.execute(select(Meeting.title, Meeting.id)).all())
        compound = db.session.scalar(select(Compound).where(Compound.name == "文宴雅居"))
        unit = db.session.scalar(
            select(Unit)
            .join(Building, Unit.building_id == Building.id)
            .where(Building.compound_id == compound.id, Building.name == "3号楼", Unit.name == "1单元101")
        )
        return {
            "compound": compound.id,
            "unit": unit.id,
            "voting": meetings[DEMO_MEETING],
            "counted": meetings[COUNTED_MEETING],
            "notice": db.session.scalar(select(Notice.id).where(Notice.title == FEES_NOTICE)),
        }


#: (who is signed in, file name, path); None is anonymous. "large" switches large text on first.
def _pages(ids: dict) -> list[tuple[str | None, str, str]]:
    compound, unit, voting, counted = ids["compound"], ids["unit"], ids["voting"], ids["counted"]
    return [
        (None, "home", "/"),
        (None, "login", "/auth/login"),
        (None, "login-error", "/auth/login#wrong"),
        (None, "register", "/auth/register"),
        (None, "compound", f"/places/compounds/{compound}"),
        (None, "home-english", "/#english"),
        (None, "home-large-text", "/#large"),
        (RESIDENT, "claim-form", f"/registration/units/{unit}/claim"),
        (RESIDENT, "my-units", "/registration/"),
        (RESIDENT, "home-menu-open", "/#menu"),
        (COMMITTEE, "review", "/registration/review"),
        (COMMITTEE, "queue", f"/registration/review/{compound}"),
        (COMMITTEE, "roster", f"/places/compounds/{compound}/roster"),
        (STAFF, "roster-import", f"/places/roster/import?compound={compound}"),
        (None, "volunteering", "/volunteering/"),
        (None, "volunteer-activity", "/volunteering/activities/1"),
        (OWNER, "volunteer-activity-owner", "/volunteering/activities/1"),
        (OWNER, "volunteer-signup", "/volunteering/sessions/7/signup#minor"),
        (OWNER, "volunteer-me", "/volunteering/me"),
        (OWNER, "volunteer-certificate", "/volunteering/certificates/1"),
        (None, "volunteer-verify", "/volunteering/verify#certificate"),
        (STAFF, "volunteer-community", "/volunteering/communities/1"),
        (STAFF, "volunteer-new", "/volunteering/compounds/1/new"),
        (STAFF, "volunteer-check-in", "/volunteering/sessions/3/check-in"),
        (STAFF, "volunteer-attendance", "/volunteering/activities/1/attendance"),
        (STAFF, "volunteer-correct", "/volunteering/signups/12/correct"),
        (None, "notice-board", f"/notices/compounds/{compound}"),
        (None, "notice", f"/notices/{ids['notice']}"),
        (None, "notice-print", f"/notices/{ids['notice']}/print#print"),
        (OWNER, "inbox", "/notifications/"),
        (OWNER, "notification-settings", "/notifications/settings"),
        (COMMITTEE, "notice-form", f"/notices/compounds/{compound}/new"),
        (ADMIN, "admin-roles", "/admin/roles"),
        (ADMIN, "admin-audit", "/admin/audit"),
        (OWNER, "owner-home-todo", "/"),
        (OWNER, "owner-home-todo-large", "/#large"),
        (OWNER, "ballot", f"/assembly/meetings/{voting}/vote"),
        (OWNER, "ballot-review", f"/assembly/meetings/{voting}/vote#review"),
        (OWNER, "meeting-voting", f"/assembly/meetings/{voting}"),
        (OWNER, "results-cards", f"/assembly/meetings/{counted}"),
        (OWNER, "results-cards-large", f"/assembly/meetings/{counted}#large"),
        (OWNER, "my-receipts", "/assembly/receipts"),
        (COMMITTEE, "committee-home-todo", "/"),
        (COMMITTEE, "register-cards", f"/assembly/meetings/{counted}/register"),
        (COMMITTEE, "contact-form", f"/places/compounds/{compound}/contact"),
        (STAFF, "staff-home-todo", "/"),
        (COMMITTEE_NOT_OWNER, "explanation", f"/assembly/meetings/{voting}/vote"),
        (None, "glossary", "/glossary"),
        (None, "compound-large", f"/places/compounds/{compound}#large"),
    ]


def _prepare(page, path: str) -> None:
    """Act on the page for the variants marked by a fragment."""
    from portal.demo import DEMO_PASSWORD

    if path.endswith("#english"):
        page.locator("nav.navbar").get_by_role("button", name="English").click()
        page.wait_for_load_state()
    elif path.endswith("#large"):
        page.locator("nav.navbar").get_by_role("button", name="大字", exact=True).click()
        page.wait_for_load_state()
    elif path.endswith("#review"):
        page.locator("fieldset").nth(0).get_by_text("同意", exact=True).click()
        page.locator("fieldset").nth(1).get_by_text("反对", exact=True).click()
        page.get_by_role("button", name="核对我的选择").click()
        page.get_by_role("button", name="确认提交").wait_for()
    elif path.endswith("#wrong"):
        page.get_by_label("手机号", exact=True).fill(RESIDENT)
        page.get_by_label("密码", exact=True).fill(DEMO_PASSWORD + "x")
        page.get_by_role("main").get_by_role("button", name="登录").click()
        page.get_by_role("alert").wait_for()
    elif path.endswith("#minor"):
        page.get_by_text("未满 18 周岁的志愿者请填写").click()
    elif path.endswith("#certificate"):
        page.get_by_label("核验编码").fill(_certificate_code())
        page.get_by_role("button", name="核验", exact=True).click()
        page.wait_for_load_state()
    elif path.endswith("#print"):
        page.emulate_media(media="print")
    elif path.endswith("#menu"):
        toggler = page.locator(".navbar-toggler")
        if toggler.is_visible():
            toggler.click()
            page.locator("#main-nav.show").wait_for()
            page.wait_for_timeout(400)  # the collapse animation


_APP = {}


def _certificate_code() -> str:
    """The demo owner's certificate code (portal/volunteering/demo.py issues it)."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.volunteering.models import Certificate

    with _APP["app"].app_context():
        return db.session.scalar(select(Certificate.code).order_by(Certificate.id))


def take(outdir: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from portal.demo import DEMO_PASSWORD

    outdir.mkdir(parents=True, exist_ok=True)
    saved = []
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp) / "portal.sqlite3")
        try:
            _APP["app"] = server.app
            pages = _pages(_ids(server.app))
            with sync_playwright() as playwright:
                browser = launch_browser(playwright)
                for size, viewport in VIEWPORTS.items():
                    for n, (who, name, path) in enumerate(pages, start=1):
                        # A fresh context per page: preferences set by one do not leak into the next.
                        context = new_context(browser, viewport, server.url)
                        context.set_default_timeout(15_000)
                        page = context.new_page()
                        if who:
                            sign_in(page, who, DEMO_PASSWORD)
                        page.goto(path)
                        _prepare(page, path)
                        target = outdir / f"{size}-{n:02d}-{name}.png"
                        page.screenshot(path=str(target), full_page=True, timeout=60_000)
                        saved.append(target)
                        context.close()
                browser.close()
        finally:
            server.stop()
    return saved


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.browser.screenshots OUTDIR", file=sys.stderr)
        return 2
    for path in take(Path(argv[0])):
        print(path.resolve())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
