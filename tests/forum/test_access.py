"""Every page of the forum × every role. Only verified owners of compound A (the owner) and its
moderators (its committee, the community's staff) see its forum; a pending claimant is told it
opens once the claim is verified (403); for everyone else, admins included, it does not exist
(404). Readers who may not moderate are told so (403)."""

import io

import pytest
from werkzeug.datastructures import FileStorage

from portal.auth.models import User
from portal.forum import services
from portal.forum.models import ForumCategory
from tests.access import LOGIN, OK, REDIRECT, base_ids, expect, page_access_test
from tests.images import png

READERS = expect(404, anonymous=LOGIN, claimant=403, owner=OK, committee=OK, staff=OK)
READERS_ACT = expect(404, anonymous=LOGIN, claimant=403, owner=REDIRECT, committee=REDIRECT, staff=REDIRECT)
AUTHOR = expect(404, anonymous=LOGIN, owner=OK)
AUTHOR_ACT = expect(404, anonymous=LOGIN, owner=REDIRECT)
MODERATORS = expect(404, anonymous=LOGIN, claimant=403, owner=403, committee=OK, staff=OK)
MODERATORS_ACT = expect(404, anonymous=LOGIN, claimant=403, owner=403, committee=REDIRECT, staff=REDIRECT)
COMMITTEE = expect(404, anonymous=LOGIN, claimant=403, owner=403, staff=403, committee=OK)
COMMITTEE_ACT = {**COMMITTEE, "committee": REDIRECT}
TOPIC = {"category": "parking", "title": "停车", "body": "北门停满了"}

ROUTES = [
    ("GET", "/forum/compounds/{a}", READERS, None),
    ("GET", "/forum/compounds/{a}/new", READERS, None),
    ("POST", "/forum/compounds/{a}/new", READERS_ACT, TOPIC),
    ("GET", "/forum/topics/{topic}", READERS, None),
    ("POST", "/forum/topics/{topic}", READERS_ACT, {"body": "同意"}),
    ("POST", "/forum/topics/{topic}/support", READERS_ACT, {}),
    ("POST", "/forum/topics/{topic}/support/withdraw", READERS_ACT, {}),
    ("GET", "/forum/posts/{topic}/edit", AUTHOR, None),
    ("POST", "/forum/posts/{topic}/edit", AUTHOR_ACT, {"title": "停车难", "body": "北门停满了"}),
    ("GET", "/forum/posts/{topic}/report", READERS, None),
    ("POST", "/forum/posts/{topic}/report", READERS_ACT, {"reason": "重复"}),
    ("GET", "/forum/posts/{topic}/hide", MODERATORS, None),
    ("POST", "/forum/posts/{topic}/hide", MODERATORS_ACT, {"reason": "广告"}),
    ("GET", "/forum/posts/{hidden}/review", AUTHOR, None),
    ("POST", "/forum/posts/{hidden}/review", AUTHOR_ACT, {"reason": "已改正"}),
    ("POST", "/forum/posts/{hidden}/decide", MODERATORS_ACT, {"restore": "1"}),
    ("POST", "/forum/posts/{topic}/dismiss", MODERATORS_ACT, {}),
    ("GET", "/forum/topics/{topic}/take-up", COMMITTEE, None),
    ("POST", "/forum/topics/{topic}/take-up", COMMITTEE_ACT, {"link": "/notices/1"}),
    ("GET", "/forum/compounds/{a}/moderation", MODERATORS, None),
    ("GET", "/forum/photos/{photo}", READERS, None),
    (
        "GET",
        "/forum/photos/{hidden_photo}",
        expect(404, anonymous=LOGIN, owner=OK, committee=OK, staff=OK),
        None,
    ),
    ("GET", "/forum/compounds/{b}", expect(404, anonymous=LOGIN, fred=OK), None),
]


def forum_ids(world, db, owner: User) -> dict:
    """A topic of compound A by the owner, with a photo, and a hidden reply of theirs with one."""

    def photo():
        return FileStorage(io.BytesIO(png()), filename="现场.png", content_type="image/png")

    topic = services.create_topic(
        world.compound_a,
        author=owner,
        category=ForumCategory.PARKING,
        title="停车",
        body="北门",
        photos=[photo()],
    )
    hidden = services.reply_to(topic, author=owner, body="补充", photos=[photo()])
    services.hide_post(hidden, moderator=world.committee, reason="重复")
    db.session.commit()
    return {
        "topic": topic.id,
        "hidden": hidden.id,
        "photo": topic.photos[0].id,
        "hidden_photo": hidden.photos[0].id,
    }


@pytest.fixture
def ids(app, world, db):
    found = base_ids(world, db)
    with app.test_request_context():
        return {**found, **forum_ids(world, db, db.session.get(User, found["owner"]))}


test_access = page_access_test(ROUTES)
