"""The election's pure rules: seats, term, and the result with hand-computed cases, plus a
property test against a brute-force reference written in fractions."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.elections.rules import Figures, check_seats, check_term, elect
from portal.errors import DomainError


@pytest.mark.parametrize("seats", [5, 7, 9, 11])
def test_odd_seats_from_five_to_eleven_are_allowed_anywhere(seats):
    check_seats(seats, 500)


@pytest.mark.parametrize("seats", [1, 2, 4, 6, 10, 12, 13, 0, -5])
def test_other_seat_counts_are_refused_with_the_rule(app, seats):
    with app.test_request_context(), pytest.raises(DomainError) as refused:
        check_seats(seats, 500)
    assert "5" in str(refused.value.message) and "11" in str(refused.value.message)


def test_three_seats_only_for_at_most_a_hundred_households(app):
    check_seats(3, 100)
    with app.test_request_context(), pytest.raises(DomainError):
        check_seats(3, 101)


@pytest.mark.parametrize(("years", "ok"), [(1, True), (5, True), (6, False), (0, False)])
def test_the_term_is_at_most_five_years(app, years, ok):
    with app.test_request_context():
        if ok:
            check_term(years)
        else:
            with pytest.raises(DomainError):
                check_term(years)


def _outcomes(result):
    return {s.candidate_id: s.outcome for s in result.standings}


#: 10 owner groups of 100 m² each (hundredths) unless a case says otherwise.
TOTALS = {"total_area": 100_000, "total_owners": 10}


def test_quorum_missed_elects_nobody():
    result = elect(
        [Figures(1, 60_000, 6)],
        seats=3,
        alternates=0,
        participating_area=60_000,
        participating_owners=6,
        **TOTALS,
    )
    assert not result.quorum_met
    assert _outcomes(result) == {1: "not_elected"} and result.open_seats == 3


def test_many_owners_but_little_area_does_not_qualify():
    # 8 of 8 participants take part with 80 000; candidate 1 has 5 owners but only 30 000.
    result = elect(
        [Figures(1, 30_000, 5), Figures(2, 50_000, 5)],
        seats=3,
        alternates=0,
        participating_area=80_000,
        participating_owners=8,
        **TOTALS,
    )
    assert [s.qualified for s in result.standings if s.candidate_id == 1] == [False]
    assert _outcomes(result) == {1: "not_elected", 2: "elected"}


def test_exactly_half_fails():
    result = elect(
        [Figures(1, 40_000, 4), Figures(2, 40_001, 5)],
        seats=3,
        alternates=0,
        participating_area=80_000,
        participating_owners=8,
        **TOTALS,
    )
    assert _outcomes(result) == {1: "not_elected", 2: "elected"}
    assert result.open_seats == 2


def test_a_tie_at_the_last_seat_leaves_the_seat_open():
    figures = [Figures(1, 70_000, 7), Figures(2, 60_000, 6), Figures(3, 60_000, 6), Figures(4, 50_000, 5)]
    result = elect(
        figures, seats=2, alternates=1, participating_area=80_000, participating_owners=8, **TOTALS
    )
    assert _outcomes(result) == {1: "elected", 2: "tie", 3: "tie", 4: "alternate"}
    assert result.open_seats == 1


def test_same_owners_different_area_is_no_tie():
    figures = [Figures(1, 70_000, 7), Figures(2, 60_000, 6), Figures(3, 59_000, 6)]
    result = elect(
        figures, seats=2, alternates=1, participating_area=80_000, participating_owners=8, **TOTALS
    )
    assert _outcomes(result) == {1: "elected", 2: "elected", 3: "alternate"}
    assert result.open_seats == 0


def test_a_tie_at_the_last_alternate():
    figures = [Figures(1, 70_000, 7), Figures(2, 60_000, 6), Figures(3, 50_000, 5), Figures(4, 50_000, 5)]
    result = elect(
        figures, seats=2, alternates=1, participating_area=80_000, participating_owners=8, **TOTALS
    )
    assert _outcomes(result) == {1: "elected", 2: "elected", 3: "tie", 4: "tie"}


def test_fewer_qualified_than_seats_reports_open_seats():
    figures = [Figures(1, 70_000, 7), Figures(2, 10_000, 1)]
    result = elect(
        figures, seats=5, alternates=2, participating_area=80_000, participating_owners=8, **TOTALS
    )
    assert _outcomes(result) == {1: "elected", 2: "not_elected"}
    assert result.open_seats == 4


def test_blank_ballots_count_as_taking_part():
    # Seven groups vote, three of them blank: the candidate approved by four of seven (and
    # 40 000 of 70 000 m²) qualifies; had the blanks not counted, the quorum would be missed.
    result = elect(
        [Figures(1, 40_000, 4)],
        seats=3,
        alternates=0,
        participating_area=70_000,
        participating_owners=7,
        **TOTALS,
    )
    assert result.quorum_met and _outcomes(result) == {1: "elected"}


# --- property test against a brute-force reference ------------------------------------------


def reference(figures, seats, alternates, total_area, total_owners, part_area, part_owners):
    """Fractions and plain counting: who qualifies, then each place filled by looking at every
    candidate with the same figures as the one at the place."""
    quorum = Fraction(part_area, total_area) >= Fraction(2, 3) and Fraction(
        part_owners, total_owners
    ) >= Fraction(2, 3)
    qualified = [
        f
        for f in figures
        if quorum
        and part_owners > 0
        and part_area > 0
        and Fraction(f.agree_area, part_area) > Fraction(1, 2)
        and Fraction(f.agree_owners, part_owners) > Fraction(1, 2)
    ]
    outcome = {f.candidate_id: "not_elected" for f in figures}
    remaining = sorted(qualified, key=lambda f: (-f.agree_owners, -f.agree_area))
    for places, label in ((seats, "elected"), (alternates, "alternate")):
        taken = 0
        while remaining and taken < places:
            head = remaining[0]
            same = [
                f for f in remaining if (f.agree_owners, f.agree_area) == (head.agree_owners, head.agree_area)
            ]
            if taken + len(same) <= places:
                for f in same:
                    outcome[f.candidate_id] = label
                taken += len(same)
            else:
                for f in same:
                    outcome[f.candidate_id] = "tie"
                taken = places
            remaining = remaining[len(same) :]
            if label == "elected" and outcome[head.candidate_id] == "tie":
                break
        if label == "elected":
            elected = sum(1 for v in outcome.values() if v == "elected")
    return quorum, seats - elected, outcome


@st.composite
def elections(draw):
    owners = draw(st.lists(st.integers(1, 5), min_size=3, max_size=12))  # area of each group, in 10 m²
    voted = draw(st.lists(st.booleans(), min_size=len(owners), max_size=len(owners)))
    candidates = draw(st.integers(1, 7))
    approvals = [
        draw(st.lists(st.booleans(), min_size=candidates, max_size=candidates)) if v else [False] * candidates
        for v in voted
    ]
    seats = draw(st.sampled_from([1, 2, 3]))
    alternates = draw(st.integers(0, 2))
    return owners, voted, approvals, candidates, seats, alternates


@settings(max_examples=300, deadline=None)
@given(data=elections())
def test_elect_matches_the_brute_force_reference(data):
    owners, voted, approvals, candidates, seats, alternates = data
    area = [a * 1000 for a in owners]
    part_area = sum(a for a, v in zip(area, voted, strict=True) if v)
    part_owners = sum(voted)
    figures = [
        Figures(
            c,
            sum(a for a, row in zip(area, approvals, strict=True) if row[c]),
            sum(1 for row in approvals if row[c]),
        )
        for c in range(candidates)
    ]
    shares = (sum(area), len(area), part_area, part_owners)
    result = elect(
        figures,
        seats=seats,
        alternates=alternates,
        total_area=shares[0],
        total_owners=shares[1],
        participating_area=shares[2],
        participating_owners=shares[3],
    )
    quorum, open_seats, outcome = reference(figures, seats, alternates, *shares)
    assert (result.quorum_met, result.open_seats, _outcomes(result)) == (quorum, open_seats, outcome)
