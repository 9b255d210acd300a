"""Journeys through the real portal in Chromium, in Chinese, on a phone and on a desktop.

Elements are found by their Chinese accessible names (get_by_role / get_by_label), which also
proves that the pages are translated."""

from __future__ import annotations

import itertools
import random
import re

import pytest
from playwright.sync_api import Page, expect

from portal.demo import DEMO_PASSWORD
from tests.browser.live import COMMITTEE, PHONE, RESIDENT, sign_in

_numbers = itertools.count(random.randrange(0, 9000, 100))


def fresh_phone() -> str:
    """A mobile number 1370000xxxx not used before in this run (the database is fresh)."""
    return f"1370000{next(_numbers):04d}"


def settled(page: Page) -> None:
    """Wait for the style sheets: a click's navigation only waits until the new page commits,
    and before the CSS applies, visibility and sizes are not those the user sees."""
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")


def open_menu(page: Page) -> None:
    """On a phone the navbar is collapsed behind a menu button: open it."""
    settled(page)
    toggler = page.locator(".navbar-toggler")  # its name depends on the language
    if toggler.is_visible():
        toggler.click()
        expect(toggler).to_have_attribute("aria-expanded", "true")
        expect(page.locator("#main-nav")).to_be_visible()


def nav(page: Page):
    return page.locator("nav.navbar")


