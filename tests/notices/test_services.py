"""The notice board's rules: who publishes in whose name, scheduling, expiry, corrections,
withdrawal, pinning, idempotent sources, and owners told of notices written by people."""

from datetime import timedelta

import flask_babel
import pytest
import time_machine
from sqlalchemy import func, select

from portal.audit import AuditRecord
from portal.auth.models import Role
from portal.auth.services import grant_role
from portal.columns import utcnow
from portal.errors import DomainError
from portal.notices import services
from portal.notices.models import Notice, NoticeCategory, NoticeStatus, PublisherKind
from portal.notifications.models import Notification
from portal.registration.services import claim_unit, verify_claim
from tests.conftest import make_user


def publish(world, title="通知", **kwargs):
    kwargs.setdefault("publisher", world.committee)
    return services.publish_notice(
        world.compound_a, title=title, body="正文", category=NoticeCategory.NEWS, **kwargs
    )


def test_each_publisher_speaks_for_its_body(world, db):
    a = world.compound_a
    assert services.publisher_for(world.committee, a) == PublisherKind.COMMITTEE
    assert services.publisher_for(world.staff, a) == PublisherKind.COMMUNITY
    assert services.publisher_for(world.admin, a) == PublisherKind.STREET_OFFICE
    for outsider in (world.fred, world.mediator, world.resident):
        assert services.publisher_for(outsider, a) is None
    with pytest.raises(DomainError):
        publish(world, publisher=world.mediator)
    group = make_user("13700000009", "筹备组成员")
    grant_role(group, Role.COMMITTEE, world.compound_c)
    group.grants[0].preparatory = True
    assert services.publisher_for(group, world.compound_c) == PublisherKind.PREPARATORY_GROUP


def test_the_publisher_is_named_in_the_readers_language(app, world, db):
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert (
            services.publisher_name(PublisherKind.COMMITTEE, world.compound_a)
            == "Owners' committee of 文宴雅居"
        )
        assert services.publisher_name(PublisherKind.STREET_OFFICE, world.compound_a) == "南关街道办事处"
    with app.test_request_context():
        flask_babel.refresh()  # the test's app context outlives each request context
        assert services.publisher_name(PublisherKind.COMMITTEE, world.compound_a) == "文宴雅居 业主委员会"


def test_a_scheduled_notice_appears_at_its_time_and_leaves_at_expiry(world, db):
    now = utcnow()
    notice = publish(world, publish_at=now + timedelta(hours=2), expires_at=now + timedelta(days=3))

    def on_board():
        return [n.id for n in db.session.scalars(services.board_query(world.compound_a, owners_only=False))]

    assert notice.state == NoticeStatus.SCHEDULED and on_board() == []
    with time_machine.travel(now + timedelta(hours=3)):
        assert notice.state == NoticeStatus.PUBLISHED and on_board() == [notice.id]
    with time_machine.travel(now + timedelta(days=4)):
        assert notice.state == NoticeStatus.EXPIRED and on_board() == []
        archived = db.session.scalars(services.archive_query(world.compound_a, owners_only=False)).all()
        assert [n.id for n in archived] == [notice.id]


def test_no_backdating_and_expiry_after_publication(world, db):
    before = utcnow()
    notice = publish(world, publish_at=before - timedelta(days=3))
    assert notice.publish_at >= before
    with pytest.raises(DomainError):
        publish(world, expires_at=before - timedelta(days=1))
    with pytest.raises(DomainError):
        publish(world, title=" ")


def test_pinned_first_then_newest(world, db):
    now = utcnow()
    old_pinned = publish(world, "置顶", pinned=True, now=now - timedelta(days=5))
    older = publish(world, "旧", now=now - timedelta(days=2))
    newer = publish(world, "新", now=now - timedelta(days=1))
    listed = db.session.scalars(services.board_query(world.compound_a, owners_only=False)).all()
    assert [n.id for n in listed] == [old_pinned.id, newer.id, older.id]


