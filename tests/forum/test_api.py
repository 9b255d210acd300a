"""The forum over the API: pages of topics, a topic with a hidden reply shown as a placeholder
to other readers, writing within the rate limit, support once and its withdrawal, bad input."""

from portal.forum import services
from portal.forum.models import ForumCategory, ForumPost


def test_topics_page_by_page_and_a_topic_with_its_replies(
    client, app, db, world, people, topic, bearer, monkeypatch
):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    reader = bearer(people["乙"])
    url = f"/api/v1/compounds/{world.compound_a.id}/forum/topics"
    for title in ("一", "二"):
        created = client.post(url, json={"category": "other", "title": title, "body": "内容"}, headers=reader)
        assert created.status_code == 201 and created.json["title"] == title
    first = client.get(url, headers=reader).json
    assert (first["page"], first["pages"], first["total"]) == (1, 2, 3)
    second = client.get(url, query_string={"page": 2}, headers=reader).json
    assert [t["title"] for t in first["items"] + second["items"]] == [
        "晚上车停满了",
        "二",
        "一",
    ]  # the fixture topic is dated later
    parking = client.get(url, query_string={"category": "parking"}, headers=reader).json
    assert [t["id"] for t in parking["items"]] == [topic.id]
    assert client.get(url, query_string={"category": "nonsense"}, headers=reader).status_code == 422
    assert client.get(url, query_string={"page": 0}, headers=reader).status_code == 422

    hidden = services.reply_to(topic, author=people["甲"], body="不该说的话")
    services.hide_post(hidden, moderator=world.committee, reason="人身攻击")
    db.session.commit()
    shown = client.get(f"/api/v1/forum/topics/{topic.id}", headers=reader).json
    assert shown["title"] == "晚上车停满了" and shown["replies"][0]["hidden"] is True
    assert shown["replies"][0]["body"] is None and shown["replies"][0]["hidden_reason"] is None
    by_author = client.get(f"/api/v1/forum/topics/{hidden.id}", headers=bearer(people["甲"])).json
    assert by_author["replies"][0]["body"] == "不该说的话"
    assert by_author["replies"][0]["hidden_reason"] == "人身攻击"


def test_reply_support_and_withdraw(client, db, world, people, topic, bearer):
    reader = bearer(people["乙"])
    url = f"/api/v1/forum/topics/{topic.id}"
    reply = client.post(f"{url}/replies", json={"body": "同意"}, headers=reader)
    assert reply.status_code == 201 and reply.json["topic_id"] == topic.id
    for _ in range(2):
        supported = client.post(f"{url}/support", headers=reader)
        assert supported.status_code == 200 and supported.json == {"supported": True, "support_count": 1}
    assert client.get(url, headers=reader).json["supported"] is True
    for _ in range(2):
        withdrawn = client.delete(f"{url}/support", headers=reader)
        assert withdrawn.json == {"supported": False, "support_count": 0}


def test_bad_input_and_the_rate_limit(client, db, world, people, topic, bearer):
    reader = bearer(people["乙"])
    url = f"/api/v1/forum/topics/{topic.id}/replies"
    assert client.post(url, json={"body": ""}, headers=reader).status_code == 422
    assert client.post(url, json={"body": "<script>"}, headers=reader).status_code == 422
    assert client.post(url, json={"body": "x" * 5001}, headers=reader).status_code == 422
    statuses = [client.post(url, json={"body": f"第{n}条"}, headers=reader).status_code for n in range(6)]
    assert statuses == [201] * 5 + [422]
    services.hide_post(topic, moderator=world.committee, reason="重复")
    db.session.commit()
    refused = client.post(f"/api/v1/forum/topics/{topic.id}/support", headers=bearer(people["甲"]))
    assert refused.status_code == 422 and refused.json["message"]


def test_the_topic_list_does_not_grow_with_topics(client, db, world, people, topic, bearer):
    from portal.extensions import db as _db
    from tests.conftest import count_queries

    reader = bearer(people["乙"])
    url = f"/api/v1/compounds/{world.compound_a.id}/forum/topics"
    client.get(url, headers=reader)  # the token's first use is noted once, in statements of its own
    counts = []
    for n in (1, 6):
        for k in range(n):
            db.session.add(
                ForumPost(
                    compound_id=world.compound_a.id,
                    author_id=world.committee.id,
                    category=ForumCategory.OTHER,
                    title=f"t{k}",
                    body="b",
                )
            )
        db.session.commit()
        with count_queries(_db.engine) as counted:
            assert client.get(url, headers=reader).status_code == 200
        counts.append(counted())
    assert counts[0] == counts[1], counts
