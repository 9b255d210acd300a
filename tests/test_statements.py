"""Statements built once (portal.statements) are reused across requests and people, so nothing
of one request may be baked into them: each call answers for its own compound, day and time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from portal.management.models import FeeBasis
from portal.management.services import fee_in_force, set_fees
from portal.notices.models import NoticeCategory
from portal.notices.services import latest, publish_notice
from portal.places.services import buildings_with_unit_counts, with_page_details
from portal.statements import built_once
from portal.volunteering import services as volunteering
from portal.volunteering.models import Category


def test_a_statement_is_built_once_for_each_shape():
    built = []

    @built_once
    def statement(shape: str):
        built.append(shape)
        return select(1)

    assert statement("a") is statement("a")
    assert statement("a") is not statement("b")
    assert built == ["a", "b"]


def test_compound_page_statements_answer_for_the_compound_asked(world, db):
    a, b = with_page_details(world.compound_a), with_page_details(world.compound_b)
    assert (a.name, a.community.name) == ("文宴雅居", "南关社区")
    assert (b.name, b.community.name) == ("三国苑", "西关社区")
    assert buildings_with_unit_counts(world.compound_a)[0][0].compound_id == world.compound_a.id
    assert buildings_with_unit_counts(world.compound_b)[0][0].compound_id == world.compound_b.id


def test_fee_in_force_follows_the_day_and_the_compound(world, db):
    set_fees(
        world.compound_a,
        effective_from=date(2026, 1, 1),
        property_fee_fen=5000,
        basis=FeeBasis.HOUSEHOLD,
        parking_fee_fen=3000,
        decided_by="业主大会第一次会议",
        actor=world.committee,
    )
    db.session.commit()
    assert fee_in_force(world.compound_a, date(2025, 12, 31)) is None
    assert fee_in_force(world.compound_a, date(2026, 1, 1)).property_fee_fen == 5000
    assert fee_in_force(world.compound_b, date(2026, 1, 1)) is None


def test_latest_notices_are_those_of_the_compound_standing_now(world, db):
    soon = datetime.now(UTC) + timedelta(hours=1)
    for compound, title, publish_at in (
        (world.compound_a, "甲小区停水", None),
        (world.compound_b, "乙小区停电", None),
        (world.compound_a, "甲小区明日通知", soon),
    ):
        publish_notice(
            compound,
            title=title,
            body="请相互转告。",
            category=NoticeCategory.NEWS,
            publisher=world.admin,
            publish_at=publish_at,
        )
    db.session.commit()
    assert [n.title for n in latest(world.compound_a, owners_only=False)] == ["甲小区停水"]
    assert [n.title for n in latest(world.compound_b, owners_only=False)] == ["乙小区停电"]
    assert latest(world.compound_a, owners_only=False, limit=0) == []


def _patrol(world, start: datetime, days: int = 1):
    """A night patrol in compound A: `days` sessions of two hours, a day apart, from `start`."""
    sessions = [
        volunteering.SessionDraft(start + timedelta(days=n), start + timedelta(days=n, hours=2), 5)
        for n in range(days)
    ]
    return volunteering.create_activity(
        compound=world.compound_a,
        title="夜间巡逻",
        category=Category.PATROL,
        place="北门",
        sessions=sessions,
        signup_closes_at=start,
        cancel_closes_at=start,
        actor=world.committee,
    )


def test_upcoming_activities_follow_the_clock_and_the_place(world, db):
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    activity = _patrol(world, start)
    db.session.commit()
    after_it = start + timedelta(hours=3)
    assert volunteering.upcoming_activities(compound=world.compound_a) == [activity]
    assert volunteering.upcoming_activities(compound=world.compound_a, now=after_it) == []
    assert volunteering.upcoming_activities(compound=world.compound_b) == []
    assert volunteering.upcoming_activities(community=world.community) == [activity]
    assert volunteering.upcoming_activities(community=world.other_community) == []
    assert volunteering.upcoming_activities() == [activity]


def test_the_review_queue_answers_for_its_compound_status_and_page(world, db):
    from portal.registration.models import ClaimStatus
    from portal.registration.services import claim_unit, review_queue
    from tests.conftest import make_user
    from tests.meetings import unit_named

    for n, (compound, unit) in enumerate(
        [(world.compound_a, "101"), (world.compound_a, "201"), (world.compound_b, "101")]
    ):
        claim_unit(make_user(f"1360000010{n}", f"申请人{n}"), unit_named(compound, "1号楼", unit), "CERT")
    db.session.commit()
    a = review_queue(world.compound_a, ClaimStatus.PENDING, per_page=1)
    assert (a.total, len(a.items)) == (2, 1) and a.items[0].compound_id == world.compound_a.id
    second = review_queue(world.compound_a, ClaimStatus.PENDING, page=2, per_page=1)
    assert second.items[0].id != a.items[0].id
    assert review_queue(world.compound_a, ClaimStatus.PENDING, page=3, per_page=1).total == 2  # past the last
    b = review_queue(world.compound_b, ClaimStatus.PENDING)
    assert b.total == 1 and b.items[0].compound_id == world.compound_b.id
    assert review_queue(world.compound_a, ClaimStatus.VERIFIED).total == 0


def test_the_overviews_facts_answer_for_the_compounds_and_the_time_asked(app, db, world, monkeypatch):
    from portal.elections import panels as election_panels
    from portal.mediation import panels as mediation_panels
    from portal.panels import facts
    from tests.management.test_overview import _committees_and_complaints

    _committees_and_complaints(db, world)
    a, b = world.compound_a, world.compound_b
    names = ["assembly_status", "committee_status", "elections_in_progress", "open_complaints"]
    names += ["verified_owner_groups", "ledger_published_through", "volunteer_minutes_this_year"]
    with app.test_request_context():
        for name in names:
            both = facts(name, [a, b])
            for compound in (a, b):
                assert facts(name, [compound]) == {k: v for k, v in both.items() if k == compound.id}, name
        assert facts("open_complaints", [a])[a.id].overdue == 1
        assert facts("committee_status", [a, b]) != {}
        long_ago = datetime(2000, 1, 1, tzinfo=UTC)
        monkeypatch.setattr(mediation_panels, "utcnow", lambda: long_ago)
        monkeypatch.setattr(election_panels, "utcnow", lambda: long_ago)
        assert facts("open_complaints", [a])[a.id].overdue == 0  # nothing was late in 2000
        assert facts("committee_status", [a, b]) == {}  # no term had started


def test_the_board_and_archive_pages_answer_for_their_compound_and_reader(world, db):
    from portal.notices.services import archive_page, board_page, withdraw_notice

    for compound, title, owners_only in (
        (world.compound_a, "甲小区公告", False),
        (world.compound_a, "甲小区业主公告", True),
        (world.compound_b, "乙小区公告", False),
        (world.compound_b, "乙小区旧公告", False),
    ):
        notice = publish_notice(
            compound,
            title=title,
            body="请相互转告。",
            category=NoticeCategory.NEWS,
            publisher=world.admin,
            owners_only=owners_only,
        )
    withdraw_notice(notice, "重复发布", actor=world.admin)
    db.session.commit()

    def titles(page_of, compound, owners_only):
        return sorted(n.title for n in page_of(compound, owners_only=owners_only, page=1, per_page=10).items)

    assert titles(board_page, world.compound_a, True) == ["甲小区业主公告", "甲小区公告"]
    assert titles(board_page, world.compound_a, False) == ["甲小区公告"]
    assert titles(board_page, world.compound_b, True) == ["乙小区公告"]
    assert board_page(world.compound_a, owners_only=True, page=1, per_page=1).total == 2
    assert titles(archive_page, world.compound_a, True) == []
    assert titles(archive_page, world.compound_b, False) == ["乙小区旧公告"]


def test_sign_up_counts_and_claims_answer_for_the_sessions_and_person_asked(world, db):
    from portal.registration.services import claim_unit, claimed_compound_ids, is_owner, verify_claim
    from tests.conftest import make_user
    from tests.meetings import unit_named

    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    first, second = _patrol(world, start, days=2).sessions
    a, b = make_user("13600000201", "甲"), make_user("13600000202", "乙")
    verify_claim(
        claim_unit(a, unit_named(world.compound_a, "1号楼", "101"), "CERT"),
        world.committee,
        certificate_checked=True,
    )
    claim_unit(b, unit_named(world.compound_a, "1号楼", "201"), "CERT")
    claim_unit(b, unit_named(world.compound_b, "1号楼", "101"), "CERT")
    volunteering.sign_up(first, a)
    volunteering.sign_up(second, b)
    db.session.commit()
    assert volunteering.activity_counts([first.id, second.id]) == {first.id: (1, 0), second.id: (1, 0)}
    assert volunteering.activity_counts([first.id]) == {first.id: (1, 0)}
    assert list(volunteering.my_signup([first.id, second.id], a)) == [first.id]
    assert list(volunteering.my_signup([first.id, second.id], b)) == [second.id]
    assert claimed_compound_ids(a) == {world.compound_a.id}
    assert claimed_compound_ids(b) == {world.compound_a.id, world.compound_b.id}
    assert (is_owner(a, world.compound_a), is_owner(b, world.compound_a), is_owner(a, world.compound_b)) == (
        True,
        False,
        False,
    )


def test_notices_from_a_source_answer_for_the_sources_asked(world, db):
    from portal.notices.services import notice_from

    for compound, title, source in (
        (world.compound_a, "甲", "meeting:1:final"),
        (world.compound_b, "乙", "meeting:2:final"),
    ):
        notice = publish_notice(
            compound, title=title, body="。", category=NoticeCategory.NEWS, publisher=world.admin
        )
        notice.source = source
    db.session.commit()
    assert notice_from("meeting:1:final").title == "甲"
    assert notice_from("meeting:2:final").title == "乙"
    assert notice_from("meeting:3:final", "meeting:2:final", "meeting:1:final").title == "乙"
    assert notice_from("meeting:3:final") is None
