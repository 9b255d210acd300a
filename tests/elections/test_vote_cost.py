"""What an online election vote costs and what it guarantees on its short path: a constant
number of SQL statements whatever the number of the voter's owner groups and candidates, and a
ballot written by someone else between the vote's read and its write never overwritten unseen."""

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select, text

from portal.elections import services
from portal.elections.models import Approval, ElectionBallot, ElectionBallotChange
from portal.elections.services import online as online_votes
from portal.errors import ConflictError
from portal.extensions import db as _db
from portal.notifications.models import Notification
from portal.registration.services import claim_unit, verify_claim
from tests.assembly.conftest import unit_named
from tests.conftest import count_queries, login
from tests.elections.conftest import DURING

#: The vote POST: begin, the election (with its compound and candidates), the user, the owner
#: check, the voter's groups with their ballots, the upsert, the approvals, the audit record.
VOTE_STATEMENTS = 8
#: A vote that replaces the person's own earlier ballots also deletes their approvals.
REVOTE_STATEMENTS = VOTE_STATEMENTS + 1


def _statements(client, election, numbers, during) -> int:
    chosen = [str(c.id) for c in election.candidates if c.number in numbers]
    with time_machine.travel(during, tick=False), count_queries(_db.engine) as counted:
        assert client.post(f"/elections/{election.id}/vote", data={"candidates": chosen}).status_code == 302
    return counted()


def _signed_in(client, user) -> None:
    """Sign in and make a first request (which marks the session as seen, once in a while)."""
    login(client, user)
    with time_machine.travel(DURING, tick=False):
        assert client.get("/assembly/receipts").status_code == 200


def _second_group(db, world, owner):
    """Make `owner` (A1's owner) a verified owner of B2's unit too: they vote for two groups."""
    claim = claim_unit(owner, unit_named(world.compound_a, "1号楼", "201"), "CERT")
    verify_claim(claim, world.committee, certificate_checked=True)
    db.session.commit()


def test_the_vote_post_runs_the_same_few_statements_for_any_groups_and_candidates(
    client, db, world, owners, listed_election
):
    election = listed_election
    _signed_in(client, owners["A1"])
    first = _statements(client, election, [1], DURING)  # a new ballot
    again = _statements(client, election, [1, 2, 3], DURING + timedelta(minutes=1))  # replaced
    _second_group(db, world, owners["A1"])
    _signed_in(client, owners["A1"])
    two_groups = _statements(client, election, [2, 3], DURING + timedelta(minutes=2))
    blank = _statements(client, election, [], DURING + timedelta(minutes=3))
    assert first <= VOTE_STATEMENTS and again == two_groups <= REVOTE_STATEMENTS, (first, again, two_groups)
    assert blank <= REVOTE_STATEMENTS - 1  # no approvals to insert
    ballots = db.session.scalars(
        select(ElectionBallot).where(ElectionBallot.election_id == election.id)
    ).all()
    assert len(ballots) == 2 and {b.cast_by_id for b in ballots} == {owners["A1"].id}
    assert db.session.scalar(select(func.count()).select_from(Approval)) == 0


def test_the_approvals_of_each_group_are_replaced(app, db, world, owners, listed_election):
    election = listed_election
    _second_group(db, world, owners["A1"])
    with app.test_request_context():
        services.cast_online(
            election, owners["A1"], services.read_candidates(election, [1], by="number"), now=DURING
        )
        code = services.cast_online(
            election, owners["A1"], services.read_candidates(election, [2, 3], by="number"), now=DURING
        )
    db.session.commit()
    ballots = services.ballots_by_receipt(election, code)
    assert len(ballots) == 2
    numbers = {b.id: sorted(services.ballots._approved_numbers(b.id)) for b in ballots}
    assert list(numbers.values()) == [[2, 3], [2, 3]]


def _after_reading(monkeypatch, write):
    """Run `write` (SQL) right after the vote has read the voter's ballots: what a concurrent
    request committing at that moment would do."""
    read = online_votes._read_voter

    def read_then_someone_writes(*args):
        found = read(*args)
        _db.session.execute(text(write))
        return found

    monkeypatch.setattr(online_votes, "_read_voter", read_then_someone_writes)


def _group_id(db, election, key: str) -> int:
    return db.session.execute(
        text("SELECT id FROM electorate_groups WHERE electorate_id = :e AND owner_key = :k"),
        {"e": election.electorate_id, "k": key},
    ).scalar_one()


def test_a_co_owners_vote_between_the_read_and_the_write_is_kept_in_the_history(
    app, db, world, owners, listed_election, monkeypatch
):
    election = listed_election
    with app.test_request_context():
        earlier = services.cast_online(
            election, owners["C3"], services.read_candidates(election, [1], by="number"), now=DURING
        )
    db.session.commit()
    co_owner = owners["C3b"].id
    _after_reading(
        monkeypatch,
        f"UPDATE election_ballots SET receipt = 'MEANWHILE', cast_by_id = {co_owner}"
        f" WHERE election_id = {election.id}",
    )
    with app.test_request_context():
        services.cast_online(
            election, owners["C3"], services.read_candidates(election, [2], by="number"), now=DURING
        )
    db.session.commit()
    [change] = db.session.scalars(select(ElectionBallotChange)).all()
    assert (change.previous_receipt, change.previous_cast_by_id) == ("MEANWHILE", co_owner)
    assert change.previous_numbers == [1] and change.changed_by_id == owners["C3"].id
    [told] = db.session.scalars(select(Notification).where(Notification.kind == "ballot_changed")).all()
    assert told.user_id == co_owner and "MEANWHILE" in told.url
    assert earlier != "MEANWHILE"


def test_a_paper_ballot_entered_between_the_read_and_the_write_refuses_the_vote(
    app, db, world, owners, listed_election, monkeypatch
):
    election = listed_election
    group = _group_id(db, election, "B2")
    _after_reading(
        monkeypatch,
        "INSERT INTO election_ballots (election_id, group_id, channel, cast_by_id, proxy_name, receipt,"
        f" cast_at) VALUES ({election.id}, {group}, 'paper', {world.committee.id}, '', '',"
        " '2026-12-21 03:00:00')",
    )
    with app.test_request_context(), pytest.raises(ConflictError) as refused:
        services.cast_online(election, owners["B2"], [], now=DURING)
    assert "B2" in str(refused.value.message)
    [ballot] = db.session.scalars(
        select(ElectionBallot).where(ElectionBallot.election_id == election.id)
    ).all()
    assert ballot.channel.value == "paper"
