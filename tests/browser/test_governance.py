"""Open governance in the browser, on phones: an owner of 文宴雅居 posts a topic in the forum,
the committee hides it with a reason, the owner asks for a review and the committee shows it
again; the committee records a ledger entry (a third decimal is refused) and publishes last
month; the owner reads the ledger and the fee schedule."""

import pytest
from playwright.sync_api import expect

from tests.browser.live import COMMITTEE, OWNER, PHONE, sign_in

DEMO_PASSWORD = "Demo2026pass"
TITLE = "北门晚上停车太挤"


def _last_month() -> str:
    from portal.calendar import beijing_date
    from portal.columns import utcnow
    from portal.ledger import rules

    return rules.month_text(rules.previous_period(rules.period_of(beijing_date(utcnow()))))


def _fits(page) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_forum_moderation_and_ledger_on_a_phone(new_context, live_server, viewport):
    owner = new_context(PHONE).new_page()
    sign_in(owner, OWNER, DEMO_PASSWORD)
    owner.goto("/places/compounds/1")
    owner.get_by_role("link", name="进入议事厅").click()
    expect(owner.get_by_role("heading", level=1)).to_have_text("议事厅")
    owner.get_by_role("link", name="发起话题").click()
    owner.locator("#category").select_option("parking")
    owner.locator("#title").fill(TITLE)
    owner.locator("#body").fill("每天晚上九点以后北门车停满，消防通道被占，建议划线。")
    owner.get_by_role("button", name="发布话题").click()
    expect(owner.get_by_role("status").first).to_contain_text("话题已发布")
    expect(owner.get_by_role("heading", level=1)).to_have_text(TITLE)
    _fits(owner)
    topic_url = owner.url

    committee = new_context(PHONE).new_page()
    sign_in(committee, COMMITTEE, DEMO_PASSWORD)
    committee.goto(topic_url)
    committee.get_by_role("link", name="隐藏", exact=True).first.click()
    committee.locator("#reason").fill("含有他人车牌号")
    committee.get_by_role("button", name="隐藏该帖子").click()
    expect(committee.get_by_role("status").first).to_contain_text("帖子已隐藏")

    owner.reload()
    expect(owner.get_by_text("已隐藏：含有他人车牌号")).to_be_visible()
    owner.get_by_role("link", name="申请复核").click()
    owner.locator("#reason").fill("车牌号已经删掉了")
    owner.get_by_role("button", name="提交复核申请").click()
    expect(owner.get_by_role("status").first).to_contain_text("复核申请已提交")

    committee.goto("/forum/compounds/1/moderation")
    expect(committee.get_by_text("作者申请：车牌号已经删掉了")).to_be_visible()
    committee.get_by_role("button", name="恢复显示").click()
    expect(committee.get_by_role("status").first).to_contain_text("帖子已恢复显示")
    _fits(committee)

    month = _last_month()
    committee.goto(f"/ledger/compounds/1?month={month}")
    committee.get_by_role("link", name="登记收支").first.click()
    committee.locator("#entry_date").fill(f"{month}-15")
    committee.locator("#direction").select_option("income")
    committee.locator("#category").select_option("parking_rent")
    committee.locator("#amount").fill("3600.005")
    committee.locator("#counterparty").fill("北门车位承租业主")
    committee.get_by_role("button", name="登记", exact=True).click()
    expect(committee.get_by_text("金额最多保留两位小数（到分）。")).to_be_visible()
    expect(committee.locator("#counterparty")).to_have_value("北门车位承租业主")
    committee.locator("#amount").fill("3600.00")
    committee.get_by_role("button", name="登记", exact=True).click()
    expect(committee.get_by_role("status").first).to_contain_text("已登记")
    committee.get_by_role("button", name=f"向业主公示 {month}").click()
    expect(committee.get_by_role("status").first).to_contain_text("本月收支已公示")
    _fits(committee)

    owner.goto("/places/compounds/1")
    owner.get_by_role("link", name="查看收支公示").click()
    owner.goto(f"/ledger/compounds/1?month={month}")
    expect(owner.get_by_text("北门车位承租业主")).to_be_visible()
    expect(owner.locator(".ledger-figures")).to_contain_text("+¥3,600.00")
    expect(owner.locator(".card").filter(has_text="北门车位承租业主")).to_contain_text("+¥3,600.00")
    expect(owner.get_by_text("已于")).to_be_visible()
    _fits(owner)
    owner.goto("/management/compounds/1")
    expect(owner.get_by_text("¥50.00").first).to_be_visible()
    expect(owner.get_by_text("每户每月").first).to_be_visible()
    _fits(owner)
