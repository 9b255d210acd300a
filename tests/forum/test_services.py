"""Writing and moderating: replies counted, support once per person, edits within 15
minutes, the rate limit, hiding with a reason told to the author, review, "taken up"."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from portal.errors import ConflictError, DomainError
from portal.forum import services
from portal.forum.models import ForumCategory, ForumPost, ForumReport
from portal.notifications.models import Notification
from tests.forum.conftest import NOW
from tests.images import png


def test_replies_and_support(db, world, people, topic):
    services.reply_to(topic, author=people["丙"], body="同意", now=NOW + timedelta(minutes=1))
    assert services.support(topic, people["丙"]) is True
    assert services.support(topic, people["丙"]) is False
    assert services.support(topic, world.committee) is True
    db.session.commit()
    db.session.refresh(topic)
    assert (topic.reply_count, topic.support_count) == (1, 2)
    assert services.supported_by(people["丙"], [topic.id]) == {topic.id}


def test_support_is_withdrawn_once(db, world, people, topic):
    services.support(topic, people["丙"])
    services.support(topic, world.committee)
    assert services.withdraw_support(topic, people["丙"]) is True
    assert services.withdraw_support(topic, people["丙"]) is False
    db.session.commit()
    db.session.refresh(topic)
    assert topic.support_count == 1
    assert services.supported_by(people["丙"], [topic.id]) == set()
    assert services.support(topic, people["丙"]) is True  # and may support again


def test_edits_only_within_fifteen_minutes_by_the_author(db, world, people, topic):
    services.edit_post(
        topic, author=people["甲"], title="晚上北门车停满了", body="新", now=NOW + timedelta(minutes=15)
    )
    assert topic.title == "晚上北门车停满了" and topic.edited_at is not None
    with pytest.raises(DomainError):
        services.edit_post(topic, author=people["甲"], title="x", body="y", now=NOW + timedelta(minutes=16))
    with pytest.raises(DomainError):
        services.edit_post(topic, author=people["丙"], title="x", body="y", now=NOW)


def test_rate_limit_per_person(db, world, people, topic):
    for n in range(4):
        services.reply_to(topic, author=people["甲"], body=f"补充{n}", now=NOW + timedelta(minutes=1))
    with pytest.raises(DomainError):
        services.reply_to(topic, author=people["甲"], body="太多", now=NOW + timedelta(minutes=2))
    services.reply_to(topic, author=people["丙"], body="别人不受影响", now=NOW + timedelta(minutes=2))
    services.reply_to(topic, author=people["甲"], body="十分钟后可以", now=NOW + timedelta(minutes=11))


def test_hide_tell_review_restore(db, world, people, topic):
    reply = services.reply_to(topic, author=people["丙"], body="骂人的话", now=NOW)
    services.report_post(reply, reporter=people["甲"], reason="人身攻击")
    with pytest.raises(ConflictError):
        services.report_post(reply, reporter=people["甲"], reason="再报")
    services.hide_post(reply, moderator=world.committee, reason="人身攻击")
    with pytest.raises(ConflictError):
        services.hide_post(reply, moderator=world.staff, reason="再藏")
    db.session.commit()
    assert reply.hidden and db.session.scalar(select(ForumReport.resolved_at)) is not None
    told = db.session.scalars(select(Notification).where(Notification.user_id == people["丙"].id)).all()
    assert [n.kind for n in told] == ["forum_post_hidden"] and told[0].title_params["reason"] == "人身攻击"
    with pytest.raises(DomainError):
        services.request_review(reply, author=people["甲"], note="不是我的")
    services.request_review(reply, author=people["丙"], note="我已经改正")
    reported, reviews = services.moderation_queue(world.compound_a)
    assert reported == [] and reviews == [reply]
    services.decide_review(reply, moderator=world.staff, restore=True)
    db.session.commit()
    assert not reply.hidden
    with pytest.raises(ConflictError):
        services.decide_review(reply, moderator=world.staff, restore=False)
    assert services.moderation_queue(world.compound_a) == ([], [])


def test_hidden_posts_are_listed_for_author_and_moderators_only(db, world, people, topic):
    services.hide_post(topic, moderator=world.committee, reason="广告")
    db.session.commit()
    assert services.topics_of(world.compound_a, people["丙"], moderator=False) == []
    assert services.topics_of(world.compound_a, people["甲"], moderator=False) == [topic]
    assert services.topics_of(world.compound_a, world.staff, moderator=True) == [topic]
    # The page's statement is built once: each call answers for its own reader and compound.
    assert services.topics_page(world.compound_a, people["丙"], moderator=False).items == []
    assert services.topics_page(world.compound_a, people["甲"], moderator=False).items == [topic]
    assert services.topics_page(world.compound_b, people["甲"], moderator=False).items == []
    assert services.topics_page(world.compound_a, people["丙"], moderator=True).total == 1
    with pytest.raises(DomainError):
        services.reply_to(topic, author=people["丙"], body="x")
    with pytest.raises(DomainError):
        services.support(topic, people["丙"])


def test_take_up_with_a_link(db, world, people, topic):
    with pytest.raises(DomainError):
        services.take_up(topic, member=world.committee, link="https://evil.example")
    services.take_up(topic, member=world.committee, link="/notices/1", note="业委会已决定划线")
    db.session.commit()
    assert topic.taken_up_url == "/notices/1"
    kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == people["甲"].id)).all()
    assert "forum_topic_taken_up" in kinds


def test_categories_filter(db, world, people, topic):
    other = services.create_topic(
        world.compound_a, author=people["丙"], category=ForumCategory.SAFETY, title="路灯", body="坏了"
    )
    assert services.topics_of(
        world.compound_a, people["丙"], moderator=False, category=ForumCategory.SAFETY
    ) == [other]
    assert db.session.query(ForumPost).count() == 2


def test_moderators_to_do(app, db, world, people, topic):
    from portal.todo import todo_for

    services.report_post(topic, reporter=people["丙"], reason="广告")
    db.session.commit()
    with app.test_request_context():
        assert [i.kind for i in todo_for(world.committee) if i.kind == "forum_moderation"] == [
            "forum_moderation"
        ]
        assert [i for i in todo_for(world.staff) if i.kind == "forum_moderation"]
        assert not [i for i in todo_for(world.fred) if i.kind == "forum_moderation"]
        assert not [i for i in todo_for(people["甲"]) if i.kind == "forum_moderation"]


def test_a_review_is_asked_and_decided_once_even_from_a_stale_page(db, world, people, topic):
    """Each request's copy of the post may be stale (another request just wrote): the
    conditional UPDATE, not the copy, decides; the second one is refused."""
    from sqlalchemy import update

    services.hide_post(topic, moderator=world.committee, reason="含有电话号码")
    db.session.commit()
    stale = update(ForumPost).where(ForumPost.id == topic.id).execution_options(synchronize_session=False)
    db.session.refresh(topic)  # this request's copy, read before the other request writes
    db.session.execute(stale.values(review_requested_at=NOW, review_note="已删除号码"))
    with pytest.raises(ConflictError, match="已经申请过"):
        services.request_review(topic, author=people["甲"], note="再试一次")
    db.session.rollback()
    services.request_review(topic, author=people["甲"], note="已删除号码")
    db.session.commit()
    db.session.refresh(topic)
    db.session.execute(stale.values(reviewed_at=NOW))
    with pytest.raises(ConflictError, match="已由其他"):
        services.decide_review(topic, moderator=world.staff, restore=True)
    db.session.rollback()
    assert db.session.get(ForumPost, topic.id).hidden


def test_replies_and_supports_answer_for_the_topic_and_person_asked(db, world, people, topic):
    """`replies_of` and `supported_by` are built once: each call answers for its own topic and reader."""
    other = services.create_topic(
        world.compound_a,
        author=people["乙"],
        category=ForumCategory.PARKING,
        title="东门也停满了",
        body="东门同样。",
        now=NOW,
    )
    services.reply_to(topic, author=people["丙"], body="同意", now=NOW + timedelta(minutes=1))
    services.reply_to(other, author=people["甲"], body="确实", now=NOW + timedelta(minutes=2))
    services.reply_to(other, author=people["丙"], body="附议", now=NOW + timedelta(minutes=3))
    services.support(topic, people["丙"])
    services.support(other, people["甲"])
    db.session.commit()
    assert [r.body for r in services.replies_of(topic)] == ["同意"]
    assert [r.body for r in services.replies_of(other)] == ["确实", "附议"]
    assert services.supported_by(people["丙"], [topic.id, other.id]) == {topic.id}
    assert services.supported_by(people["甲"], [topic.id, other.id]) == {other.id}
    assert services.supported_by(people["乙"], [topic.id]) == set()


def test_the_thread_cards_answer_for_the_topic_asked(db, world, people, topic):
    """`thread_of` is built once: each call gives its own topic's card and replies, each reply with
    its author's name, its own photos in order, and whether it is hidden."""
    other = services.create_topic(
        world.compound_a,
        author=people["乙"],
        category=ForumCategory.FEES,
        title="物业费",
        body="涨了",
        now=NOW,
    )
    photos = [FileStorage(io.BytesIO(png()), filename=f"{n}.png") for n in range(2)]
    first = services.reply_to(topic, author=people["乙"], body="有照片", photos=photos, now=NOW)
    hidden = services.reply_to(topic, author=people["甲"], body="电话", now=NOW + timedelta(minutes=1))
    services.hide_post(hidden, moderator=world.committee, reason="含有电话号码")
    services.reply_to(other, author=people["甲"], body="确实", now=NOW + timedelta(minutes=2))
    db.session.commit()
    card, replies = services.thread_of(topic)
    assert (card.id, card.author_name, card.body, card.photo_ids, card.hidden) == (
        topic.id,
        "甲",
        topic.body,
        [],
        False,
    )
    assert [(r.id, r.author_name, r.hidden, r.hidden_reason) for r in replies] == [
        (first.id, "乙", False, ""),
        (hidden.id, "甲", True, "含有电话号码"),
    ]
    assert replies[0].photo_ids == [photo.id for photo in first.photos] and len(replies[0].photo_ids) == 2
    card, replies = services.thread_of(other)
    assert card.id == other.id and [(r.body, r.photo_ids) for r in replies] == [("确实", [])]
