"""The forum's API × every role → the expected status: its readers are compound A's verified
owners and moderators (the committee, the community's staff); a pending claimant is told it
opens once verified (403); for everyone else it does not exist (404), as on the pages."""

import pytest

from portal.auth.models import User
from portal.forum import services
from portal.forum.models import ForumCategory
from tests.access import API_ROLES, api_access_test, base_ids, expect

READERS = expect(404, API_ROLES, anonymous=401, resident=403, committee=200, staff=200)
WRITERS = expect(404, API_ROLES, anonymous=401, resident=403, committee=201, staff=201)
TOPIC = {"category": "parking", "title": "停车", "body": "北门停满了"}

ROUTES = [
    ("GET", "/api/v1/compounds/{a}/forum/topics", READERS, None),
    ("POST", "/api/v1/compounds/{a}/forum/topics", WRITERS, TOPIC),
    ("GET", "/api/v1/forum/topics/{topic}", READERS, None),
    ("POST", "/api/v1/forum/topics/{topic}/replies", WRITERS, {"body": "同意"}),
    ("POST", "/api/v1/forum/topics/{topic}/support", READERS, None),
    ("DELETE", "/api/v1/forum/topics/{topic}/support", READERS, None),
]


@pytest.fixture
def ids(world, db):
    found = base_ids(world, db)
    owner = db.session.get(User, found["owner"])
    topic = services.create_topic(
        world.compound_a, author=owner, category=ForumCategory.PARKING, title="停车", body="北门"
    )
    db.session.commit()
    return {**found, "topic": topic.id}


test_api_access = api_access_test(ROUTES)
