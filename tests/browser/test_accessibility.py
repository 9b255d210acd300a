"""Accessibility: every page the journeys visit, audited with axe-core in Chinese, in English
and in large-text mode: no serious or critical violation, `lang` set to the language shown,
one h1, and a visible keyboard focus."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.live import (
    ADMIN,
    COMMITTEE,
    COMMITTEE_NOT_OWNER,
    DESKTOP,
    OWNER,
    PHONE,
    RESIDENT,
    STAFF,
    sign_in,
)

DEMO_PASSWORD = "Demo2026pass"
PAGES = {
    None: [
        "/",
        "/auth/login",
        "/auth/register",
        "/places/compounds/1",
        "/no-such-page",
        "/volunteering/",
        "/volunteering/activities/1",
        "/volunteering/communities/1",
        "/volunteering/verify",
        "/volunteering/verify/NOSUCHCODE23",
        "/notices/compounds/1",
        "/notices/compounds/1/archive",
        "/notices/1",
        "/notices/2/print",
        "/glossary",
    ],
    RESIDENT: [
        "/registration/",
        "/registration/compounds",
        "/registration/compounds/1/buildings",
        "/registration/buildings/1/units",
        "/registration/units/1/claim",
        "/auth/profile",
        "/auth/password",
    ],
    OWNER: [
        "/",  # with the to-do
        "/assembly/compounds/1",
        "/assembly/meetings/1",
        "/assembly/meetings/1/vote",
        "/assembly/meetings/1/receipt",
        "/volunteering/me",
        "/volunteering/certificates/1",
        "/volunteering/sessions/7/signup",
        "/notifications/",
        "/notifications/settings",
        "/assembly/meetings/2",  # the counted meeting: results as a table or cards
        "/assembly/receipts",
    ],
    COMMITTEE: [
        "/registration/review",
        "/registration/review/1",
        "/places/compounds/1/roster",
        "/assembly/compounds/1/new",
        "/assembly/meetings/1/paper",
        "/notices/compounds/1/new",
        "/notices/2",
        "/",
        "/assembly/meetings/2/register",
        "/places/compounds/1/contact",
    ],
    STAFF: [
        "/places/roster/import",
        "/registration/review/3",
        "/",
        "/volunteering/",
        "/volunteering/communities/1",
        "/volunteering/compounds/1/new",
        "/volunteering/sessions/3/check-in",
        "/volunteering/activities/1/attendance",
        "/volunteering/signups/12/correct",
    ],
    COMMITTEE_NOT_OWNER: ["/assembly/meetings/1/vote"],  # the refusal that says why
    ADMIN: [
        "/admin/roles",
        "/admin/audit",
        "/admin/audit?person=李秀兰&date_from=2026-02-30",
        "/management/overview?q=南关",
        "/notifications/failed",
    ],
}
MODES = {
    "chinese-phone": (PHONE, "zh-CN", False),
    "english-desktop": (DESKTOP, "en", False),
    "large-text-phone": (PHONE, "zh-CN", True),
}
AXE = Axe()


def _set_mode(page, lang: str, large_text: bool) -> None:
    page.goto("/")
    if lang == "en":
        page.get_by_role("contentinfo").get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    if large_text:
        page.get_by_role("contentinfo").get_by_role("button", name="大字模式").click()
        expect(page.locator("html")).to_have_class("large-text")


def _problems(page, lang: str) -> list[str]:
    found = []
    results = AXE.run(page)
    for violation in results.response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [node["target"] for node in violation["nodes"]][:3]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} {targets}")
    if page.locator("html").get_attribute("lang") != lang:
        found.append(f"html lang is {page.locator('html').get_attribute('lang')!r}, expected {lang!r}")
    headings = page.locator("h1").count()
    if headings != 1:
        found.append(f"{headings} h1 elements")
    return found


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("account", list(PAGES), ids=lambda phone: phone or "anonymous")
def test_pages_pass_axe(new_context, account, mode):
    viewport, lang, large_text = MODES[mode]
    page = new_context(viewport).new_page()
    if account:
        sign_in(page, account, DEMO_PASSWORD)
    _set_mode(page, lang, large_text)
    problems = {}
    for url in PAGES[account]:
        page.goto(url)
        if found := _problems(page, lang):
            problems[url] = found
    assert problems == {}


@pytest.mark.parametrize("url", ["/", "/auth/login", "/auth/register"])
def test_keyboard_focus_is_visible(new_context, url):
    page = new_context(DESKTOP).new_page()
    page.goto(url)
    for _ in range(4):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"
        )
        style, width, shadow = outline
        assert (style != "none" and width != "0px") or shadow != "none", (url, outline)


@pytest.mark.parametrize("mode", list(MODES))
def test_the_review_step_passes_axe(new_context, mode):
    viewport, lang, large_text = MODES[mode]
    page = new_context(viewport).new_page()
    sign_in(page, COMMITTEE, DEMO_PASSWORD)
    _set_mode(page, lang, large_text)
    page.goto("/assembly/meetings/1/vote")
    page.locator("fieldset").first.locator("label.btn").first.click()
    page.locator("main form button[type=submit]").click()
    page.locator("main form button[name=change]").wait_for()
    assert _problems(page, lang) == []
