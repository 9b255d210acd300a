"""Paper ballots of an election from a file (`owner_key,candidate_no`): all or nothing."""

import pytest

from portal.elections import services
from portal.elections.models import ElectionBallot
from portal.elections.paper_import import ElectionPaperBallotsInvalid, import_ballots
from tests.elections.conftest import CLOSES, DURING


def _import(app, election, world, text, now=DURING):
    with app.test_request_context():
        return import_ballots(election, text.encode(), actor=world.committee, now=now)


def test_a_file_enters_ballots_with_a_blank_one(app, db, world, owners, listed_election):
    count = _import(app, listed_election, world, "owner_key,candidate_no\nA1,1\nA1,3\n@developer,1\nB2,\n")
    assert count == 3
    with app.test_request_context():
        result = services.count(listed_election, CLOSES)
    assert (result.participating_owners, result.participating_area) == (3, 37475)
    assert {c.number: s.agree_owners for c, s in result.standings()} == {1: 2, 3: 1, 2: 0}


def test_a_bad_file_enters_nothing_and_names_every_problem(app, db, world, owners, listed_election):
    listed_election.seats = 1
    with pytest.raises(ElectionPaperBallotsInvalid) as refused:
        _import(app, listed_election, world, "owner_key,candidate_no\nA1,1\nA1,2\nZZ,1\nB2,9\nC3,x\n")
    assert len(refused.value.errors) == 4
    db.session.rollback()
    assert db.session.query(ElectionBallot).count() == 0


def test_an_owner_who_voted_refuses_the_file(app, db, world, owners, listed_election):
    with app.test_request_context():
        services.cast_online(listed_election, owners["A1"], [], now=DURING)
    with pytest.raises(ElectionPaperBallotsInvalid):
        _import(app, listed_election, world, "owner_key,candidate_no\nA1,1\nB2,2\n")
