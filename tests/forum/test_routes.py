"""Forum pages: a topic with a photo, a hidden post shown as a placeholder to other residents
but with its reason to its author, and list pages in a constant number of queries."""

import io

from portal.extensions import db as _db
from portal.forum import services
from portal.forum.models import ForumCategory, ForumPost, ForumReport
from tests.conftest import count_queries, login
from tests.images import png


def test_post_a_topic_with_a_photo(client, world, db, people):
    login(client, people["乙"])
    data = {
        "category": "repairs",
        "title": "路灯坏了",
        "body": "3号楼前",
        "photos": [(io.BytesIO(png()), "灯.png")],
    }
    answer = client.post(
        f"/forum/compounds/{world.compound_a.id}/new", data=data, content_type="multipart/form-data"
    )
    assert answer.status_code == 302
    topic = db.session.query(ForumPost).one()
    assert len(topic.photos) == 1
    page = client.get(f"/forum/topics/{topic.id}").get_data(as_text=True)
    assert "路灯坏了" in page and f"/forum/photos/{topic.photos[0].id}" in page


def test_hidden_post_placeholder_and_reason(client, world, db, people, topic):
    reply = services.reply_to(topic, author=people["甲"], body="消防通道的照片见下")
    services.hide_post(reply, moderator=world.committee, reason="含有电话号码")
    db.session.commit()
    login(client, people["乙"])
    page = client.get(f"/forum/topics/{topic.id}").get_data(as_text=True)
    assert "消防通道的照片" not in page and "含有电话号码" not in page
    login(client, people["甲"])
    page = client.get(f"/forum/topics/{topic.id}").get_data(as_text=True)
    assert "消防通道的照片" in page and "含有电话号码" in page and f"/forum/posts/{reply.id}/review" in page


def test_hidden_posts_are_read_by_their_author_and_moderators_only(client, world, db, people, topic):
    reply = services.reply_to(topic, author=people["乙"], body="我也看到了消防通道被占")
    hidden_reply = services.reply_to(topic, author=people["甲"], body="他的电话是13900000000")
    services.hide_post(hidden_reply, moderator=world.committee, reason="含有电话号码")
    db.session.commit()
    login(client, people["乙"])
    assert client.get(f"/forum/posts/{hidden_reply.id}/report").status_code == 404
    assert client.post(f"/forum/posts/{hidden_reply.id}/report", data={"reason": "x"}).status_code == 404
    services.hide_post(topic, moderator=world.committee, reason="与本小区无关")
    db.session.commit()
    for url in (
        f"/forum/topics/{topic.id}",
        f"/forum/topics/{reply.id}",
        f"/forum/posts/{topic.id}/report",
        f"/forum/posts/{reply.id}/report",
    ):
        assert client.get(url).status_code == 404, url
    login(client, people["甲"])
    page = client.get(f"/forum/topics/{topic.id}").get_data(as_text=True)
    assert "<title>晚上车停满了" in page and "我也看到了" in page
    report = client.get(f"/forum/posts/{topic.id}/report").get_data(as_text=True)
    assert "晚上车停满了" in report
    login(client, world.committee)
    assert client.get(f"/forum/topics/{topic.id}").status_code == 200
    assert client.get(f"/forum/posts/{hidden_reply.id}/report").status_code == 200


def test_a_pending_claimant_is_told_the_forum_opens_once_verified(client, world, db, people, topic):
    login(client, people["丙"])
    for url in (f"/forum/compounds/{world.compound_a.id}", f"/forum/topics/{topic.id}"):
        answer = client.get(url)
        assert answer.status_code == 403 and "核实" in answer.get_data(as_text=True), url
        assert "晚上车停满了" not in answer.get_data(as_text=True)
    assert client.post(f"/forum/topics/{topic.id}", data={"body": "同意"}).status_code == 403
    new = f"/forum/compounds/{world.compound_a.id}/new"
    assert client.post(new, data={"category": "other", "title": "t", "body": "b"}).status_code == 403
    assert db.session.query(ForumPost).count() == 1
    login(client, people["乙"])
    assert client.get(f"/forum/topics/{topic.id}").status_code == 200


