"""The phone-first shell in Chromium at 390x844: the header's switches in sight and usable by
keyboard, and large-text mode on the main pages: body text at least 24 px, every visible button
and link at least 48 px tall, and nothing scrolling sideways. Wide tables become cards."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from portal.demo import DEMO_PASSWORD
from tests.browser.live import COMMITTEE, COUNTED_MEETING, PHONE, sign_in
from tests.browser.test_journeys import nav, settled

#: Which demo meeting is which (the counted one is added after the demo data).
VOTING_ID, COUNTED_ID = 1, 2
PAGES = {
    "home": "/",
    "compound": "/places/compounds/1",
    "meeting": f"/assembly/meetings/{VOTING_ID}",
    "ballot": f"/assembly/meetings/{VOTING_ID}/vote",
    "results": f"/assembly/meetings/{COUNTED_ID}",
    "register": f"/assembly/meetings/{COUNTED_ID}/register",
    "queue": "/registration/review/1",
    "roster": "/places/compounds/1/roster",
    "receipts": "/assembly/receipts",
    "glossary": "/glossary",
}

#: Visible buttons and links shorter than 48 px, and the body's font size.
MEASURE = """() => {
  const small = [];
  for (const el of document.querySelectorAll('a, button, summary, label.btn')) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    if (el.closest('.visually-hidden, .visually-hidden-focusable')) continue;
    const name = el.textContent.trim().slice(0, 30);
    if (box.height < 47.5) small.push(`${el.tagName} "${name}" ${box.height.toFixed(1)}px`);
  }
  return {small, body: parseFloat(getComputedStyle(document.body).fontSize),
          width: document.scrollingElement.scrollWidth};
}"""


@pytest.fixture
def large(new_context):
    """A phone signed in as the committee member of 文宴雅居 (also an owner), in large text."""
    page = new_context(PHONE).new_page()
    sign_in(page, COMMITTEE, DEMO_PASSWORD)
    nav(page).get_by_role("button", name="大字", exact=True).click()
    expect(page.locator("html")).to_have_class(re.compile(r"\blarge-text\b"))
    return page


def _measure(page) -> dict:
    settled(page)
    return page.evaluate(MEASURE)


def test_large_text_pages_fit_a_phone_with_large_targets(large):
    problems = {}
    for name, url in PAGES.items():
        large.goto(url)
        found = _measure(large)
        wrong = []
        if found["width"] > 390:
            wrong.append(f"scrolls sideways: {found['width']}px")
        if found["body"] < 24:
            wrong.append(f"body text {found['body']}px")
        if found["small"]:
            wrong.append(f"small targets: {found['small'][:5]}")
        if wrong:
            problems[name] = wrong
    assert problems == {}


def test_the_review_step_fits_in_large_text(large):
    large.goto(PAGES["ballot"])
    large.locator("fieldset").first.get_by_text("同意", exact=True).click()
    large.get_by_role("button", name="核对我的选择").click()
    expect(large.get_by_role("button", name="确认提交")).to_be_visible()
    found = _measure(large)
    assert found["width"] <= 390 and found["small"] == [] and found["body"] >= 24


def test_results_are_cards_with_the_verdict_in_sight(new_context):
    page = new_context(PHONE).new_page()
    sign_in(page, COMMITTEE, DEMO_PASSWORD)
    page.goto(PAGES["results"])
    expect(page.get_by_role("heading", level=1)).to_have_text(COUNTED_MEETING)
    settled(page)
    rows = page.locator("table.results-table tbody tr")
    expect(rows).to_have_count(3)
    for n in range(3):
        verdict = rows.nth(n).locator(".verdict")
        box = verdict.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box  # no sideways scrolling to see it
    expect(rows.nth(1).locator(".verdict")).to_have_text("未通过")  # three quarters not reached
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390


def test_the_switches_are_in_sight_on_a_phone_and_work_by_keyboard(new_context):
    page = new_context(PHONE).new_page()
    page.goto("/")
    english = nav(page).get_by_role("button", name="English")
    large_print = nav(page).get_by_role("button", name="大字", exact=True)
    expect(page.locator("#main-nav")).to_be_hidden()  # the menu is closed
    for switch in (english, large_print):
        expect(switch).to_be_visible()
        expect(switch).to_have_attribute("aria-pressed", "false")
        expect(switch).to_be_in_viewport()
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")
    expect(english).to_be_focused()
    page.keyboard.press("Tab")
    expect(large_print).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_class(re.compile(r"\blarge-text\b"))
    expect(nav(page).get_by_role("button", name="大字", exact=True)).to_have_attribute("aria-pressed", "true")
    nav(page).get_by_role("button", name="English").press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(nav(page).get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    expect(nav(page).get_by_role("button", name="Large print")).to_have_attribute("aria-pressed", "true")
