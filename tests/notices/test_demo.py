"""The demo: notices on every demo compound's board, and notifications for the demo owner."""

from collections import Counter

from sqlalchemy import func, select

from portal.auth.models import User
from portal.demo import load_demo
from portal.notices.models import Notice
from portal.notifications.models import Notification
from portal.places.services import find_compound


def totals(db) -> tuple[int, int]:
    return tuple(db.session.scalar(select(func.count(model.id))) for model in (Notice, Notification))


def test_the_demo_fills_every_board_and_the_owners_inbox_once(app, db):
    load_demo()
    db.session.commit()
    counts = totals(db)
    for name in ("文宴雅居", "延中小区", "三国苑", "胥中街片区"):
        assert db.session.scalar(select(Notice.id).where(Notice.compound_id == find_compound(name).id)), name
    fees = db.session.scalar(select(Notice).where(Notice.title == "文宴雅居物业费和停车费收费标准"))
    assert fees.pinned and "每户每月 50 元" in fees.body and "每个每月 30 元" in fees.body
    owner = db.session.scalar(select(User).where(User.phone == "13900000005"))
    kinds = Counter(db.session.scalars(select(Notification.kind).where(Notification.user_id == owner.id)))
    assert {"claim_decided", "meeting_announced", "voting_opens", "notice_published"} <= set(kinds)
    load_demo()
    db.session.commit()
    assert totals(db) == counts
