"""The API of notifications × every role → the expected status, and what it answers."""

import pytest
from sqlalchemy import select

from portal.notifications.models import Notification
from tests.access import API_ROLES, api_access_test, base_ids, expect
from tests.notifications.conftest import tell

ROUTES = [
    ("GET", "/api/v1/me/notifications", expect(200, API_ROLES, anonymous=401), None),
    (
        "POST",
        "/api/v1/me/notifications/{mine}/read",
        expect(404, API_ROLES, anonymous=401, resident=200),
        None,
    ),
]


@pytest.fixture
def ids(world, db):
    tell(world.resident, title="会议公告")
    db.session.commit()
    return {
        **base_ids(world, db),
        "mine": db.session.scalar(select(Notification.id).where(Notification.user_id == world.resident.id)),
    }


test_api_access = api_access_test(ROUTES)


def test_the_list_and_marking_read(client, world, ids, bearer):
    headers = bearer(world.resident)
    body = client.get("/api/v1/me/notifications", headers=headers).json
    assert body["unread"] == 1
    [item] = body["items"]
    assert set(item) == {"id", "kind", "title", "url", "created_at", "read"}
    assert (item["title"], item["read"]) == ("会议公告", False)
    assert client.post(f"/api/v1/me/notifications/{item['id']}/read", headers=headers).json["read"] is True
    assert client.get("/api/v1/me/notifications", headers=headers).json["unread"] == 0