def scroll_width(page: Page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


def html_font_size(page: Page, selector: str = "body") -> float:
    settled(page)
    return page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


# --- the newcomer claims a unit, the committee verifies it ---------------------------------


@pytest.mark.parametrize("viewport", ["phone", "desktop"], indirect=True)
def test_newcomer_claims_a_unit_and_the_committee_verifies_it(new_context, viewport, request):
    building = "3号楼" if viewport == PHONE else "4号楼"  # one fresh building per run of the journey
    unit = "1单元101"
    phone = fresh_phone()
    name = f"新业主{phone[-4:]}"
    certificate = f"豫(2026)许昌市不动产权第{phone[-7:]}号"

    newcomer = new_context(viewport).new_page()
    newcomer.goto("/")
    newcomer.get_by_role("link", name="注册账号").click()
    expect(newcomer.get_by_role("heading", name="注册账号")).to_be_visible()
    newcomer.get_by_label("手机号", exact=True).fill(phone)
    newcomer.get_by_label("真实姓名", exact=True).fill(name)
    newcomer.get_by_label("密码", exact=True).fill("mei4hua8jie")
    newcomer.get_by_label("再次输入密码", exact=True).fill("mei4hua8jie")
    newcomer.get_by_role("button", name="注册", exact=True).click()
    expect(newcomer.get_by_role("status")).to_contain_text(f"{name}，欢迎您！")
    expect(newcomer.get_by_role("heading", name="我的房屋")).to_be_visible()
    expect(newcomer.get_by_text("您还没有认领房屋。")).to_be_visible()

    newcomer.get_by_role("link", name="认领房屋", exact=True).click()
    expect(newcomer.get_by_role("heading", name="请选择您所在的小区")).to_be_visible()
    newcomer.get_by_role("link", name=re.compile(r"^文宴雅居")).click()
    expect(newcomer.get_by_role("heading", name="请选择楼栋")).to_be_visible()
    newcomer.get_by_role("link", name=re.compile(rf"^{building}")).click()
    expect(newcomer.get_by_role("heading", name="请选择房屋")).to_be_visible()
    expect(newcomer.get_by_text(f"文宴雅居 · {building}")).to_be_visible()
    newcomer.get_by_role("link", name=unit, exact=True).click()
    expect(newcomer.get_by_role("heading", name="认领此房屋")).to_be_visible()
    newcomer.get_by_label("不动产权证书号", exact=True).fill(certificate)
    newcomer.get_by_role("button", name="提交认领申请").click()

    expect(newcomer.get_by_role("status")).to_contain_text("您的认领申请已提交")
    my_claim = newcomer.get_by_role("listitem").filter(has_text=f"{building} {unit}")
    expect(my_claim).to_contain_text("文宴雅居")
    expect(my_claim).to_contain_text(certificate)
    expect(my_claim.locator(".badge")).to_have_text("待核验")

    # The committee member of 文宴雅居, in a second browser with its own cookies.
    committee = new_context(viewport).new_page()
    sign_in(committee, COMMITTEE, DEMO_PASSWORD)
    open_menu(committee)
    nav(committee).get_by_role("link", name="业主核验").click()
    expect(committee).to_have_url(re.compile(r"/registration/review$"))
    expect(committee.get_by_role("heading", name="业主核验")).to_be_visible()
    committee.get_by_role("link", name=re.compile(r"^文宴雅居")).click()
    expect(committee.get_by_role("heading", name="文宴雅居 业主认领申请")).to_be_visible()
    card = committee.locator("article").filter(has_text=name)
    expect(card).to_have_count(1)
    expect(card).to_contain_text(f"{building} {unit}")
    expect(card).to_contain_text(phone)
    expect(card).to_contain_text(certificate)
    # The newcomer is not the roster's owner: the card says so, and verifying needs the
    # reviewer's word that they checked the ownership certificate.
    expect(card).to_contain_text("名册登记的业主是")
    card.get_by_label("我已核对权属证书").check()
    # Verifying asks for confirmation first: cancelling changes nothing, accepting verifies.
    questions = []
    committee.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    card.get_by_role("button", name="核验通过").click()
    expect(card).to_have_count(1)
    assert questions == [f"确定核验 {name} 为 {building} {unit} 的业主吗？"]
    committee.once("dialog", lambda dialog: dialog.accept())
    card.get_by_role("button", name="核验通过").click()
    expect(committee.get_by_role("status")).to_contain_text(f"已核验 {name} 为 {building} {unit} 的业主。")
    expect(committee.locator("article").filter(has_text=name)).to_have_count(0)  # left the waiting list

    newcomer.reload()
    expect(my_claim.locator(".badge")).to_have_text("已核验")
    expect(my_claim).to_contain_text("您已通过核验，是该房屋的业主。")


# --- signing in ------------------------------------------------------------------------------


def test_wrong_password_shows_the_generic_error_and_does_not_sign_in(page):
    page.goto("/auth/login")
    page.get_by_label("手机号", exact=True).fill(RESIDENT)
    page.get_by_label("密码", exact=True).fill("wrong4pass")
    page.get_by_role("main").get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_have_text("手机号或密码不正确。")
    expect(page).to_have_url(re.compile(r"/auth/login$"))
    expect(page.get_by_label("密码", exact=True)).to_have_value("")
    open_menu(page)
    expect(nav(page).get_by_role("button", name="退出登录")).to_have_count(0)
    expect(nav(page).get_by_role("link", name="登录")).to_be_visible()
    page.goto("/registration/")  # still anonymous: sent back to the sign-in page
    expect(page).to_have_url(re.compile(r"/auth/login\?next="))
    expect(page.get_by_role("status")).to_have_text("请先登录，再访问此页面。")


def test_the_right_password_signs_in(page):
    sign_in(page, RESIDENT, DEMO_PASSWORD)
    open_menu(page)
    expect(nav(page).get_by_role("link", name="刘洋")).to_be_visible()
    expect(nav(page).get_by_role("button", name="退出登录")).to_be_visible()


# --- language -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/auth/login", "/auth/register"])
def test_pages_are_in_chinese_by_default(page, path):
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page).to_have_title(re.compile(r" · 社区自治$"))
    expect(page.get_by_role("navigation", name="主菜单").get_by_role("link", name="社区自治")).to_be_visible()
    expect(page.get_by_role("button", name="中文")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="大字模式")).to_be_visible()
    heading = {"/": "我们的小区，大家共同管理", "/auth/login": "登录", "/auth/register": "注册账号"}[path]
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    if path == "/":
        expect(page.get_by_role("heading", name="小区列表")).to_be_visible()
        expect(page.get_by_role("link", name="文宴雅居")).to_be_visible()
        expect(page.get_by_role("button", name="查询")).to_be_visible()
    # No English left in the visible text of the page, apart from the language button.
    text = (
        page.locator("body").inner_text().replace("English", "").replace("meihua jie 2hao", "")
    )  # pinyin example
    assert not re.search(r"[A-Za-z]{4,}", text), text


