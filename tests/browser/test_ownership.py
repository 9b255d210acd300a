"""Ownership integrity on a phone (issue 9): a claim with a long certificate number on a unit
that already has a verified owner. The claimant's pages and the committee's queue do not
scroll sideways at 390px; the queue says the unit has a verified owner and that the roster
names someone else, and asks the reviewer to confirm they checked the certificate."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from portal.demo import DEMO_PASSWORD
from tests.browser.live import COMMITTEE, PHONE, RESIDENT, sign_in

#: 64 characters (the most the form takes) without a space to break at.
LONG_CERTIFICATE = "豫(2026)许昌市不动产权第" + "0123456789" * 4 + "01234567号"


def _no_sideways_scroll(page: Page) -> None:
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    # Compared with the phone's width itself: an emulated phone widens its layout viewport
    # (window.innerWidth) to fit content that overflows.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (page.url, width)


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_long_certificate_on_an_owned_unit_fits_the_phone_and_is_flagged(new_context, viewport):
    assert len(LONG_CERTIFICATE) <= 64
    resident = new_context(PHONE).new_page()
    sign_in(resident, RESIDENT, DEMO_PASSWORD)  # 刘洋; 陈桂芳 is the verified owner of 1单元101
    resident.goto("/registration/compounds")
    resident.get_by_role("link", name=re.compile(r"^文宴雅居")).click()
    resident.get_by_role("link", name=re.compile(r"^1号楼")).click()
    resident.get_by_role("link", name="1单元101", exact=True).click()
    resident.get_by_label("不动产权证书号", exact=True).fill(LONG_CERTIFICATE)
    resident.get_by_role("button", name="提交认领申请").click()
    expect(resident.get_by_role("status")).to_contain_text("您的认领申请已提交")
    expect(resident.locator("main")).to_contain_text(LONG_CERTIFICATE)
    _no_sideways_scroll(resident)
    resident.screenshot(path="/tmp/ownership/my-units-phone.png", full_page=True)
    resident.get_by_role("link", name=re.compile("1单元101")).first.click()
    expect(resident.locator("main")).to_contain_text(LONG_CERTIFICATE)
    _no_sideways_scroll(resident)

    committee = new_context(PHONE).new_page()
    sign_in(committee, COMMITTEE, DEMO_PASSWORD)
    committee.goto("/registration/review")
    committee.get_by_role("link", name=re.compile(r"^文宴雅居")).click()
    card = committee.locator("article").filter(has_text=LONG_CERTIFICATE)
    expect(card).to_contain_text("该房屋已有核验通过的业主：陈桂芳")
    expect(card).to_contain_text("名册登记的业主是陈桂芳，而不是刘洋")
    expect(card.get_by_label("我已核对权属证书")).to_be_visible()
    _no_sideways_scroll(committee)
    committee.screenshot(path="/tmp/ownership/queue-phone.png", full_page=True)
