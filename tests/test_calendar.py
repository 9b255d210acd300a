"""Working days: China's official calendar with make-up days, an office's closed days, the
fallback for years without a published notice, and the `flask calendar` commands."""

from datetime import UTC, date, datetime, timedelta

import pytest
from flask_babel import force_locale
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from portal.audit import AuditRecord
from portal.calendar import (
    Deadline,
    add_days,
    add_working_days,
    end_of_day,
    is_provisional,
    is_working_day,
    start_of_day,
    working_days_between,
)
from portal.calendar.models import ClosedDay
from portal.calendar.services import close_day, closed_days, office_deadline, reopen_day
from portal.extensions import db as _db
from tests.conftest import count_queries

D = date.fromisoformat


# --- the official calendar ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2026-09-20", True),  # Sunday, make-up working day for the National Day holiday
        ("2026-09-25", False),  # Friday, Mid-autumn Festival
        ("2026-10-01", False),  # Thursday, National Day
        ("2026-10-05", False),  # Monday inside the National Day holiday
        ("2026-10-07", False),  # Wednesday, last day of the holiday
        ("2026-10-08", True),  # Thursday, first working day after it
        ("2026-10-10", True),  # Saturday, make-up working day
        ("2026-10-11", False),  # Sunday, an ordinary weekend day
        ("2026-02-14", True),  # Saturday, make-up working day for the Spring Festival
        ("2026-02-16", False),  # Monday, Spring Festival
        ("2026-02-23", False),  # Monday, last day of the Spring Festival holiday
        ("2026-02-28", True),  # Saturday, make-up working day
        ("2026-11-04", True),  # an ordinary Wednesday
    ],
)
def test_is_working_day_follows_the_state_council_notice(day, working):
    assert is_working_day(D(day)) is working


@pytest.mark.parametrize(
    ("start", "deadline"),
    [
        # Wed 11-04 → Thu 05 (1), Fri 06 (2), weekend, Mon 09 (3).
        ("2026-11-04", "2026-11-09"),
        # Wed 09-30 → Oct 1–7 off, Thu 10-08 (1), Fri 10-09 (2), Sat 10-10 make-up day (3).
        ("2026-09-30", "2026-10-10"),
        # Tue 09-29 → Wed 09-30 (1), Oct 1–7 off, Thu 10-08 (2), Fri 10-09 (3).
        ("2026-09-29", "2026-10-09"),
        # Fri 09-18 → Sat 19 off, Sun 20 make-up day (1), Mon 21 (2), Tue 22 (3); without the
        # make-up day it would be Wed 23.
        ("2026-09-18", "2026-09-22"),
        # Thu 09-24 → Fri 25–Sun 27 Mid-autumn off, Mon 28 (1), Tue 29 (2), Wed 30 (3).
        ("2026-09-24", "2026-09-30"),
        # Thu 02-12 → Fri 13 (1), Sat 14 make-up day (2), Feb 15–23 off, Tue 24 (3).
        ("2026-02-12", "2026-02-24"),
        # Wed 02-25 → Thu 26 (1), Fri 27 (2), Sat 28 make-up day (3).
        ("2026-02-25", "2026-02-28"),
    ],
)
def test_three_working_days_counted_from_the_day_after(start, deadline):
    result = add_working_days(D(start), 3)
    assert result == Deadline(D(deadline), provisional=False)
    assert working_days_between(D(start), D(deadline)) == 3


@pytest.mark.parametrize(
    ("a", "b", "days"),
    [
        ("2026-09-30", "2026-10-08", 1),  # only Thu 10-08 after the holiday
        ("2026-09-30", "2026-10-11", 3),  # 10-08, 10-09, 10-10 (Sunday 10-11 is off)
        ("2026-09-18", "2026-09-30", 8),  # 20, 21, 22, 23, 24, 28, 29, 30
        ("2026-02-13", "2026-03-02", 7),  # 02-14, 02-24 … 02-28 (5 days), 03-02
        ("2026-11-04", "2026-11-04", 0),
        ("2026-10-10", "2026-09-30", -3),  # the other way round counts negative
    ],
)
def test_working_days_between_on_the_same_spans(a, b, days):
    assert working_days_between(D(a), D(b)) == days


def test_zero_days_is_the_start_and_negative_days_are_refused():
    assert add_working_days(D("2026-10-03"), 0).day == D("2026-10-03")
    with pytest.raises(ValueError):
        add_working_days(D("2026-10-03"), -1)


# --- closed days ----------------------------------------------------------------------------------


