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


def test_sheets_collected_by_the_closing_day_are_entered_in_the_days_after(
    app, client, db, world, owners, listed_election, bearer
):
    from datetime import timedelta
    from unittest import mock

    from portal.assembly.establishment import assembly_of
    from portal.assembly.models import BallotChannel
    from portal.calendar import beijing_date
    from portal.errors import DomainError
    from tests.conftest import login

    assembly_of(world.compound_a).paper_days = 3
    listed_election.counted_at = CLOSES + timedelta(days=3)
    db.session.commit()
    after, closing_day = CLOSES + timedelta(days=1), beijing_date(CLOSES)
    with app.test_request_context():
        with pytest.raises(DomainError):  # today is after the closing day
            services.enter_ballot(
                listed_election,
                owner_key="B2",
                channel=BallotChannel.PAPER,
                candidates=[],
                actor=world.committee,
                now=after,
            )
        count = import_ballots(
            listed_election,
            b"owner_key,candidate_no\nA1,1\n",
            actor=world.committee,
            collected_on=closing_day,
            now=after,
        )
    assert count == 1
    db.session.commit()
    with mock.patch("portal.elections.services.ballots.utcnow", return_value=after):
        url = f"/api/v1/elections/{listed_election.id}/paper-ballots"
        body = {"owner_key": "B2", "channel": "paper", "candidates": []}
        assert client.post(url, json=body, headers=bearer(world.committee)).status_code == 422
        body["collected_on"] = closing_day.isoformat()
        assert client.post(url, json=body, headers=bearer(world.committee)).status_code == 201
        login(client, world.committee)
        form = {"owner_key": "C3", "channel": "paper", "collected_on": closing_day.isoformat()}
        assert client.post(f"/elections/{listed_election.id}/paper", data=form).status_code == 302
    collected = {b.owner.owner_key: b.collected_on for b in db.session.query(ElectionBallot)}
    assert collected == {"A1": closing_day, "B2": closing_day, "C3": closing_day}
