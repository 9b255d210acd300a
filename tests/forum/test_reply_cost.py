"""What a reply costs: a constant handful of SQL statements however many posts the person and
the topic have (the person's rate is read in one query)."""

from datetime import timedelta

import pytest

from portal.errors import DomainError
from portal.extensions import db as _db
from portal.forum import rules, services
from tests.conftest import count_queries, login
from tests.forum.conftest import NOW

#: The reply POST: begin, the topic, its compound, the user, the owner check, the person's rate
#: (posts of the last minutes and topics of the last day), the reply, the topic's counters,
#: the audit record.
REPLY_STATEMENTS = 9


def _reply_statements(client, topic, body: str) -> int:
    url = f"/forum/topics/{topic.id}"
    assert client.get(f"/forum/compounds/{topic.compound_id}").status_code == 200  # seen
    with count_queries(_db.engine) as counted:
        assert client.post(url, data={"body": body}).status_code == 302
    return counted()


def test_a_reply_runs_the_same_few_statements_however_many_posts(client, db, people, topic):
    login(client, people["乙"])
    first = _reply_statements(client, topic, "同意，建议尽快维修。")
    for n in range(3):
        services.reply_to(topic, author=people["甲"], body=f"第{n}条")
    db.session.commit()
    second = _reply_statements(client, topic, "再补充一点。")
    assert first == second <= REPLY_STATEMENTS, (first, second)


def test_the_rate_counts_the_posts_of_the_last_minutes(app, db, world, people, topic):
    """The topic (at NOW) and four replies make five posts in ten minutes: the sixth waits."""
    later = NOW + timedelta(minutes=1)
    with app.test_request_context():
        for n in range(rules.RATE_LIMIT - 1):
            services.reply_to(topic, author=people["甲"], body=f"第{n}条", now=later)
        with pytest.raises(DomainError):
            services.reply_to(topic, author=people["甲"], body="太多了", now=later)
        services.reply_to(topic, author=people["甲"], body="过了十分钟", now=later + rules.RATE_WINDOW)


def test_the_rate_counts_the_topics_of_the_last_day(app, db, world, people, topic):
    about = {"author": people["甲"], "category": topic.category, "body": "内容"}
    with app.test_request_context():
        for n in range(rules.TOPICS_PER_DAY - 1):  # the fixture's topic is the first
            at = NOW + n * rules.RATE_WINDOW
            services.create_topic(world.compound_a, **about, title=f"题{n}", now=at)
        last = NOW + rules.TOPICS_PER_DAY * rules.RATE_WINDOW
        with pytest.raises(DomainError):
            services.create_topic(world.compound_a, **about, title="多", now=last)
        services.reply_to(topic, author=people["甲"], body="回复不受限", now=last)
