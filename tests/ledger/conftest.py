"""Fixtures of the public ledger: a verified owner of compound A, and a way to record entries."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from portal.ledger import services
from portal.ledger.models import Direction, LedgerCategory
from portal.registration.services import claim_unit, verify_claim
from tests.conftest import make_user
from tests.meetings import unit_named

#: A fixed "now" (Tuesday 1 December 2026, 10:00 in Beijing): November 2026 may be published.
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


@pytest.fixture
def owner(db, world):
    person = make_user("13600000001", "甲业主")
    verify_claim(
        claim_unit(person, unit_named(world.compound_a, "1号楼", "101"), "CERT"),
        world.committee,
        certificate_checked=True,
    )
    db.session.commit()
    return person


@pytest.fixture
def record(db, world):
    """Record an entry of compound A: record("2026-11-03", "12.34", "income")."""

    def make(
        day: str, amount_fen: int, direction="income", category=LedgerCategory.PARKING_RENT, compound=None
    ):
        entry = services.record_entry(
            compound or world.compound_a,
            entry_date=date.fromisoformat(day),
            category=category,
            direction=Direction(direction),
            amount_fen=amount_fen,
            counterparty="某某",
            actor=world.committee,
            now=NOW,
        )
        db.session.commit()
        return entry

    return make