def test_another_compound_sees_nothing(client, world, db, people, topic):
    login(client, people["戊"])
    assert client.get(f"/forum/topics/{topic.id}").status_code == 404
    assert client.get(f"/forum/compounds/{world.compound_a.id}").status_code == 404


def _queries(client, url):
    with count_queries(_db.engine) as counted:
        assert client.get(url).status_code == 200
    return counted()


def test_lists_do_not_grow_with_rows(client, world, db, people, topic):
    login(client, world.committee)
    counts = []
    for n in (1, 25):
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
            reply = ForumPost(
                compound_id=world.compound_a.id, topic_id=topic.id, author_id=world.staff.id, body=f"r{k}"
            )
            db.session.add(reply)
            db.session.flush()
            db.session.add(ForumReport(post_id=reply.id, reporter_id=world.committee.id, reason="x"))
        db.session.commit()
        counts.append(
            [
                _queries(client, url)
                for url in (
                    f"/forum/compounds/{world.compound_a.id}",
                    f"/forum/topics/{topic.id}",
                    f"/forum/compounds/{world.compound_a.id}/moderation",
                )
            ]
        )
    assert counts[0] == counts[1], counts
    # The budget of the list, the topic and moderation (the topic was 11, then 7: its posts come
    # as cards with their authors' names and photos in one statement, its compound's community
    # with the post).
    assert all(n <= budget for n, budget in zip(counts[0], (8, 6, 6), strict=True)), counts


def test_a_taken_up_link_with_a_tab_is_refused(client, world, db, people, topic):
    login(client, world.committee)
    url = f"/forum/topics/{topic.id}/take-up"
    assert client.post(url, data={"link": "/\t/evil.example"}).status_code == 422
    assert db.session.get(ForumPost, topic.id).taken_up_at is None
    assert client.post(url, data={"link": "/notices/12"}).status_code == 302


def test_every_topic_stays_reachable_page_by_page(client, world, db, people, topic, app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 3)
    for k in range(6):
        db.session.add(
            ForumPost(
                compound_id=world.compound_a.id,
                author_id=world.committee.id,
                category=ForumCategory.OTHER,
                title=f"旧话题{k}",
                body="b",
            )
        )
    db.session.commit()
    login(client, people["甲"])
    url = f"/forum/compounds/{world.compound_a.id}"
    pages = [client.get(url, query_string={"page": n}).get_data(as_text=True) for n in (1, 2, 3)]
    titles = [t for t in ["停车"] + [f"旧话题{k}" for k in range(6)] if any(t in p for p in pages)]
    assert len(titles) == 7
    assert "page=2" in pages[0] and "page=2" in pages[2]
    other = client.get(url, query_string={"page": 2, "category": "other"}).get_data(as_text=True)
    assert "category=other" in other  # the category filter is kept on the page links
    assert client.get(url, query_string={"page": "x"}).status_code == 200
    assert client.get(url, query_string={"page": 99}).status_code == 200


def test_support_and_withdraw_from_the_topic_page(client, world, db, people, topic):
    login(client, people["乙"])  # a verified owner who is not the author
    page = client.get(f"/forum/topics/{topic.id}").get_data(as_text=True)
    assert "/support/withdraw" not in page
    client.post(f"/forum/topics/{topic.id}/support")
    page = client.get(f"/forum/topics/{topic.id}").get_data(as_text=True)
    assert f"/forum/topics/{topic.id}/support/withdraw" in page
    client.post(f"/forum/topics/{topic.id}/support/withdraw")
    db.session.refresh(topic)
    assert topic.support_count == 0
    page = client.get(f"/forum/topics/{topic.id}").get_data(as_text=True)
    assert f'action="/forum/topics/{topic.id}/support"' in page
