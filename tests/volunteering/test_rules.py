"""The rules of volunteer service, without a database: places and the waitlist, deadlines,
age and minors, service hours (late, early, missing check-out, across midnight) and stars."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from portal.volunteering import rules

T = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)  # 19:00 in Beijing


def test_a_signup_is_confirmed_until_the_places_are_taken_then_waitlisted_in_order():
    assert rules.place_signup(10, 9, 0) == rules.Placement(True, None)
    assert rules.place_signup(10, 10, 0) == rules.Placement(False, 1)
    assert rules.place_signup(10, 10, 39) == rules.Placement(False, 40)
    assert rules.place_signup(3, 5, 2) == rules.Placement(False, 3)  # capacity lowered below the confirmed


def test_places_left_and_promotions():
    assert rules.places_left(10, 7) == 3
    assert rules.places_left(3, 5) == 0
    assert rules.promotions(10, 9, 4) == 1
    assert rules.promotions(10, 10, 4) == 0
    assert rules.promotions(10, 7, 2) == 2
    assert rules.promotions(10, 9, 0) == 0


def test_deadlines_close_at_the_activity_deadline_or_when_the_session_starts():
    later, earlier = T + timedelta(days=30), T - timedelta(days=1)
    assert rules.signup_closes_at(later, T) == T
    assert rules.signup_closes_at(earlier, T) == earlier
    assert rules.cancel_closes_at(later, T) == T
    assert rules.is_open(T - timedelta(seconds=1), T)
    assert not rules.is_open(T, T)  # the deadline itself is closed


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (date(2010, 12, 2), date(2026, 12, 1), 15),
        (date(2010, 12, 1), date(2026, 12, 1), 16),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
    ],
)
def test_age_on_a_day(born, day, age):
    assert rules.age_on(born, day) == age


def test_minors_and_minimum_age():
    day = date(2026, 12, 1)
    assert rules.is_minor(date(2008, 12, 2), day)
    assert not rules.is_minor(date(2008, 12, 1), day)
    assert rules.old_enough(16, None, day)  # an adult
    assert rules.old_enough(18, None, day)
    assert rules.old_enough(16, date(2010, 12, 1), day)
    assert not rules.old_enough(16, date(2010, 12, 2), day)
    assert not rules.old_enough(18, date(2010, 1, 1), day)


def test_local_day_is_the_day_in_beijing():
    assert rules.local_day(datetime(2026, 11, 30, 16, 30, tzinfo=UTC)) == date(2026, 12, 1)


START, END = T, T + timedelta(hours=2)


def _minutes(check_in, check_out, starts=START, ends=END):
    return rules.service_minutes(check_in, check_out, starts, ends)


def test_on_time_the_whole_session_counts():
    assert _minutes(START, END) == 120


def test_a_late_check_in_counts_from_the_arrival_rounded_down_to_a_quarter_hour():
    assert _minutes(START + timedelta(minutes=10), END) == 105  # 110 minutes → 1 h 45
    assert _minutes(START + timedelta(minutes=15), END) == 105


def test_an_early_check_out_counts_until_the_departure():
    assert _minutes(START, END - timedelta(minutes=31)) == 75  # 89 minutes → 1 h 15
    assert _minutes(START, START + timedelta(minutes=14, seconds=59)) == 0


def test_time_beyond_the_session_is_capped_at_its_length():
    assert _minutes(START - timedelta(minutes=30), END + timedelta(hours=1)) == 120


def test_without_a_check_out_or_check_in_nothing_counts():
    assert _minutes(START, None) == 0
    assert _minutes(None, END) == 0
    assert _minutes(END, START) == 0


def test_a_session_across_midnight_counts_the_time_served():
    starts = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # 22:00 in Beijing
    ends = starts + timedelta(hours=4)  # 02:00 the next day
    assert _minutes(starts, ends, starts, ends) == 240
    assert _minutes(starts + timedelta(minutes=50), ends - timedelta(minutes=5), starts, ends) == 180


def test_hours_are_exact_decimals_with_two_places():
    assert rules.hours(735) == Decimal("12.25")
    assert rules.hours_text(735) == "12.25"
    assert rules.hours_text(0) == "0.00"
    assert rules.hours_text(45) == "0.75"
    assert isinstance(rules.hours(15), Decimal)


@pytest.mark.parametrize(
    ("hours", "star", "next_at"),
    [
        (0, 0, 100),
        (99.75, 0, 100),
        (100, 1, 300),
        (299, 1, 300),
        (300, 2, 600),
        (600, 3, 1000),
        (1000, 4, 1500),
        (1500, 5, None),
        (5000, 5, None),
    ],
)
def test_star_levels_of_the_national_practice(hours, star, next_at):
    minutes = int(hours * 60)
    assert rules.star_level(minutes) == star
    assert rules.next_star_hours(minutes) == next_at


def test_check_in_opens_two_hours_before_and_closes_at_the_end():
    assert rules.check_in_open(START - timedelta(hours=2), START, END)
    assert not rules.check_in_open(START - timedelta(hours=2, seconds=1), START, END)
    assert not rules.check_in_open(END, START, END)


def test_the_public_sees_only_the_first_character_of_a_name():
    assert rules.name_initial("陈桂芳") == "陈"
    assert rules.name_initial(" 欧阳娜娜") == "欧"
    assert rules.name_initial("") == ""
