"""The forum's demo: two topics of 文宴雅居, one taken up with a link to the fee notice; loading
again adds nothing."""

from sqlalchemy import func, select

from portal.demo import load_demo
from portal.forum.models import ForumPost


def test_forum_demo(app, db):
    with app.test_request_context():
        load_demo()
        db.session.commit()
        load_demo()
        db.session.commit()
    assert db.session.scalar(select(func.count(ForumPost.id))) == 4
    taken = db.session.scalar(select(ForumPost).where(ForumPost.taken_up_at.is_not(None)))
    assert taken.taken_up_url.startswith("/notices/") and taken.support_count == 2 and taken.reply_count == 2