def test_language_switch_to_english_persists_and_switches_back(page):
    page.goto("/")
    nav(page).get_by_role("button", name="English").click()  # the header's switch
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Our compound, governed together")
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
    open_menu(page)
    expect(nav(page).get_by_role("link", name="Sign in")).to_be_visible()
    expect(nav(page).get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("contentinfo").get_by_role("button", name="English")).to_have_attribute(
        "aria-pressed", "true"
    )

    page.get_by_role("main").get_by_role("link", name="Create an account").click()
    expect(page).to_have_url(re.compile(r"/auth/register$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    expect(page.get_by_label("Mobile number", exact=True)).to_be_visible()

    page.get_by_role("button", name="中文").click()
    expect(page).to_have_url(re.compile(r"/auth/register$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("heading", level=1)).to_have_text("注册账号")
    page.goto("/")
    open_menu(page)
    expect(nav(page).get_by_role("link", name="登录")).to_be_visible()


# --- large text -----------------------------------------------------------------------------


def test_large_text_mode_grows_the_text_persists_and_toggles_back(page):
    page.goto("/")
    html = page.locator("html")
    expect(html).not_to_have_class(re.compile(r"\blarge-text\b"))
    normal_body, normal_lead = html_font_size(page), html_font_size(page, "main p.lead")

    page.get_by_role("button", name="大字模式").click()
    expect(html).to_have_class(re.compile(r"\blarge-text\b"))
    expect(page.get_by_role("button", name="标准字号")).to_have_attribute("aria-pressed", "true")
    assert html_font_size(page) > normal_body
    assert html_font_size(page, "main p.lead") > normal_lead

    page.goto("/auth/login")  # kept in the session
    expect(html).to_have_class(re.compile(r"\blarge-text\b"))
    assert html_font_size(page) > normal_body

    page.get_by_role("button", name="标准字号").click()
    expect(page).to_have_url(re.compile(r"/auth/login$"))
    expect(html).not_to_have_class(re.compile(r"\blarge-text\b"))
    expect(page.get_by_role("button", name="大字模式")).to_have_attribute("aria-pressed", "false")
    assert html_font_size(page) == normal_body


# --- phone-sized screens --------------------------------------------------------------------


def _assert_no_horizontal_scroll(page: Page) -> None:
    settled(page)
    width = page.viewport_size["width"]
    assert scroll_width(page) <= width, f"{page.url} scrolls sideways: {scroll_width(page)} > {width}"


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_phone_home_page_fits_and_the_menu_opens_when_tapped(page):
    page.goto("/")
    _assert_no_horizontal_scroll(page)
    toggler = page.get_by_role("button", name="打开菜单")
    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(nav(page).get_by_role("link", name="登录")).to_be_hidden()
    toggler.tap()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(nav(page).get_by_role("link", name="小区列表")).to_be_visible()
    expect(nav(page).get_by_role("link", name="登录")).to_be_visible()
    expect(nav(page).get_by_role("link", name="注册")).to_be_visible()
    _assert_no_horizontal_scroll(page)
    nav(page).get_by_role("link", name="登录").click()
    expect(page).to_have_url(re.compile(r"/auth/login$"))


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_desktop_shows_the_menu_without_a_button(page):
    page.goto("/")
    expect(page.get_by_role("button", name="打开菜单")).to_be_hidden()
    expect(nav(page).get_by_role("link", name="登录")).to_be_visible()


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_phone_claim_form_fits(page):
    sign_in(page, RESIDENT, DEMO_PASSWORD)
    _assert_no_horizontal_scroll(page)
    page.goto("/registration/compounds")
    _assert_no_horizontal_scroll(page)
    page.get_by_role("link", name=re.compile(r"^文宴雅居")).click()
    _assert_no_horizontal_scroll(page)
    page.get_by_role("link", name=re.compile(r"^3号楼")).click()
    _assert_no_horizontal_scroll(page)
    page.get_by_role("link", name="1单元101", exact=True).click()
    expect(page.get_by_role("heading", name="认领此房屋")).to_be_visible()
    _assert_no_horizontal_scroll(page)  # also waits for the CSS
    box = page.get_by_role("button", name="提交认领申请").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # a large, full-width touch target


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_phone_verification_queue_fits(page):
    sign_in(page, COMMITTEE, DEMO_PASSWORD)
    page.goto("/registration/review")
    _assert_no_horizontal_scroll(page)
    page.get_by_role("link", name=re.compile(r"^文宴雅居")).click()
    expect(page.get_by_role("heading", name="文宴雅居 业主认领申请")).to_be_visible()
    expect(page.get_by_role("button", name="核验通过").first).to_be_visible()
    _assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_phone_compound_page_fits(page):
    page.goto("/")
    page.get_by_role("link", name="文宴雅居").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("文宴雅居")
    _assert_no_horizontal_scroll(page)
