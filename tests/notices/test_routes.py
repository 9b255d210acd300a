"""Notice board pages: writing a notice, the notice and its banners, the A4 page with its QR
code, the Atom feed, the compound page's panel, and a constant number of queries."""

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import select

from portal.columns import utcnow
from portal.extensions import db as _db
from portal.notices.models import Notice, NoticeCategory
from portal.notices.services import publish_notice
from tests.conftest import count_queries, login
from tests.notices.conftest import board_of

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_committee_writes_a_scheduled_notice_in_beijing_time(client, world, db):
    login(client, world.committee)
    response = client.post(
        f"/notices/compounds/{world.compound_a.id}/new",
        data={
            "title": "停水通知",
            "category": "news",
            "body": "**明天**停水",
            "publish_at": "2030-01-02T09:30",
        },
    )
    assert response.status_code == 302
    notice = db.session.scalar(select(Notice))
    assert notice.publish_at == datetime(2030, 1, 2, 1, 30, tzinfo=UTC)  # 09:30 in Beijing
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>明天</strong>停水" in page and "2030-01-02 09:30" in page


def test_a_refused_notice_keeps_what_was_typed(client, world, db):
    login(client, world.committee)
    response = client.post(
        f"/notices/compounds/{world.compound_a.id}/new",
        data={"title": "停水", "category": "news", "body": "正文", "expires_at": "2000-01-01T00:00"},
    )
    assert response.status_code == 422
    assert "A notice must expire after it is published" in response.get_data(
        as_text=True
    ) or "过期" in response.get_data(as_text=True)
    assert db.session.scalar(select(Notice)) is None


def test_banners_of_expired_and_withdrawn_notices(client, world, db):
    notices = board_of(world, db)
    expired = client.get(f"/notices/{notices['expired'].id}").get_data(as_text=True)
    assert "已过期" in expired or "expired" in expired
    withdrawn = client.get(f"/notices/{notices['withdrawn'].id}").get_data(as_text=True)
    assert "发错了" in withdrawn


def test_the_printable_page_has_compound_category_publisher_date_and_qr(client, world, db):
    now = datetime(2026, 3, 1, 17, 0, tzinfo=UTC)  # 01:00 on 2 March in Beijing
    notice = publish_notice(
        world.compound_a,
        title="物业费公示",
        body="每户每月 50 元",
        category=NoticeCategory.FINANCE,
        publisher=world.committee,
        now=now,
    )
    db.session.commit()
    page = client.get(f"/notices/{notice.id}/print").get_data(as_text=True)
    for expected in (
        "文宴雅居",
        "财务公示",
        "文宴雅居 业主委员会",
        "2026-03-02",
        '<svg role="img"',
        f"http://portal.test/notices/{notice.id}",
    ):
        assert expected in page, expected


def test_the_feed_is_atom_with_public_notices_only(client, world, db):
    board_of(world, db)
    response = client.get(f"/notices/compounds/{world.compound_a.id}/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{tag}") is not None, tag
    entries = feed.findall(f"{ATOM}entry")
    titles = {entry.findtext(f"{ATOM}title") for entry in entries}
    assert "公开公告" in titles and "过期公告" in titles
    assert "业主公告" not in titles and "定时公告" not in titles
    assert any(t.startswith("已撤回") or t.startswith("Withdrawn") for t in titles)
    for entry in entries:
        for tag in ("id", "title", "updated", "summary"):
            assert entry.findtext(f"{ATOM}{tag}"), tag
        assert entry.find(f"{ATOM}link").get("href").startswith("http://portal.test/notices/")
        datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))


def test_the_compound_page_shows_the_latest_three_notices(client, world, db):
    now = utcnow()
    for n in range(5):
        publish_notice(
            world.compound_a,
            title=f"公告{n}",
            body="",
            category=NoticeCategory.NEWS,
            publisher=world.committee,
            now=now - timedelta(hours=5 - n),
        )
    db.session.commit()
    page = client.get(f"/places/compounds/{world.compound_a.id}").get_data(as_text=True)
    assert [f"公告{n}" in page for n in range(5)] == [False, False, True, True, True]


@pytest.mark.parametrize(
    "url", ["/notices/compounds/{a}", "/places/compounds/{a}", "/notices/compounds/{a}/feed.atom"]
)
def test_board_queries_do_not_grow_with_notices(client, world, db, url):
    counts = []
    login(client, world.staff)
    for rows in (2, 30):  # both with public and owners-only notices
        for n in range(rows):
            publish_notice(
                world.compound_a,
                title=f"公告{rows}-{n}",
                body="正文",
                category=NoticeCategory.NEWS,
                publisher=world.committee,
                owners_only=n % 2 == 0,
            )
        _db.session.commit()
        with count_queries(_db.engine) as counted:
            assert client.get(url.format(a=world.compound_a.id)).status_code == 200
        counts.append(counted())
    assert counts[0] == counts[1], counts
