"""The ledger's pure rules: amounts parsed exactly into fen, months, and balances carried forward."""

from datetime import date
from decimal import Decimal

import pytest

from portal.errors import DomainError
from portal.ledger import rules


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("12.34", 1234),
        ("0.01", 1),
        ("200000", 20000000),
        ("1,234.5", 123450),
        ("12.30", 1230),
        ("12.300", 1230),
        (" 99.99 ", 9999),
        ("¥5", 500),
        ("0.1", 10),
    ],
)
def test_amounts_are_parsed_exactly(text, fen):
    assert rules.parse_amount(text) == fen


@pytest.mark.parametrize("text", ["12.345", "0.001", "1.005"])
def test_three_decimal_places_are_refused_with_a_message(text):
    with pytest.raises(DomainError) as refused:
        rules.parse_amount(text)
    assert "two decimal places" in str(refused.value.message)


@pytest.mark.parametrize("text", ["", "abc", "-5", "0", "0.00", "1e3", "12.3.4", "１２", "nan", "100000000"])
def test_nonsense_is_refused(text):
    with pytest.raises(DomainError):
        rules.parse_amount(text)


def test_no_float_error_over_many_small_amounts():
    """0.1 + 0.2 is 0.3 here: ten thousand entries of 0.07 yuan sum to exactly 700 yuan."""
    total = sum(rules.parse_amount("0.07") for _ in range(10_000))
    assert total == 70000
    assert rules.yuan(total) == "700.00"
    assert Decimal(rules.yuan(rules.parse_amount("0.1") + rules.parse_amount("0.2"))) == Decimal("0.30")


@pytest.mark.parametrize(("fen", "text"), [(0, "0.00"), (5, "0.05"), (-5, "-0.05"), (123456, "1234.56")])
def test_yuan_text(fen, text):
    assert rules.yuan(fen) == text


def test_grouped_yuan():
    assert rules.yuan_grouped(20000000) == "200,000.00"
    assert rules.yuan_grouped(-123456) == "-1,234.56"


def test_months():
    assert rules.parse_month("2026-11") == 202611
    assert rules.month_text(202601) == "2026-01"
    assert rules.previous_period(202601) == 202512
    assert rules.next_period(202612) == 202701
    for bad in ["2026-13", "2026-1", "26-11", "", "2026-00"]:
        with pytest.raises(DomainError):
            rules.parse_month(bad)


def test_only_a_month_that_is_over_may_be_published():
    today = date(2026, 12, 1)
    assert rules.may_publish(202611, today)
    assert not rules.may_publish(202612, today)
    assert not rules.may_publish(202701, today)


def test_balance_carried_forward_across_periods():
    summaries = rules.carried_forward(1000, [(202611, 500, 200), (202612, 0, 1300), (202701, 50, 0)])
    assert [s.opening for s in summaries] == [1000, 1300, 0]
    assert [s.closing for s in summaries] == [1300, 0, 50]
