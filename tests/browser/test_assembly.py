"""Assembly journeys in the browser: an owner votes on a phone and gets a receipt; the
committee enters a paper ballot and a second one for the same owner is refused."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.live import COMMITTEE, OWNER, sign_in

DEMO_PASSWORD = "Demo2026pass"
MEETING = "2026年第一次业主大会"


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_an_owner_follows_the_to_do_and_votes_on_a_phone(page):
    """The demo owner signs in and finds the vote first on the home page, follows it, reads the
    ballot, checks the choices on the review step, confirms, and finds the receipt in "我的回执";
    the to-do is then gone and the meeting page says when the owner voted."""
    sign_in(page, OWNER, DEMO_PASSWORD)
    page.goto("/")
    todo = page.get_by_role("region", name="我的待办")
    first = todo.get_by_role("listitem").first
    expect(first.get_by_role("heading")).to_have_text(f"对《{MEETING}》投票")
    expect(first).to_contain_text("还剩")
    first.get_by_role("link", name="立即投票").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"表决：{MEETING}")
    covenant = page.get_by_role("group", name=re.compile("修订《文宴雅居管理规约》"))
    expect(covenant).to_contain_text("增加电动自行车集中充电和停放的条款。")  # the item's explanation
    covenant.get_by_text("同意", exact=True).click()
    page.get_by_role("group", name=re.compile("使用维修资金")).get_by_text("反对", exact=True).click()
    page.get_by_role("button", name="核对我的选择").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"核对表决：{MEETING}")
    review = page.locator("main .review-list")
    expect(review).to_contain_text("修订《文宴雅居管理规约》 — 同意")
    expect(review).to_contain_text("续聘业主自治管理小组 — 未选择（不计入表决）")
    page.get_by_role("button", name="返回修改").click()  # back to the ballot, choices kept
    expect(page.get_by_role("group", name=re.compile("使用维修资金")).get_by_label("反对")).to_be_checked()
    page.get_by_role("group", name=re.compile("续聘业主自治管理小组")).get_by_text("弃权", exact=True).click()
    page.get_by_role("button", name="核对我的选择").click()
    expect(review).to_contain_text("续聘业主自治管理小组 — 弃权")
    page.get_by_role("button", name="确认提交").click()

    expect(page.get_by_role("status")).to_contain_text("您的表决已记录。回执码：")
    expect(page.get_by_role("heading", name="表决回执")).to_be_visible()
    receipt = page.locator("main .list-group")
    expect(receipt).to_contain_text("修订《文宴雅居管理规约》 — 同意")
    code = page.get_by_label("回执码", exact=True).input_value()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390

    page.goto("/")
    expect(page.get_by_role("region", name="我的待办")).to_contain_text("您现在没有需要办理的事项")
    expect(page.get_by_text(f"对《{MEETING}》投票")).to_have_count(0)
    page.get_by_role("region", name="我的待办").get_by_role("link", name="我的回执").click()
    card = page.locator("article").filter(has_text=MEETING)
    expect(card).to_contain_text(code)
    expect(card).to_contain_text("1. 修订《文宴雅居管理规约》 — 同意")
    expect(card).to_contain_text("3. 使用维修资金更换 2 号楼屋面防水 — 反对")
    card.get_by_role("link", name=MEETING).click()
    expect(page.locator(".own-vote")).to_contain_text(f"回执 {code}")
    expect(page.get_by_role("link", name="修改我的表决")).to_be_visible()
    expect(page.get_by_role("link", name="立即投票")).to_have_count(0)


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
