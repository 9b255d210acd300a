"""Volunteer service in the browser, on phones: a resident joins the waitlist of tomorrow
week's full patrol, a volunteer cancels and the resident is promoted, the community worker
checks them in by code and out from the list, the resident sees the hours, prints the
certificate on A4 and anyone verifies its code."""

import re
from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from tests.browser.live import OWNER, PHONE, RESIDENT, STAFF, sign_in

DEMO_PASSWORD = "Demo2026pass"
PATROL = "文宴雅居夜间治安巡逻"


def _sixth_evening(app):
    """The patrol's sixth session (full, no waitlist) from the demo data."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.volunteering.models import Activity

    with app.app_context():
        activity = db.session.scalar(select(Activity).where(Activity.title == PATROL))
        session = activity.sessions[5]
        found = activity.id, session.id, session.starts_at, session.ends_at
        db.session.remove()
        return found


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_waitlist_promotion_check_in_hours_certificate_and_verification(new_context, live_server, viewport):
    activity_id, session_id, starts, ends = _sixth_evening(live_server.app)
    card = f"#session-{session_id}"

    resident = new_context(PHONE).new_page()
    sign_in(resident, RESIDENT, DEMO_PASSWORD)
    resident.goto("/places/compounds/1")
    resident.get_by_role("link", name=PATROL).first.click()
    expect(resident.get_by_role("heading", level=1)).to_have_text(PATROL)
    resident.locator(card).get_by_role("link", name="报名候补").click()
    resident.get_by_role("button", name="确认报名").click()
    expect(resident.get_by_role("status").first).to_contain_text("您是第 1 位候补")
    expect(resident.locator(card)).to_contain_text("候补中 · 第 1 位")
    assert resident.evaluate("document.scrollingElement.scrollWidth") <= 390

    owner = new_context(PHONE).new_page()
    sign_in(owner, OWNER, DEMO_PASSWORD)
    owner.goto(f"/volunteering/activities/{activity_id}")
    owner.once("dialog", lambda dialog: dialog.accept())
    owner.locator(card).get_by_role("button", name="取消我的报名").click()
    expect(owner.get_by_role("status").first).to_contain_text("您的报名已取消")

    resident.reload()
    expect(resident.locator(card)).to_contain_text("已报上")
    code = resident.locator(f"{card} .checkin-code").inner_text().strip()
    assert re.fullmatch(r"\d{6}", code)

    with time_machine.travel(starts + timedelta(minutes=10), tick=True):
        staff = new_context(PHONE).new_page()
        sign_in(staff, STAFF, DEMO_PASSWORD)
        staff.goto("/volunteering/")
        staff.get_by_role("link", name=re.compile(PATROL)).first.click()
        expect(staff.get_by_role("heading", level=1)).to_contain_text("签到")
        staff.get_by_label("志愿者签到码").fill(code)
        staff.get_by_role("button", name="凭签到码签到或签退").click()
        expect(staff.get_by_role("status").first).to_contain_text("刘洋 已签到")

    with time_machine.travel(ends + timedelta(minutes=1), tick=True):
        staff.goto(f"/volunteering/sessions/{session_id}/check-in")
        staff.get_by_role("button", name="刘洋 签退").click()
        expect(staff.get_by_role("status").first).to_contain_text("刘洋 已签退")
        expect(staff.locator("main")).to_contain_text("1.75 小时")

        resident.goto("/volunteering/")
        resident.get_by_role("link", name="我的志愿服务：场次、时长、证明").click()
        expect(resident.locator(".figure-value").first).to_have_text("1.75")
        resident.get_by_role("button", name=re.compile("开具我在南关社区的服务证明")).click()
        expect(resident.get_by_role("heading", level=1)).to_have_text("志愿服务记录证明")
        expect(resident.get_by_role("img", name="核验本证明的二维码")).to_be_visible()
        expect(resident.get_by_role("button", name="打印（A4）")).to_be_visible()
        text = resident.locator("main").inner_text()
        certificate_code = re.search(r"核验编码：([A-Z0-9]{12})", text).group(1)
        pdf = resident.pdf(format="A4")
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1  # it prints on one A4 page

        anyone = new_context(PHONE).new_page()
        anyone.goto("/volunteering/verify")
        anyone.get_by_label("核验编码").fill(certificate_code.lower())
        anyone.get_by_role("button", name="核验", exact=True).click()
        expect(anyone.get_by_role("status").first).to_contain_text("真实有效")
        main = anyone.locator("main")
        expect(main).to_contain_text("刘**")
        expect(main).to_contain_text("1.75")
        expect(main).not_to_contain_text("刘洋")
