"""Rules of the station without a database: case numbers, deadlines across weekends, the
Spring Festival and National Day with their make-up working days and the station's closed
days, judicial confirmation, and the statistics' arithmetic."""

from datetime import date

import pytest

from portal.mediation import rules


def test_case_numbers_have_six_digits_and_the_year():
    assert rules.case_number(2026, 123) == "TJ-2026-000123"
    assert rules.case_number(2027, 1) == "TJ-2027-000001"


@pytest.mark.parametrize(
    ("filed", "due"),
    [
        (date(2026, 11, 25), date(2026, 11, 30)),  # Wednesday → the following Monday
        (date(2026, 11, 27), date(2026, 12, 2)),  # Friday → Wednesday (the weekend skipped)
        (date(2026, 11, 28), date(2026, 12, 2)),  # filed on a Saturday: Mon, Tue, Wed
        (date(2026, 2, 12), date(2026, 2, 24)),  # Spring Festival: Fri 13, Sat 14 (make-up), Tue 24
        (date(2026, 9, 29), date(2026, 10, 9)),  # National Day: Wed 30, Thu 8, Fri 9 October
        (date(2026, 9, 30), date(2026, 10, 10)),  # ... Thu 8, Fri 9, Sat 10 (a make-up working day)
    ],
)
def test_accept_within_three_working_days(filed, due):
    assert rules.accept_deadline(filed, 3).day == due


def test_the_stations_closed_days_do_not_count():
    # Wednesday 25 November; the station closes on Friday 27 and Monday 30 November.
    closed = {date(2026, 11, 27), date(2026, 11, 30)}
    assert rules.accept_deadline(date(2026, 11, 25), 3, closed).day == date(2026, 12, 2)


def test_conclude_within_thirty_days_moves_off_a_day_off():
    assert rules.conclude_deadline(date(2026, 11, 25), 30).day == date(2026, 12, 25)
    # 30 days after 8 September is 8 October, a working day after National Day.
    assert rules.conclude_deadline(date(2026, 9, 8), 30).day == date(2026, 10, 8)
    # 30 days after 2 September is 2 October, a holiday: the period ends on 8 October.
    assert rules.conclude_deadline(date(2026, 9, 2), 30).day == date(2026, 10, 8)
    # ... and on the station's own closed day it moves on again.
    assert rules.conclude_deadline(date(2026, 9, 2), 30, {date(2026, 10, 8)}).day == date(2026, 10, 9)


def test_a_deadline_is_kept_until_midnight_in_beijing():
    deadline = rules.accept_deadline(date(2026, 11, 25), 3)
    assert deadline.due_at.isoformat() == "2026-11-30T15:59:59.999999+00:00"


def test_overdue_only_after_the_deadline():
    deadline = rules.accept_deadline(date(2026, 11, 25), 3).due_at
    assert not rules.is_overdue(deadline, deadline)
    from datetime import timedelta

    assert rules.is_overdue(deadline, deadline + timedelta(microseconds=1))
    assert not rules.is_overdue(None, deadline)


def test_judicial_confirmation_within_thirty_days_of_signing():
    signed = date(2026, 11, 1)
    assert rules.judicial_confirmation_in_time(signed, date(2026, 12, 1))
    assert not rules.judicial_confirmation_in_time(signed, date(2026, 12, 2))
    assert not rules.judicial_confirmation_in_time(signed, date(2026, 10, 31))


def test_shares_and_medians():
    assert rules.share(1, 3) == 33
    assert rules.share(2, 3) == 67
    assert rules.share(1, 2) == 50
    assert rules.share(0, 0) is None
    assert rules.median_days([1, 2, 10]) == 2
    assert rules.median_days([1.0, 2.0]) == 1.5
    assert rules.median_days([]) is None
