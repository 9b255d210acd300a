"""The API of the notice board × every role → the expected status, and what each role lists."""

import pytest

from tests.access import API_ROLES, api_access_test, base_ids, expect
from tests.notices.conftest import board_of

READERS = expect(404, API_ROLES, anonymous=401, committee=200, staff=200, admin=200)
ROUTES = [
    ("GET", "/api/v1/compounds/{a}/notices", expect(200, API_ROLES), None),
    (
        "POST",
        "/api/v1/compounds/{a}/notices",
        expect(403, API_ROLES, anonymous=401, committee=201, staff=201, admin=201),
        {"title": "停电通知", "body": "**周六**停电", "category": "news", "owners_only": False},
    ),
    ("GET", "/api/v1/notices/{public}", expect(200, API_ROLES), None),
    ("GET", "/api/v1/notices/{owners}", READERS, None),
    ("GET", "/api/v1/notices/{scheduled}", READERS, None),
]


@pytest.fixture
def ids(world, db):
    return {**base_ids(world, db), **{name: notice.id for name, notice in board_of(world, db).items()}}


test_api_access = api_access_test(ROUTES)


@pytest.mark.parametrize("role", API_ROLES)
def test_the_list_shows_owners_only_notices_to_those_who_may_read_them(client, world, ids, bearer, role):
    headers = {} if role == "anonymous" else bearer(getattr(world, role))
    body = client.get(f"/api/v1/compounds/{ids['a']}/notices", headers=headers).json
    titles = {item["title"] for item in body["items"]}
    readers = role in ("committee", "staff", "admin")
    assert titles == ({"公开公告", "业主公告"} if readers else {"公开公告"})
    assert set(body["items"][0]) == {"id", "title", "category", "published_at", "expires_at", "pinned", "url"}