def test_edit_until_published_then_only_corrections(world, db):
    now = utcnow()
    notice = publish(world, publish_at=now + timedelta(days=1))
    values = dict(
        title="改后",
        body="新正文",
        category=NoticeCategory.FINANCE,
        owners_only=True,
        pinned=False,
        publish_at=now + timedelta(days=2),
        expires_at=None,
    )
    services.update_notice(notice, actor=world.committee, **values)
    assert (notice.title, notice.category, notice.owners_only) == ("改后", NoticeCategory.FINANCE, True)
    with pytest.raises(DomainError, match="只有已发布的公告才能更正"):
        services.amend_notice(notice, "更正", actor=world.committee)
    with time_machine.travel(now + timedelta(days=3)):
        with pytest.raises(DomainError, match="公告发布后不能再修改"):
            services.update_notice(notice, actor=world.committee, **values)
        services.amend_notice(notice, "时间改为九点。", actor=world.committee)
    assert [a.text for a in notice.amendments] == ["时间改为九点。"]
    actions = db.session.scalars(
        select(AuditRecord.action).where(
            AuditRecord.subject_type == "Notice", AuditRecord.subject_id == notice.id
        )
    ).all()
    assert actions == ["notice_published", "notice_changed", "notice_amended"]


def test_withdraw_with_a_reason_once(world, db):
    notice = publish(world)
    with pytest.raises(DomainError):
        services.withdraw_notice(notice, "  ", actor=world.committee)
    services.withdraw_notice(notice, "内容有误", actor=world.committee)
    assert notice.state == NoticeStatus.WITHDRAWN and notice.withdraw_reason == "内容有误"
    with pytest.raises(DomainError, match="本公告已经撤回"):
        services.withdraw_notice(notice, "再撤", actor=world.committee)
    audit = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "notice_withdrawn"))
    assert audit.after["reason"] == "内容有误" and audit.actor_id == world.committee.id


def test_pin_and_unpin_are_audited(world, db):
    notice = publish(world)
    services.pin_notice(notice, True, actor=world.committee)
    services.pin_notice(notice, True, actor=world.committee)  # no change, no record
    services.pin_notice(notice, False, actor=world.committee)
    actions = db.session.scalars(
        select(AuditRecord.action).where(AuditRecord.action.like("notice_%pinned"))
    ).all()
    assert actions == ["notice_pinned", "notice_unpinned"]


def test_a_source_makes_automatic_notices_idempotent(world, db):
    first = publish(world, publisher=PublisherKind.COMMITTEE, source=("meeting", 7, "final"))
    again = publish(world, title="又一次", publisher=PublisherKind.COMMITTEE, source=("meeting", 7, "final"))
    assert again.id == first.id and first.automatic and first.author_id is None
    assert db.session.scalar(select(func.count(Notice.id))) == 1
    assert services.sources_done(["meeting:7:final", "meeting:8:final"]) == {"meeting:7:final"}


def _owner_of_a(world, db):
    owner = make_user("13722222222", "业主")
    verify_claim(
        claim_unit(owner, world.compound_a.buildings[0].units[1], "CERT"),
        world.committee,
        certificate_checked=True,
    )
    return owner


def _told(db):
    return db.session.scalars(
        select(Notification.user_id).where(Notification.kind == "notice_published")
    ).all()


def test_owners_are_told_of_a_notice_by_a_person_not_of_automatic_ones(app, world, db):
    owner = _owner_of_a(world, db)
    with app.test_request_context():
        publish(world, publisher=PublisherKind.COMMITTEE, source=("meeting", 1, "notice"))
        assert _told(db) == []
        publish(world)
    assert _told(db) == [owner.id]


def test_owners_are_told_of_a_scheduled_notice_when_its_time_comes(app, world, db):
    from portal.notices.telling import tell_owners_of_scheduled_notices

    owner = _owner_of_a(world, db)
    now = utcnow()
    publish(world, publish_at=now + timedelta(hours=1))
    assert tell_owners_of_scheduled_notices("test", now=now) == 0
    assert tell_owners_of_scheduled_notices("test", now=now + timedelta(hours=2)) == 1
    assert tell_owners_of_scheduled_notices("test", now=now + timedelta(hours=3)) == 0
    assert _told(db) == [owner.id]
