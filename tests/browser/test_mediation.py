"""The mediation station in the browser, on phones: 陈桂芳 files a complaint with a photo, the
mediator 赵志强 accepts it from the queue, assigns it, records a session and the agreement and
closes it, and 陈桂芳 rates the handling. Pages are in Chinese and fit the phone's width."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.live import DESKTOP, OWNER, PHONE, sign_in

DEMO_PASSWORD = "Demo2026pass"
MEDIATOR = "13900000004"  # 赵志强, mediator of 南关街道办事处
SHOTS = "/tmp/mediation"


def _photo(tmp_path) -> str:
    path = tmp_path / "漏水.jpg"
    image = Image.new("RGB", (800, 600), "gray")
    out = io.BytesIO()
    image.save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def _fits(page) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_file_accept_assign_session_agreement_close_rate(new_context, live_server, viewport, tmp_path):
    resident = new_context(PHONE).new_page()
    sign_in(resident, OWNER, DEMO_PASSWORD)
    resident.goto("/mediation/")
    expect(resident.get_by_role("heading", level=1)).to_have_text("物业管理投诉调解站")
    resident.get_by_role("link", name="我要投诉").click()
    resident.get_by_label("投诉类别").select_option(label="维修/漏水")
    resident.get_by_label("发生了什么？").fill("厨房水管漏水到楼下，物业一周没来修。")
    resident.get_by_label("照片或 PDF（最多 6 个）").set_input_files(_photo(tmp_path))
    resident.get_by_label("联系电话").fill("13900000005")
    resident.screenshot(path=f"{SHOTS}/phone-file.png", full_page=True)
    _fits(resident)
    resident.get_by_role("button", name="提交投诉").click()
    expect(resident.get_by_role("status").first).to_contain_text("您的投诉已提交，编号 TJ-")
    number = re.search(r"TJ-\d{4}-\d{6}", resident.get_by_role("heading", level=1).inner_text()).group(0)
    expect(resident.locator("main")).to_contain_text("漏水.jpg")
    expect(resident.locator("#timeline")).to_contain_text("已提交")
    case_url = resident.url
    _fits(resident)

    mediator = new_context(PHONE).new_page()
    sign_in(mediator, MEDIATOR, DEMO_PASSWORD)
    mediator.goto("/mediation/")
    mediator.get_by_role("link", name=re.compile("调解站案件")).first.click()
    expect(mediator.locator("main")).to_contain_text("已逾期")  # the demo's overdue case is flagged
    mediator.screenshot(path=f"{SHOTS}/phone-queue.png", full_page=True)
    _fits(mediator)
    mediator.get_by_role("link", name=number).click()
    mediator.get_by_role("button", name="受理案件").click()
    expect(mediator.get_by_role("status").first).to_contain_text("投诉已受理")
    mediator.get_by_role("button", name="分派", exact=True).click()
    expect(mediator.get_by_role("status").first).to_contain_text("案件已分派")

    mediator.locator("summary", has_text="记录调解会").click()
    session = mediator.locator("form[action$='/sessions']")
    session.get_by_label("调解地点").fill("南关街道调解室")
    session.get_by_label("参加人员").fill("陈桂芳、物业经理、赵志强")
    session.locator("textarea").fill("物业同意三日内维修。")
    session.get_by_label("把记录告知当事人").check()
    session.get_by_role("button", name="记录调解会").click()
    expect(mediator.get_by_role("status").first).to_contain_text("调解会已记录")

    mediator.locator("summary", has_text="记录调解协议").click()
    agreement = mediator.locator("form[action$='/agreement']")
    agreement.get_by_label("协议内容").fill("物业公司于三日内修好厨房水管，并承担楼下损失。")
    agreement.get_by_label("签字当事人").fill("陈桂芳；物业公司")
    agreement.get_by_label("签订日期").fill("2026-11-27")
    agreement.get_by_role("button", name="记录调解协议").click()
    expect(mediator.get_by_role("status").first).to_contain_text("调解协议已记录")
    mediator.get_by_role("button", name="结案").click()
    expect(mediator.get_by_role("status").first).to_contain_text("案件已结案")
    mediator.screenshot(path=f"{SHOTS}/phone-case-staff.png", full_page=True)
    _fits(mediator)

    resident.goto(case_url)
    expect(resident.locator("main")).to_contain_text("物业同意三日内维修。")  # shared notes
    expect(resident.locator("main")).to_contain_text("已结案")
    resident.get_by_label("您的评分（1 到 5 分）").fill("5")
    resident.get_by_label("评价（可不填）").fill("很及时")
    resident.get_by_role("button", name="提交评价").click()
    expect(resident.get_by_role("status").first).to_contain_text("感谢您的评价")
    expect(resident.locator("main")).to_contain_text("您的评分：5 分")
    resident.screenshot(path=f"{SHOTS}/phone-case-resident.png", full_page=True)
    _fits(resident)

    resident.get_by_role(
        "button", name="大字", exact=True
    ).click()  # large print: the form still fits the phone
    resident.goto("/mediation/new")
    expect(resident.get_by_role("heading", level=1)).to_have_text("我要投诉")
    resident.screenshot(path=f"{SHOTS}/phone-file-large.png", full_page=True)
    _fits(resident)


def test_statistics_and_queue_on_a_desktop(new_context, live_server):
    mediator = new_context(DESKTOP).new_page()
    sign_in(mediator, MEDIATOR, DEMO_PASSWORD)
    mediator.goto("/mediation/")
    mediator.get_by_role("link", name=re.compile("调解站统计")).first.click()
    expect(mediator.get_by_role("heading", level=1)).to_contain_text("调解站统计")
    expect(mediator.locator("svg figure, figure svg").first).to_be_visible()
    expect(mediator.locator("main")).to_contain_text("按类别统计")
    mediator.screenshot(path=f"{SHOTS}/desktop-statistics.png", full_page=True)
    mediator.go_back()
    mediator.get_by_role("link", name=re.compile("调解站案件")).first.click()
    mediator.get_by_label("只看逾期").check()
    mediator.get_by_role("button", name="筛选").click()
    expect(mediator.locator(".card")).to_have_count(1)
    mediator.screenshot(path=f"{SHOTS}/desktop-queue.png", full_page=True)
