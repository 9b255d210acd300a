"""On the day: check-in and check-out by the list or by code, no-shows, a missing check-out
that counts nothing until corrected with a reason (audited)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.audit import AuditRecord
from portal.errors import DomainError
from portal.volunteering import services
from portal.volunteering.models import SignupStatus
from tests.volunteering.conftest import NOW


@pytest.fixture
def evening(db, world, residents, new_activity):
    """A session with 甲 and 乙 confirmed and 丙 waitlisted."""
    session = new_activity(capacity=2).sessions[0]
    signups = [services.sign_up(session, residents[name], now=NOW).signup for name in "甲乙丙"]
    db.session.commit()
    return session, signups


def test_check_in_and_out_records_the_time_served(db, world, evening):
    session, (first, _second, _third) = evening
    services.check_in(first, actor=world.staff, now=session.starts_at + timedelta(minutes=12))
    assert first.status == SignupStatus.CHECKED_IN and first.minutes == 0
    services.check_out(first, actor=world.staff, now=session.ends_at - timedelta(minutes=3))
    assert first.status == SignupStatus.COMPLETED and first.minutes == 105  # 105 minutes served
    assert services.record_of(first.user).total_hours == "1.75"


def test_check_in_opens_two_hours_before_and_only_for_those_holding_a_place(db, world, evening):
    session, (first, _second, waiting) = evening
    with pytest.raises(DomainError, match="2 小时"):
        services.check_in(first, actor=world.staff, now=session.starts_at - timedelta(hours=3))
    with pytest.raises(DomainError, match="已报上"):
        services.check_in(waiting, actor=world.staff, now=session.starts_at)
    with pytest.raises(DomainError, match="已签到"):
        services.check_out(first, actor=world.staff, now=session.ends_at)


def test_a_no_show_can_still_be_checked_in_when_late(db, world, evening):
    session, (_first, second, _third) = evening
    with pytest.raises(DomainError, match="开始后"):
        services.mark_no_show(second, actor=world.staff, now=session.starts_at - timedelta(minutes=1))
    services.mark_no_show(second, actor=world.staff, now=session.starts_at + timedelta(minutes=30))
    assert second.status == SignupStatus.NO_SHOW
    services.check_in(second, actor=world.staff, now=session.starts_at + timedelta(minutes=50))
    services.check_out(second, actor=world.staff, now=session.ends_at)
    assert second.minutes == 60  # 70 minutes → 1 hour


def test_a_missing_check_out_counts_nothing_until_corrected_with_a_reason(db, world, evening):
    session, (first, _second, _third) = evening
    services.check_in(first, actor=world.staff, now=session.starts_at)
    assert services.record_of(first.user).total_minutes == 0
    later = session.ends_at + timedelta(days=1)
    with pytest.raises(DomainError, match="原因"):
        services.correct_attendance(
            first,
            checked_in_at=session.starts_at,
            checked_out_at=session.ends_at,
            reason=" ",
            actor=world.staff,
            now=later,
        )
    services.correct_attendance(
        first,
        checked_in_at=session.starts_at,
        checked_out_at=session.ends_at + timedelta(minutes=40),
        reason="忘记签退，值班记录为 21:40",
        actor=world.staff,
        now=later,
    )
    assert first.status == SignupStatus.COMPLETED and first.minutes == 120  # capped at the session
    record = db.session.scalars(
        select(AuditRecord).where(AuditRecord.action == "volunteer_hours_corrected")
    ).one()
    assert record.after["reason"] == "忘记签退，值班记录为 21:40" and record.after["minutes"] == 120
    assert record.after["previously"]["checked_out_at"] == ""
    assert record.actor_id == world.staff.id


def test_corrections_need_times_in_order_and_in_the_past(db, world, evening):
    session, (first, _second, _third) = evening
    services.check_in(first, actor=world.staff, now=session.starts_at)
    with pytest.raises(DomainError, match="晚于签到"):
        services.correct_attendance(
            first,
            checked_in_at=session.ends_at,
            checked_out_at=session.starts_at,
            reason="x",
            actor=world.staff,
        )
    with pytest.raises(DomainError, match="不能晚于现在"):
        services.correct_attendance(
            first,
            checked_in_at=session.starts_at,
            checked_out_at=session.ends_at,
            reason="x",
            actor=world.staff,
            now=session.starts_at,
        )


def test_the_code_checks_in_then_out(db, world, evening):
    session, (first, _second, waiting) = evening
    signup, done = services.check_in_by_code(
        session, f" {first.code} ", actor=world.staff, now=session.starts_at
    )
    assert (signup.id, done) == (first.id, "in")
    signup, done = services.check_in_by_code(session, first.code, actor=world.staff, now=session.ends_at)
    assert (done, signup.minutes) == ("out", 120)
    with pytest.raises(DomainError, match="签到码"):
        services.check_in_by_code(session, waiting.code, actor=world.staff, now=session.ends_at)
    with pytest.raises(DomainError, match="签到码"):
        services.check_in_by_code(
            session, "000000" if first.code != "000000" else "111111", actor=world.staff
        )


def test_codes_are_unique_in_a_session(db, world, evening):
    _session, signups = evening
    assert len({s.code for s in signups}) == 3 and all(len(s.code) == 6 and s.code.isdigit() for s in signups)


def test_roster_and_attendance_sheet(db, world, evening):
    session, (first, second, waiting) = evening
    services.check_in(first, actor=world.staff, now=session.starts_at)
    services.check_out(first, actor=world.staff, now=session.ends_at)
    holding, waitlist = services.session_roster(session)
    assert [s.id for s in holding] == [first.id, second.id] and [s.id for s in waitlist] == [waiting.id]
    rows = services.attendance_rows(session.activity)
    assert rows[0][1] == "志愿者" and len(rows) == 3
    assert rows[1][1:4] == ["甲", "13600000001", "已签退"] and rows[1][-1] == "2.00"
    assert rows[2][-1] == "0.00"


def test_sessions_to_check_in_for_organisers(db, world, evening):
    session, _signups = evening
    assert [s.id for s in services.sessions_to_check_in(world.staff, now=session.starts_at)] == [session.id]
    assert [s.id for s in services.sessions_to_check_in(world.committee, now=session.starts_at)] == [
        session.id
    ]
    assert services.sessions_to_check_in(world.staff, now=session.starts_at - timedelta(days=1)) == []
    assert services.sessions_to_check_in(world.fred, now=session.starts_at) == []
