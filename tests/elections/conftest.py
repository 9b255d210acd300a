"""Fixtures of elections: the verified owners of compound A (tests/meetings.py `owners`: 甲 for
A1, 乙 for B2, 丙 and 丁 co-owning C3) and an election factory. Compound A's roster has four
owner groups: A1 140.75 m², B2 75.00, C3 90.00 and the developer's 159.00 (464.75 in all)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from portal.elections import services
from tests.meetings import NOW, authorisation  # noqa: F401

#: Voting opens 20 days after NOW, for 10 days; nominations close 2 days after NOW.
OPENS = NOW + timedelta(days=20)
DURING = OPENS + timedelta(hours=1)
CLOSES = OPENS + timedelta(days=10)


def settings(**changes) -> services.Settings:
    values = {
        "title": "第二届业主委员会选举",
        "seats": 3,
        "alternates": 1,
        "term_years": 5,
        "nominations_close_at": NOW + timedelta(days=2),
        "voting_opens_at": OPENS,
        "voting_closes_at": CLOSES,
    }
    return services.Settings(**(values | changes))


@pytest.fixture
def new_election(db, world):
    """A draft election of compound A (no days for paper ballots after the close)."""

    def make(**changes):
        from portal.assembly.establishment import assembly_of

        assembly_of(world.compound_a).paper_days = 0
        election = services.create_election(world.compound_a, settings(**changes), actor=world.committee)
        db.session.commit()
        return election

    return make


@pytest.fixture
def listed_election(db, world, owners, new_election, app):
    """An election with candidates 甲 (A1, no. 1), 乙 (B2, no. 2) and 王五 (C3, no. 3, entered
    by the committee), its list published at NOW."""
    election = new_election()
    with app.test_request_context():
        services.open_nominations(election, actor=world.committee, now=NOW)
        services.nominate_self(election, owners["A1"], statement="热心服务", now=NOW)
        services.nominate_self(election, owners["B2"], statement="退休教师", now=NOW)
        services.nominate_owner(election, "C3", statement="会计", actor=world.committee, now=NOW)
        services.publish_list(election, actor=world.committee, now=NOW + timedelta(days=2))
    db.session.commit()
    return election


@pytest.fixture
def finished_election(db, world):
    """A factory of finished (final) elections of compound A, voted in December 2019: one for
    each past term a test needs."""
    from portal.elections.models import Election, ElectionStatus

    def make():
        election = Election(
            compound_id=world.compound_a.id,
            title="第一届业委会选举",
            status=ElectionStatus.FINAL,
            seats=3,
            alternates=0,
            term_years=5,
            nominations_close_at=datetime(2019, 11, 1, tzinfo=UTC),
            voting_opens_at=datetime(2019, 12, 1, tzinfo=UTC),
            voting_closes_at=datetime(2019, 12, 10, tzinfo=UTC),
            counted_at=datetime(2019, 12, 10, tzinfo=UTC),
            objection_days=7,
        )
        db.session.add(election)
        db.session.flush()
        return election

    return make
