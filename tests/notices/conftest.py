"""Notice fixtures: compound A's board with a notice in every state."""

from datetime import timedelta

import pytest

from portal.columns import utcnow
from portal.notices.models import NoticeCategory
from portal.notices.services import publish_notice, withdraw_notice

LONG_AGO = timedelta(days=30)


def board_of(world, db) -> dict:
    """Notices of compound A by the committee: public, owners-only, scheduled (tomorrow),
    expired (yesterday), withdrawn, and an owners-only notice of compound B."""
    now, committee = utcnow(), world.committee
    a = world.compound_a

    def make(title, compound=a, author=committee, **kwargs):
        return publish_notice(
            compound, title=title, body="正文", category=NoticeCategory.NEWS, publisher=author, **kwargs
        )

    notices = {
        "public": make("公开公告"),
        "owners": make("业主公告", owners_only=True),
        "scheduled": make("定时公告", publish_at=now + timedelta(days=1)),
        "expired": make("过期公告", now=now - LONG_AGO, expires_at=now - timedelta(days=1)),
        "withdrawn": make("撤回公告"),
        "b_owners": make("三国苑业主公告", compound=world.compound_b, author=world.fred, owners_only=True),
    }
    withdraw_notice(notices["withdrawn"], "发错了", actor=committee)
    db.session.commit()
    return notices


@pytest.fixture
def board(world, db):
    return board_of(world, db)
