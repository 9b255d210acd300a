"""An owner is reached, on a phone: the committee publishes a meeting; the owner signs in, sees
the notification in the header and the vote in the to-do, reads the notice on the board, votes
through the review step; the to-do is then gone and the receipt is in "我的回执"."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from tests.browser.live import COMMITTEE, DESKTOP, OWNER, PHONE, sign_in

DEMO_PASSWORD = "Demo2026pass"
BEIJING = ZoneInfo("Asia/Shanghai")
TITLE = "2027年度停车位管理业主大会（通知测试）"


def _local(moment: datetime) -> str:
    return moment.astimezone(BEIJING).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_owner_is_told_reads_the_notice_and_votes_from_the_to_do(new_context, viewport):
    start = datetime.now(UTC).replace(second=0, microsecond=0)
    opens, closes = start + timedelta(days=16), start + timedelta(days=26)

    committee = new_context(DESKTOP).new_page()
    sign_in(committee, COMMITTEE, DEMO_PASSWORD)
    committee.goto("/assembly/compounds/1/new")
    committee.get_by_label("标题", exact=True).fill(TITLE)
    committee.get_by_label("投票开始（北京时间）").fill(_local(opens))
    committee.get_by_label("投票截止（北京时间）").fill(_local(closes))
    item = committee.get_by_role("group", name="议题 1")
    item.get_by_label("议题标题").fill("地面停车位改为按月租用")
    item.get_by_label("表决事项（《民法典》第二百七十八条）").select_option("common_parts")
    committee.get_by_role("button", name="保存草稿").click()
    committee.once("dialog", lambda dialog: dialog.accept())
    committee.get_by_role("button", name="发布会议公告").click()
    expect(committee.get_by_role("status")).to_contain_text("会议公告已发布")

    owner = new_context(PHONE).new_page()
    sign_in(owner, OWNER, DEMO_PASSWORD)
    owner.goto("/")
    inbox = owner.locator(".nav-switches").get_by_role("link", name=re.compile("通知"))
    expect(inbox).to_be_visible()  # in the header on a phone, without opening the menu
    expect(inbox.locator(".badge")).to_be_visible()
    inbox.click()
    told = owner.locator("main").get_by_role("link", name=re.compile(TITLE)).first
    expect(told).to_be_visible()

    owner.goto("/places/compounds/1")
    owner.get_by_role("link", name="全部公告").click()
    owner.get_by_role("link", name=re.compile(TITLE)).first.click()
    notice = owner.locator("main")
    expect(notice).to_contain_text("地面停车位改为按月租用")
    expect(notice).to_contain_text("四分之三")  # matter (8): three quarters of those taking part

    with time_machine.travel(opens + timedelta(hours=1), tick=True):
        owner.goto("/")
        todo = owner.get_by_role("region", name="我的待办")
        # Her ballot; an earlier journey may have elected her to the committee, which adds
        # committee items (paper ballots to enter) for the same meeting.
        mine = todo.locator("li[data-kind=vote]").filter(has_text=TITLE)
        expect(mine).to_be_visible()
        mine.get_by_role("link", name="立即投票").click()
        owner.get_by_role("group", name=re.compile("地面停车位改为按月租用")).get_by_text(
            "同意", exact=True
        ).click()
        owner.get_by_role("button", name="核对我的选择").click()
        expect(owner.locator("main .review-list")).to_contain_text("地面停车位改为按月租用 — 同意")
        owner.get_by_role("button", name="确认提交").click()
        expect(owner.get_by_role("status")).to_contain_text("您的表决已记录。回执码：")
        code = owner.get_by_label("回执码", exact=True).input_value()

        owner.goto("/")
        todo = owner.get_by_role("region", name="我的待办")
        expect(todo.locator("li[data-kind=vote]").filter(has_text=TITLE)).to_have_count(0)
        owner.goto("/assembly/receipts")
        expect(owner.locator("article").filter(has_text=TITLE)).to_contain_text(code)
        assert owner.evaluate("document.scrollingElement.scrollWidth") <= 390
