"""The whole life of a meeting in the browser, with the server's clock moved forward:
the committee announces it, an owner votes on a phone, the committee enters a paper ballot,
voting closes, the owner objects, the committee answers and publishes the final result."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from tests.browser.live import COMMITTEE, DESKTOP, OWNER, PHONE, sign_in

DEMO_PASSWORD = "Demo2026pass"
TITLE = "2027年度业主大会（浏览器测试）"
BEIJING = ZoneInfo("Asia/Shanghai")


def _local(moment: datetime) -> str:
    return moment.astimezone(BEIJING).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_announce_vote_paper_close_object_final(new_context, viewport):
    start = datetime.now(UTC).replace(second=0, microsecond=0)
    opens, closes = start + timedelta(days=16), start + timedelta(days=21)

    committee = new_context(DESKTOP).new_page()
    sign_in(committee, COMMITTEE, DEMO_PASSWORD)
    committee.goto("/assembly/compounds/1")
    committee.get_by_role("link", name="新建会议").click()
    committee.get_by_label("标题", exact=True).fill(TITLE)
    committee.get_by_label("投票开始（北京时间）").fill(_local(opens))
    committee.get_by_label("投票截止（北京时间）").fill(_local(closes))
    first = committee.get_by_role("group", name="议题 1")
    first.get_by_label("议题标题").fill("选聘物业服务企业")
    first.get_by_label("表决事项（《民法典》第二百七十八条）").select_option("property_company")
    committee.get_by_role("button", name="保存草稿").click()
    expect(committee.get_by_role("heading", level=1)).to_have_text(TITLE)
    committee.once("dialog", lambda dialog: dialog.accept())
    committee.get_by_role("button", name="发布会议公告").click()
    expect(committee.get_by_role("status")).to_contain_text("会议公告已发布")
    meeting_url = committee.url

    with time_machine.travel(opens + timedelta(hours=1), tick=True):
        owner = new_context(PHONE).new_page()
        sign_in(owner, OWNER, DEMO_PASSWORD)
        owner.goto(meeting_url)
        owner.get_by_role("link", name="立即投票").click()
        owner.get_by_role("group", name=re.compile("选聘物业服务企业")).get_by_text(
            "同意", exact=True
        ).click()
        owner.get_by_role("button", name="核对我的选择").click()
        owner.get_by_role("button", name="确认提交").click()
        expect(owner.get_by_role("status")).to_contain_text("回执码")

        committee.goto(meeting_url)
        committee.get_by_role("link", name="录入书面或委托表决票").click()
        committee.get_by_label("名册中的业主编号").fill("O010010")
        committee.get_by_role("group", name=re.compile("选聘物业服务企业")).get_by_text(
            "反对", exact=True
        ).click()
        committee.get_by_role("button", name="录入表决票").click()
        expect(committee.get_by_role("status")).to_contain_text("已录入 O010010 的表决票。")

    # The result follows the 2 days for entering paper ballots collected by the close.
    with time_machine.travel(closes + timedelta(days=2, hours=1), tick=True):
        owner = new_context(PHONE).new_page()
        sign_in(owner, OWNER, DEMO_PASSWORD)
        owner.goto(meeting_url)
        expect(owner.get_by_text("已计票，异议期中")).to_be_visible()
        expect(owner.get_by_role("table")).to_contain_text("未通过")  # 2 of 60 owners: no quorum
        owner.get_by_label("您的异议").fill("请公布书面票的原件照片")
        owner.get_by_role("button", name="提出异议").click()
        expect(owner.get_by_role("status")).to_contain_text("您的异议已提交")

        committee.goto(meeting_url)
        committee.get_by_label("答复", exact=True).fill("原件已在业委会办公室公示，欢迎查阅。")
        committee.get_by_role("button", name="发布答复").click()
        expect(committee.get_by_role("status")).to_contain_text("答复已发布")

    with time_machine.travel(closes + timedelta(days=9, hours=1), tick=True):
        committee.goto(meeting_url)
        committee.once("dialog", lambda dialog: dialog.accept())
        committee.get_by_role("button", name="发布最终公告").click()
        expect(committee.get_by_role("status")).to_contain_text("最终公告已发布")
        committee.get_by_role("link", name="打印公告").click()
        expect(committee.get_by_role("heading", level=1)).to_contain_text("表决结果公告")
        expect(committee.locator("main")).to_contain_text("参与表决的专有部分面积和人数未均达到三分之二以上")