def test_a_closed_day_of_the_office_pushes_the_deadline():
    # Wed 12-02 → Thu 12-03 closed for training, Fri 04 (1), Mon 07 (2), Tue 08 (3); without
    # the closed day it would be Mon 12-07.
    assert add_working_days(D("2026-12-02"), 3).day == D("2026-12-07")
    assert add_working_days(D("2026-12-02"), 3, closed={D("2026-12-03")}).day == D("2026-12-08")
    assert working_days_between(D("2026-12-02"), D("2026-12-08"), closed={D("2026-12-03")}) == 3
    assert not is_working_day(D("2026-12-03"), closed=[D("2026-12-03")])
    # A closed Saturday changes nothing.
    assert add_working_days(D("2026-12-02"), 3, closed={D("2026-12-05")}).day == D("2026-12-07")


# --- years without a published notice -------------------------------------------------------------


def test_a_year_without_a_notice_counts_monday_to_friday_and_is_provisional(app):
    # 2027: Fri 10-01 would be National Day, but the notice is not out: weekdays only.
    assert is_working_day(D("2027-10-01")) is True
    assert is_working_day(D("2027-10-02")) is False  # Saturday
    # Wed 2027-10-06 → Thu 07 (1), Fri 08 (2), weekend, Mon 11 (3).
    deadline = add_working_days(D("2027-10-06"), 3)
    assert deadline == Deadline(D("2027-10-11"), provisional=True, unknown_years=(2027,))
    with app.test_request_context(), force_locale("zh_Hans_CN"):
        assert str(deadline.note()) == "暂定：2027 年的法定节假日安排尚未公布。"
    assert working_days_between(D("2027-10-06"), D("2027-10-11")) == 3


def test_a_deadline_crossing_into_an_unknown_year_is_provisional():
    # Wed 2026-12-30 → Thu 31 (1), Fri 2027-01-01 (2, New Year's Day once published), Mon 04 (3).
    deadline = add_working_days(D("2026-12-30"), 3)
    assert deadline.day == D("2027-01-04") and deadline.provisional
    assert not add_working_days(D("2026-12-01"), 3).provisional
    assert add_working_days(D("2026-12-01"), 3).note() is None
    assert is_provisional(D("2026-12-30"), D("2027-01-04"))


@pytest.mark.parametrize("year", [1900, 2003, 2027, 2100, 9998])
def test_no_call_ever_raises_for_an_unknown_year(year):
    day = date(year, 3, 3)
    is_working_day(day)
    assert add_working_days(day, 5).provisional
    assert add_days(day, 30).provisional
    working_days_between(day, day + timedelta(days=40))


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=date(2002, 1, 1), max_value=date(2028, 12, 31)),
    n=st.integers(min_value=0, max_value=40),
    closed=st.sets(st.dates(min_value=date(2002, 1, 1), max_value=date(2029, 3, 31)), max_size=10),
)
def test_counting_back_gives_the_same_number_of_working_days(start, n, closed):
    deadline = add_working_days(start, n, closed)
    assert working_days_between(start, deadline.day, closed) == n
    assert n == 0 or is_working_day(deadline.day, closed)


# --- calendar-day periods and the end of a day ----------------------------------------------------


def test_a_period_of_calendar_days_ending_on_a_holiday_ends_on_the_next_working_day():
    # 09-05 + 30 days = Mon 10-05, inside the National Day holiday → Thu 10-08 (Civil Code 203).
    assert add_days(D("2026-09-05"), 30).day == D("2026-10-08")
    # 11-04 + 30 days = Fri 12-04, a working day.
    assert add_days(D("2026-11-04"), 30).day == D("2026-12-04")
    assert add_days(D("2026-11-04"), 30, closed={D("2026-12-04")}).day == D("2026-12-07")


def test_a_deadline_ends_at_midnight_beijing_time():
    assert end_of_day(D("2026-11-09")) == datetime(2026, 11, 9, 15, 59, 59, 999999, tzinfo=UTC)
    assert start_of_day(D("2026-11-09")) == datetime(2026, 11, 8, 16, 0, tzinfo=UTC)
    deadline = add_working_days(D("2026-11-04"), 3)
    assert deadline.due_at == end_of_day(D("2026-11-09"))
    assert not deadline.missed(datetime(2026, 11, 9, 15, 59, 59, tzinfo=UTC))  # 23:59:59 Beijing
    assert deadline.missed(datetime(2026, 11, 9, 16, 0, tzinfo=UTC))  # 00:00 on 11-10 Beijing


