"""The inbox: the header's unread count, opening a notification, marking all read, the
settings page, and a constant number of queries."""

import pytest
from sqlalchemy import select

from portal.extensions import db as _db
from portal.notifications.models import Notification, NotificationContact, NotificationPreference
from tests.conftest import count_queries, login
from tests.notifications.conftest import tell


def test_the_header_shows_the_unread_count_to_the_signed_in_only(client, db, world):
    tell(world.resident)
    tell(world.resident)
    db.session.commit()
    assert "unread" not in client.get("/").get_data(as_text=True)
    login(client, world.resident)
    page = client.get("/").get_data(as_text=True)
    assert '<span class="badge rounded-pill bg-warning text-dark">2<span class="visually-hidden">' in page


def statements_of(client, url) -> list[str]:
    from sqlalchemy import event

    seen = []

    def before(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(_db.engine, "before_cursor_execute", before)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(_db.engine, "before_cursor_execute", before)
    return seen


@pytest.mark.parametrize("url", ["/", "/places/compounds/{a}", "/notices/compounds/{a}"])
def test_anonymous_pages_do_not_ask_for_notifications(client, db, world, url):
    tell(world.resident)
    db.session.commit()
    url = url.format(a=world.compound_a.id)
    assert not any("notifications" in s for s in statements_of(client, url))
    login(client, world.resident)
    assert sum("FROM notifications" in s for s in statements_of(client, url)) == 1


def test_opening_a_notification_marks_it_read_and_leads_to_its_page(client, db, world):
    tell(world.resident, url="/notices/7")
    db.session.commit()
    notification = db.session.scalar(select(Notification))
    login(client, world.resident)
    response = client.get(f"/notifications/{notification.id}")
    assert response.status_code == 302 and response.headers["Location"] == "/notices/7"
    assert db.session.get(Notification, notification.id).read_at is not None


def test_only_paths_of_the_portal_are_followed(client, db, world):
    tell(world.resident, url="//evil.example/x")
    db.session.commit()
    login(client, world.resident)
    notification = db.session.scalar(select(Notification))
    assert client.get(f"/notifications/{notification.id}").headers["Location"] == "/notifications/"


def test_mark_all_read(client, db, world):
    for _ in range(3):
        tell(world.resident)
    tell(world.staff)
    db.session.commit()
    login(client, world.resident)
    assert client.post("/notifications/read-all").status_code == 302
    unread = db.session.scalars(select(Notification.user_id).where(Notification.read_at.is_(None))).all()
    assert unread == [world.staff.id]


def test_settings_keep_the_email_and_the_channels(client, db, world):
    login(client, world.resident)
    assert client.get("/notifications/settings").status_code == 200
    response = client.post(
        "/notifications/settings",
        data={"email": "chen@example.com", "sms_meeting_announced": "y", "email_notice_published": "y"},
    )
    assert response.status_code == 302
    assert db.session.get(NotificationContact, world.resident.id).email == "chen@example.com"
    chosen = {p.kind: (p.email, p.sms) for p in db.session.scalars(select(NotificationPreference))}
    assert chosen["meeting_announced"] == (False, True) and chosen["notice_published"] == (True, False)
    assert client.post("/notifications/settings", data={"email": "not an address"}).status_code == 422


@pytest.mark.parametrize("url", ["/notifications/", "/"])
def test_inbox_queries_do_not_grow_with_notifications(client, db, world, url):
    login(client, world.resident)
    counts = []
    for rows in (1, 40):
        for _ in range(rows):
            tell(world.resident)
        _db.session.commit()
        with count_queries(_db.engine) as counted:
            assert client.get(url).status_code == 200
        counts.append(counted())
    assert counts[0] == counts[1], counts
