"""Recording, reversing and publishing; sums in SQL over many entries; balances carried across
months and years; a published month is locked."""

from datetime import date

import pytest

from portal.errors import ConflictError, DomainError
from portal.ledger import rules, services
from portal.ledger.models import Direction, LedgerCategory, LedgerEntry, LedgerMonth
from portal.notices.models import Notice
from tests.ledger.conftest import NOW


def test_many_entries_sum_exactly(db, world, record):
    """300 entries of 0.07 income and 100 of 0.03 spending: exactly 21.00 − 3.00."""
    for n in range(300):
        record(f"2026-11-{n % 28 + 1:02d}", 7)
    for n in range(100):
        record(f"2026-11-{n % 28 + 1:02d}", 3, "spending")
    summary = services.month_summary(world.compound_a, 202611)
    assert (summary.opening, summary.income, summary.spending, summary.closing) == (0, 2100, 300, 1800)


def test_balance_carried_across_months_and_years(db, world, record):
    record("2025-12-20", 20000000)  # 200,000 yuan prepaid parking rent
    record("2025-12-28", 5000000, "spending")
    record("2026-01-05", 12345678, "spending")
    record("2026-03-01", 1, "income")
    record("2026-01-09", 999, compound=world.compound_b)  # another compound's money
    january = services.month_summary(world.compound_a, 202601)
    assert january.opening == 15000000
    assert january.closing == 15000000 - 12345678
    months = services.monthly_summaries(world.compound_a, 2026, 202603)
    assert [m.closing for m in months] == [2654322, 2654322, 2654323]
    years = services.yearly_summaries(world.compound_a)
    assert [(y.period, y.opening, y.income, y.spending, y.closing) for y in years] == [
        (2025, 0, 20000000, 5000000, 15000000),
        (2026, 15000000, 1, 12345678, 2654323),
    ]
    # The statements are built once: each call answers for its own compound and month.
    assert [e.amount_fen for e in services.month_account(world.compound_a, 202601).entries] == [12345678]
    assert [e.amount_fen for e in services.month_account(world.compound_b, 202601).entries] == [999]
    assert services.month_account(world.compound_b, 202603).entries == []
    assert services.month_summary(world.compound_b, 202602).opening == 999


def test_a_published_month_is_locked(db, world, record):
    record("2026-11-03", 1000)
    services.publish_month(world.compound_a, 202611, actor=world.committee, now=NOW)
    db.session.commit()
    with pytest.raises(ConflictError):
        record("2026-11-04", 500)
    with pytest.raises(ConflictError):
        services.publish_month(world.compound_a, 202611, actor=world.committee, now=NOW)
    record("2026-12-01", 500)  # the open month still takes entries


def test_a_backdated_entry_cannot_change_a_published_statement(db, world, record):
    """October is published with no entry of September: September (and any day before the
    latest published month) is locked too, and the refusal names the published month."""
    record("2026-10-03", 1000)
    services.publish_month(world.compound_a, 202610, actor=world.committee, now=NOW)
    db.session.commit()
    with pytest.raises(ConflictError, match="2026-10") as refused:
        record("2026-09-15", 500)
    assert "冲销" in str(refused.value) and "今天" in str(refused.value)
    record("2026-11-02", 500)  # after the published month: taken
    assert db.session.query(LedgerEntry).count() == 2


def test_months_are_published_in_order(db, world, record):
    record("2026-09-03", 100)
    record("2026-10-03", 100)
    with pytest.raises(ConflictError, match="2026-09"):
        services.publish_month(world.compound_a, 202610, actor=world.committee, now=NOW)
    services.publish_month(world.compound_a, 202609, actor=world.committee, now=NOW)
    with pytest.raises(ConflictError, match="2026-10"):
        services.publish_month(world.compound_a, 202611, actor=world.committee, now=NOW)
    services.publish_month(world.compound_a, 202610, actor=world.committee, now=NOW)
    with pytest.raises(ConflictError, match="2026-10"):
        services.publish_month(world.compound_a, 202608, actor=world.committee, now=NOW)
    services.publish_month(world.compound_a, 202611, actor=world.committee, now=NOW)  # empty: fine
    assert services.published_through([world.compound_a.id]) == {world.compound_a.id: 202611}


def test_only_a_month_that_is_over_is_published(db, world):
    with pytest.raises(DomainError):
        services.publish_month(world.compound_a, 202612, actor=world.committee, now=NOW)


def test_publishing_posts_the_statement_for_the_owners(db, world, record, owner):
    record("2026-11-03", 123456)
    month = services.publish_month(world.compound_a, 202611, actor=world.committee, now=NOW)
    db.session.commit()
    notice = db.session.get(Notice, month.notice_id)
    assert notice.owners_only and notice.compound_id == world.compound_a.id
    assert "2026-11" in notice.title and "1,234.56" in notice.body


def test_a_reversal_is_dated_today_and_moves_the_balance_back(db, world, record):
    entry = record("2026-11-03", 5000, "spending")
    services.publish_month(world.compound_a, 202611, actor=world.committee, now=NOW)
    reversal = services.reverse_entry(entry, "重复记账", actor=world.committee, now=NOW)
    db.session.commit()
    assert reversal.entry_date == date(2026, 12, 1) and reversal.amount_fen == -5000
    assert reversal.reverses_id == entry.id and reversal.note == "重复记账"
    november = services.month_summary(world.compound_a, 202611)
    december = services.month_summary(world.compound_a, 202612)
    assert november.closing == -5000  # the published month is unchanged
    assert december.spending == -5000 and december.closing == 0


def test_an_entry_is_reversed_once_and_a_reversal_never(db, world, record):
    entry = record("2026-11-03", 5000)
    reversal = services.reverse_entry(entry, "错", actor=world.committee, now=NOW)
    with pytest.raises(ConflictError):
        services.reverse_entry(entry, "再错", actor=world.committee, now=NOW)
    with pytest.raises(DomainError):
        services.reverse_entry(reversal, "错", actor=world.committee, now=NOW)
    with pytest.raises(DomainError):
        services.reverse_entry(entry, "  ", actor=world.committee, now=NOW)


@pytest.mark.parametrize("day", ["2026-12-02", "1999-12-31"])
def test_dates_in_the_future_or_long_ago_are_refused(db, world, record, day):
    with pytest.raises(DomainError):
        record(day, 100)
    assert db.session.query(LedgerEntry).count() == 0


def test_published_through(db, world, record):
    record("2026-10-03", 100)
    for period in (202610, 202611):
        services.publish_month(world.compound_a, period, actor=world.committee, now=NOW)
    db.session.commit()
    assert services.published_through([world.compound_a.id, world.compound_b.id]) == {
        world.compound_a.id: 202611
    }
    assert db.session.query(LedgerMonth).count() == 2
    assert rules.month_text(202611) == "2026-11"


def test_keepers_to_do_publish_last_month(app, db, world):
    from portal.calendar import beijing_date
    from portal.columns import utcnow
    from portal.todo import todo_for

    last = rules.previous_period(rules.period_of(beijing_date(utcnow())))
    services.record_entry(
        world.compound_a,
        entry_date=rules.month_start(last),
        category=LedgerCategory.OTHER,
        direction=Direction.INCOME,
        amount_fen=100,
        actor=world.committee,
    )
    db.session.commit()
    with app.test_request_context():
        assert [i.kind for i in todo_for(world.committee) if i.kind == "ledger_publish"] == ["ledger_publish"]
        services.publish_month(world.compound_a, last, actor=world.committee)
        assert not [i for i in todo_for(world.committee) if i.kind == "ledger_publish"]
