"""Assembly journeys in the browser: an owner votes on a phone and gets a receipt; the
committee enters a paper ballot and a second one for the same owner is refused."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.live import COMMITTEE, OWNER, sign_in

DEMO_PASSWORD = "Demo2026pass"
MEETING = "2026年第一次业主大会"


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_an_owner_votes_on_a_phone(page):
    sign_in(page, OWNER, DEMO_PASSWORD)
    page.goto("/places/compounds/1")
    page.get_by_role("link", name="会议和表决").click()
    page.get_by_role("link", name=re.compile(MEETING)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MEETING)
    expect(page.get_by_text("投票中")).to_be_visible()
    page.get_by_role("link", name="立即投票").click()
    first = page.get_by_role("group", name=re.compile("修订《文宴雅居管理规约》"))
    first.get_by_text("同意", exact=True).click()
    page.get_by_role("group", name=re.compile("使用维修资金")).get_by_text("反对", exact=True).click()
    page.get_by_role("button", name="提交我的表决").click()
    expect(page.get_by_role("status")).to_contain_text("您的表决已记录。回执码：")
    expect(page.get_by_role("heading", name="表决回执")).to_be_visible()
    receipt = page.locator("main .list-group")
    expect(receipt).to_contain_text("修订《文宴雅居管理规约》 — 同意")
    expect(receipt).to_contain_text("反对")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_the_committee_enters_a_paper_ballot_once(page):
    sign_in(page, COMMITTEE, DEMO_PASSWORD)
    page.goto("/assembly/meetings/1")
    page.get_by_role("link", name="录入书面或委托表决票").click()
    page.get_by_label("名册中的业主编号").fill("O010009")
    page.get_by_role("group", name=re.compile("续聘业主自治管理小组")).get_by_text("同意", exact=True).click()
    page.get_by_role("button", name="录入表决票").click()
    expect(page.get_by_role("status")).to_contain_text("已录入 O010009 的表决票。")
    page.get_by_label("名册中的业主编号").fill("O010009")
    page.get_by_role("group", name=re.compile("续聘业主自治管理小组")).get_by_text("反对", exact=True).click()
    page.get_by_role("button", name="录入表决票").click()
    expect(page.get_by_role("alert")).to_contain_text("O010009 已经以书面方式表决")
