"""Volunteers' records: totals and stars, certificates and their public verification, the
opt-in leaderboard and a community's hours by month and category."""

from datetime import timedelta

import pytest

from portal.errors import DomainError
from portal.volunteering import services
from portal.volunteering.models import Category
from tests.volunteering.conftest import NOW


@pytest.fixture
def served(db, world, residents, new_activity):
    """Two evenings of a patrol of compound A: 甲 served both (2 h and 1.5 h), 乙 the first."""
    activity = new_activity(capacity=5, sessions=2)
    for session, hours in zip(activity.sessions, (120, 90), strict=True):
        for name in ("甲", "乙") if session is activity.sessions[0] else ("甲",):
            signup = services.sign_up(session, residents[name], now=NOW).signup
            services.check_in(signup, actor=world.staff, now=session.starts_at)
            services.check_out(signup, actor=world.staff, now=session.starts_at + timedelta(minutes=hours))
    db.session.commit()
    return activity


def test_record_totals_and_stars(db, residents, served):
    record = services.record_of(residents["甲"])
    assert (record.total_minutes, record.total_hours, record.star, record.next_star_hours) == (
        210,
        "3.50",
        0,
        100,
    )
    assert (
        len(record.signups) == 2 and record.signups[0].session.starts_at > record.signups[1].session.starts_at
    )
    assert [(c.id, minutes) for c, minutes in record.communities] == [(served.community_id, 210)]


def test_a_certificate_freezes_the_hours_and_its_code_verifies(db, world, residents, served):
    issued_at = served.sessions[1].ends_at + timedelta(days=1)
    certificate = services.issue_certificate(residents["甲"], world.community, now=issued_at)
    assert certificate.minutes == 210 and certificate.holder_name == "甲"
    assert certificate.issuer == "南关街道办事处南关社区居民委员会"
    assert (certificate.first_on.isoformat(), certificate.last_on.isoformat()) == ("2026-12-04", "2026-12-11")
    assert [line["minutes"] for line in certificate.lines] == [120, 90]
    assert len(certificate.code) == 12 and not set(certificate.code) & set("01OI")
    spaced = f"{certificate.code[:4].lower()}-{certificate.code[4:8]} {certificate.code[8:]}"
    assert services.certificate_by_code(spaced).id == certificate.id
    assert services.certificate_by_code("X" * 12) is None
    assert services.certificate_by_code("short") is None


def test_no_certificate_without_hours(db, world, residents, served):
    with pytest.raises(DomainError, match="还没有记录的服务时长"):
        services.issue_certificate(residents["丙"], world.community)
    with pytest.raises(DomainError):
        services.issue_certificate(residents["甲"], world.other_community)


def test_the_leaderboard_lists_only_those_who_opted_in(db, world, residents, served):
    assert services.leaderboard(world.community) == []
    services.set_leaderboard(residents["乙"], True)
    services.set_leaderboard(residents["甲"], True)
    assert services.leaderboard(world.community) == [("甲", 210), ("乙", 120)]
    services.set_leaderboard(residents["甲"], False)
    assert services.leaderboard(world.community) == [("乙", 120)]
    assert services.leaderboard(world.other_community) == []


def test_hours_by_month_and_category_in_beijing_time(db, world, residents, served, new_activity):
    late = new_activity(days=29, title="元旦前夜", capacity=3)  # 30 December, 19:00 → still December
    session = late.sessions[0]
    session.starts_at = session.starts_at + timedelta(days=1, hours=4)  # 31 December 23:00 in Beijing
    session.ends_at = session.starts_at + timedelta(hours=2)  # into 1 January
    db.session.commit()
    signup = services.sign_up(session, residents["乙"], now=NOW).signup
    services.check_in(signup, actor=world.staff, now=session.starts_at)
    services.check_out(signup, actor=world.staff, now=session.ends_at)
    rows = services.hours_by_month_and_category(world.community)
    assert [(m, Category(c), people, minutes) for m, c, people, minutes in rows] == [
        ("2026-12", Category.PATROL, 2, 450)
    ]


def test_each_volunteer_reads_their_own_record(db, world, residents, served):
    """The record's statements are built once: each call answers for the person asked."""
    services.issue_certificate(residents["甲"], world.community, now=served.sessions[1].ends_at)
    services.set_leaderboard(residents["乙"], True)
    one, two, three = (services.record_of(residents[name]) for name in ("甲", "乙", "丙"))
    assert (one.total_minutes, two.total_minutes, three.total_minutes) == (210, 120, 0)
    assert [len(r.signups) for r in (one, two, three)] == [2, 1, 0]
    assert [[m for _c, m in r.communities] for r in (one, two, three)] == [[210], [120], []]
    assert [c.community.name for c in services.certificates_of(residents["甲"])] == [world.community.name]
    assert services.certificates_of(residents["乙"]) == []
    assert [services.on_leaderboard(residents[name]) for name in ("甲", "乙")] == [False, True]
