"""A committee election in the browser, on phones, with the server's clock moved forward: the
committee drafts it and opens the nominations, the demo owner stands, the committee enters a
nomination and publishes the list, the owner votes, paper ballots are entered, the result is
final, the new term appears with its reminders, and the committee records a joint meeting
whose minutes the owner reads. Every page is checked in Chinese."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from tests.browser.live import COMMITTEE, OWNER, PHONE, sign_in

DEMO_PASSWORD = "Demo2026pass"
TITLE = "文宴雅居第二届业主委员会选举（浏览器测试）"
BEIJING = ZoneInfo("Asia/Shanghai")


def _local(moment: datetime) -> str:
    return moment.astimezone(BEIJING).strftime("%Y-%m-%dT%H:%M")


def _owner_keys(app) -> list[str]:
    from portal.elections.demo import _owner_keys
    from portal.extensions import db
    from portal.places.services import find_compound

    with app.app_context():
        keys = _owner_keys(find_compound("文宴雅居"))
        db.session.remove()
        return keys


def _paper_ballots(app, title: str, keys: list[str]) -> None:
    """The committee's paper ballots of most owners, approving every candidate."""
    from sqlalchemy import select

    from portal.assembly.models import BallotChannel
    from portal.auth.services import find_user
    from portal.elections import services
    from portal.elections.models import Election
    from portal.extensions import db

    with app.app_context(), app.test_request_context():
        election = db.session.scalar(select(Election).where(Election.title == title))
        listed = services.standing_candidates(election)
        for key in keys:
            services.enter_ballot(
                election,
                owner_key=key,
                channel=BallotChannel.PAPER,
                candidates=listed,
                actor=find_user(COMMITTEE),
            )
        db.session.commit()
        db.session.remove()


