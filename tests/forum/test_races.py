"""Support is race-safe: many clicks at the same moment count once per person (PostgreSQL)."""

from portal.auth.models import User
from portal.extensions import db as _db
from portal.forum import services
from portal.forum.models import ForumPost
from tests.races import race


def test_simultaneous_support_counts_once_per_person(app, db, world, people, topic, postgres_only):
    topic_id, ids = topic.id, [people["甲"].id, people["丙"].id, world.committee.id]
    db.session.commit()

    def click(user_id):
        return lambda: services.support(_db.session.get(ForumPost, topic_id), _db.session.get(User, user_id))

    outcomes = race(app, *[click(ids[n % 3]) for n in range(9)])
    assert outcomes == ["ok"] * 9
    db.session.expire_all()
    assert db.session.get(ForumPost, topic_id).support_count == 3


def test_simultaneous_withdrawals_count_once(app, db, world, people, topic, postgres_only):
    services.support(topic, people["丙"])
    services.support(topic, world.committee)
    topic_id, user_id = topic.id, people["丙"].id
    db.session.commit()

    def withdraw():
        return services.withdraw_support(_db.session.get(ForumPost, topic_id), _db.session.get(User, user_id))

    assert race(app, *[withdraw for _ in range(4)]) == ["ok"] * 4
    db.session.expire_all()
    assert db.session.get(ForumPost, topic_id).support_count == 1


def test_two_moderators_decide_a_review_once(app, db, world, people, topic, postgres_only):
    services.hide_post(topic, moderator=world.committee, reason="重复")
    services.request_review(topic, author=people["甲"], note="不重复")
    topic_id, moderators = topic.id, [world.committee.id, world.staff.id]
    db.session.commit()

    def decide(user_id, restore):
        return lambda: services.decide_review(
            _db.session.get(ForumPost, topic_id), moderator=_db.session.get(User, user_id), restore=restore
        )

    outcomes = race(app, decide(moderators[0], True), decide(moderators[1], False))
    assert sorted(o.split(":")[0] for o in outcomes) == ["ok", "refused"], outcomes