# --- the office's closed days in the database -----------------------------------------------------


def test_closed_days_are_read_in_one_query_and_push_the_office_deadline(world, db):
    close_day(world.office, D("2026-12-03"), "培训")
    close_day(world.other_office, D("2026-12-04"), "本地节日")
    db.session.commit()
    office_id = world.office.id
    with count_queries(_db.engine) as counted:
        days = closed_days(office_id, D("2026-12-01"), D("2026-12-31"))
    assert days == {D("2026-12-03")} and counted() == 1
    assert office_deadline(world.office.id, D("2026-12-02"), 3).day == D("2026-12-08")
    assert office_deadline(world.other_office.id, D("2026-12-02"), 3).day == D("2026-12-08")
    assert office_deadline(world.office.id, D("2026-12-04"), 3).day == D("2026-12-09")


def test_an_office_deadline_sees_closed_days_beyond_the_first_window(world, db):
    for offset in range(1, 40):  # closed every day of the next 39 days
        close_day(world.office, D("2026-11-02") + timedelta(days=offset), "整修")
    deadline = office_deadline(world.office.id, D("2026-11-02"), 1)
    # 11-03 … 12-11 closed; Sat 12-12 and Sun 12-13 off; Mon 12-14 is the first working day.
    assert deadline.day == D("2026-12-14")


def test_closing_a_day_twice_updates_the_reason_and_reopening_removes_it(world, db):
    close_day(world.office, D("2026-12-03"), "培训")
    close_day(world.office, D("2026-12-03"), "全员培训")
    assert db.session.scalar(select(func.count(ClosedDay.id))) == 1
    assert db.session.scalar(select(ClosedDay.reason)) == "全员培训"
    assert reopen_day(world.office, D("2026-12-03")) and not reopen_day(world.office, D("2026-12-03"))
    actions = db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)).all()
    assert actions[-3:] == ["office_day_closed", "office_day_closed", "office_day_reopened"]


# --- the commands ---------------------------------------------------------------------------------


def test_calendar_close_and_show_commands(app, world):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["calendar", "close", "--street", "南关街道办事处", "2026-12-03", "--reason", "培训"]
    )
    assert result.exit_code == 0, result.output
    assert closed_days(world.office.id, D("2026-12-01"), D("2026-12-31")) == {D("2026-12-03")}
    args = ["calendar", "show", "--street", "南关街道办事处", "--from", "2026-09-28", "--to", "2026-10-12"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "* 2026-10-10" in result.output and "调休上班" in result.output
    assert any(line.startswith("  2026-10-05") and "法定节假日" in line for line in lines)
    # 09-28, 09-29, 09-30, 10-08, 10-09, 10-10, 10-12
    assert "7 working days" in lines[-1]
    result = runner.invoke(
        args=["calendar", "show", "--street", "南关街道办事处", "--from", "2026-12-01", "--to", "2026-12-04"]
    )
    assert "闭站：培训" in result.output and "3 working days" in result.output


def test_calendar_show_says_when_a_year_is_provisional_and_open_takes_a_day_back(app, world):
    runner = app.test_cli_runner()
    args = ["calendar", "show", "--street", "南关街道办事处", "--from", "2027-01-01", "--to", "2027-01-10"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0 and "2027 年的法定节假日安排尚未公布" in result.output
    runner.invoke(args=["calendar", "close", "--street", "南关街道办事处", "2026-12-03"])
    result = runner.invoke(args=["calendar", "open", "--street", "南关街道办事处", "2026-12-03"])
    assert result.exit_code == 0, result.output
    assert closed_days(world.office.id, D("2026-12-01"), D("2026-12-31")) == set()


@pytest.mark.parametrize(
    "args",
    [
        ["calendar", "close", "--street", "不存在街道", "2026-12-03"],
        ["calendar", "close", "--street", "南关街道办事处", "2026-13-03"],
        ["calendar", "close", "--street", "南关街道办事处", "2026-12-03", "--reason", "长" * 201],
        ["calendar", "show", "--street", "南关街道办事处", "--from", "2026-12-03", "--to", "2026-12-01"],
        ["calendar", "show", "--street", "南关街道办事处", "--from", "2026-01-01", "--to", "2027-12-31"],
        ["calendar", "open", "--street", "南关街道办事处", "2026-12-03"],
    ],
)
def test_calendar_commands_refuse_bad_input(app, world, args):
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code != 0, result.output
    assert closed_days(world.office.id, D("2026-01-01"), D("2027-12-31")) == set()