def _no_wider_than_the_phone(page) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_nominate_publish_vote_count_final_term_and_joint_meeting(new_context, live_server, viewport):
    start = datetime.now(UTC).replace(second=0, microsecond=0)
    opens, closes = start + timedelta(days=18), start + timedelta(days=23)
    keys = _owner_keys(live_server.app)

    committee = new_context(PHONE).new_page()
    sign_in(committee, COMMITTEE, DEMO_PASSWORD)
    committee.goto("/elections/compounds/1")
    expect(committee.get_by_role("heading", level=1)).to_have_text("文宴雅居 业委会选举")
    committee.get_by_role("link", name="发起选举").click()
    committee.get_by_label("标题", exact=True).fill(TITLE)
    committee.get_by_label("席位数").fill("4")
    committee.get_by_label("候补委员人数").fill("0")
    committee.get_by_label("提名截止时间（北京时间）").fill(_local(start + timedelta(days=1)))
    committee.get_by_label("投票开始（北京时间）").fill(_local(opens))
    committee.get_by_label("投票截止（北京时间）").fill(_local(closes))
    committee.get_by_role("button", name="保存草稿").click()
    expect(committee.locator(".alert-danger")).to_contain_text("业主委员会委员人数为 5 至 11 人的单数")
    committee.get_by_label("席位数").fill("3")
    committee.get_by_role("button", name="保存草稿").click()
    expect(committee.get_by_role("heading", level=1)).to_have_text(TITLE)
    committee.get_by_role("button", name="开始提名").click()
    expect(committee.get_by_role("status")).to_contain_text("提名已开始")
    election_url = committee.url

    owner = new_context(PHONE).new_page()
    sign_in(owner, OWNER, DEMO_PASSWORD)
    owner.goto(election_url)
    owner.get_by_role("link", name="参选业主委员会").click()
    owner.get_by_label("参选声明").fill("愿意继续为大家服务，负责公共收益公开。")
    owner.get_by_role("button", name="参选业主委员会").click()
    expect(owner.get_by_role("status")).to_contain_text("您的提名已记录")
    _no_wider_than_the_phone(owner)

    committee.get_by_role("link", name="录入提名").click()
    committee.get_by_label("名册中的业主编号").fill(keys[3])
    committee.get_by_label("参选声明").fill("工程师，关注屋面防水。")
    committee.get_by_role("button", name="录入提名").click()
    expect(committee.get_by_role("status")).to_contain_text("提名已记录")
    # The list is published once nominations have closed (a day after the start).
    with time_machine.travel(start + timedelta(days=1, hours=1), tick=True):
        committee.reload()  # a form's CSRF token lasts an hour
        committee.once("dialog", lambda dialog: dialog.accept())
        committee.get_by_role("button", name="公布候选人名单").click()
        expect(committee.get_by_role("status")).to_contain_text("候选人名单已公布")

    with time_machine.travel(opens + timedelta(hours=1), tick=True):
        owner.goto("/")
        owner.get_by_role("link", name="立即投票").first.click()
        expect(owner.get_by_role("heading", level=1)).to_contain_text("表决：")
        expect(owner.locator("main")).to_contain_text("一个都不选为空白票，仍计入参与表决")
        owner.locator("label").filter(has_text="1. ").first.click()
        _no_wider_than_the_phone(owner)
        owner.get_by_role("button", name="提交选票").click()
        expect(owner.get_by_role("status")).to_contain_text("回执码")
        _paper_ballots(live_server.app, TITLE, [k for k in keys[5:50]])

    with time_machine.travel(closes + timedelta(days=2, hours=1), tick=True):
        owner.goto(election_url)
        expect(owner.locator("main")).to_contain_text("已计票，异议期中")
        expect(owner.locator(".result-elected").first).to_contain_text("当选")

    with time_machine.travel(closes + timedelta(days=9, hours=1), tick=True):
        committee.goto(election_url)
        committee.get_by_role("button", name="发布最终公告").click()
        expect(committee.get_by_role("status")).to_contain_text("最终公告已发布")
        committee.goto("/elections/committee/1")
        expect(committee.locator("main")).to_contain_text("召开首次业委会会议，选举主任、副主任")
        expect(committee.locator("main")).to_contain_text("向街道办事处备案新一届业主委员会")
        committee.get_by_role("button", name="记录职务").click()
        expect(committee.get_by_text("主任、副主任已记录。")).to_be_visible()

        committee.get_by_role("link", name="会议与纪要").click()
        committee.get_by_role("link", name="安排会议").click()
        committee.get_by_label("会议类型").select_option("joint")
        committee.get_by_label("标题", exact=True).fill("新一届首次联席会议")
        committee.get_by_label("时间（北京时间）").fill(_local(closes + timedelta(days=9)))
        committee.get_by_label("社区党组织参会人员").fill("南关社区党支部 书记")
        committee.get_by_label("物业服务企业或服务中心参会人员").fill("物业服务中心 负责人")
        committee.get_by_role("button", name="安排会议").click()
        expect(committee.get_by_role("status")).to_contain_text("会议已安排")
        for select in committee.locator("select[name^=member_]").all():
            select.select_option("present")
        committee.get_by_role("button", name="保存出席情况").click()
        committee.get_by_label("决定", exact=True).fill("新一届业委会每月第一个周六接待业主。")
        committee.get_by_label("赞成", exact=True).fill("2")
        committee.get_by_role("button", name="记录决定").click()
        expect(committee.locator("main")).to_contain_text("通过")
        committee.get_by_label("会议纪要", exact=True).fill("四方商定新一届业委会的接待安排。")
        committee.get_by_role("button", name="保存会议纪要").click()
        committee.once("dialog", lambda dialog: dialog.accept())
        committee.get_by_role("button", name="公布会议纪要并公告决定").click()
        expect(committee.get_by_role("status")).to_contain_text("会议纪要已公布")
        minutes_url = committee.url

        owner.goto(minutes_url)
        expect(owner.get_by_role("heading", level=1)).to_have_text("新一届首次联席会议")
        expect(owner.locator("main")).to_contain_text("四方商定新一届业委会的接待安排")
        expect(owner.locator("main")).to_contain_text("社区党组织：南关社区党支部 书记")
        _no_wider_than_the_phone(owner)
