"""The counting rules at their boundaries (DESIGN §3), without a database."""

import pytest

from portal.assembly.rules import Matter, Rule, decide, quorum_met, rule_for, rule_met


@pytest.mark.parametrize(
    ("area", "owners", "expected"),
    [
        (200, 2, True),  # exactly two thirds of 300 and of 3
        (199, 2, False),  # one hundredth short on area
        (200, 1, False),  # one owner short
        (300, 3, True),
        (0, 0, False),
    ],
)
def test_quorum_is_two_thirds_inclusive_of_area_and_owners(area, owners, expected):
    assert quorum_met(area, owners, 300, 3) is expected


def test_an_empty_roster_has_no_quorum():
    assert not quorum_met(0, 0, 0, 0)


@pytest.mark.parametrize(
    ("agree_area", "agree_owners", "expected"),
    [
        (300, 3, True),  # exactly three quarters of 400 and of 4
        (299, 3, False),
        (300, 2, False),
        (400, 4, True),
    ],
)
def test_three_quarters_includes_the_bound(agree_area, agree_owners, expected):
    assert rule_met(Rule.THREE_QUARTERS, agree_area, agree_owners, 400, 4) is expected


@pytest.mark.parametrize(
    ("agree_area", "agree_owners", "expected"),
    [
        (200, 2, False),  # exactly half is not more than half
        (201, 3, True),
        (201, 2, False),  # more than half of the area, exactly half of the owners
        (200, 3, False),
    ],
)
def test_majority_is_strictly_more_than_half(agree_area, agree_owners, expected):
    assert rule_met(Rule.MAJORITY, agree_area, agree_owners, 400, 4) is expected


def test_nobody_participating_passes_nothing():
    assert not rule_met(Rule.MAJORITY, 0, 0, 0, 0)
    assert not rule_met(Rule.THREE_QUARTERS, 0, 0, 0, 0)


@pytest.mark.parametrize("matter", list(Matter))
def test_matters_six_to_eight_need_three_quarters(matter):
    special = {Matter.FUND_RAISE, Matter.REBUILD, Matter.COMMON_PARTS}
    assert rule_for(matter) == (Rule.THREE_QUARTERS if matter in special else Rule.MAJORITY)


def test_no_pass_without_quorum_even_if_everyone_present_agrees():
    verdict = decide(
        Matter.COVENANT,
        total_area=1000,
        total_owners=10,
        participating_area=600,
        participating_owners=6,
        agree_area=600,
        agree_owners=6,
    )
    assert not verdict.quorum_met and not verdict.passed


def test_abstentions_count_towards_participation_and_against_the_majority():
    # 8 of 10 owners take part (quorum); 4 agree, 4 abstain: exactly half, so it fails.
    verdict = decide(
        Matter.COMMITTEE,
        total_area=1000,
        total_owners=10,
        participating_area=800,
        participating_owners=8,
        agree_area=400,
        agree_owners=4,
    )
    assert verdict.quorum_met and not verdict.passed and verdict.rule == Rule.MAJORITY
