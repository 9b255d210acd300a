"""The elections API end to end: the 422s with the rule, nominating, publishing, voting (409 on
another channel), paper ballots, the result and the CLI printing the same."""

import json
from datetime import timedelta
from unittest import mock

from portal.columns import utcnow
from tests.elections.conftest import NOW


def _iso(moment):
    return moment.isoformat().replace("+00:00", "Z")


def _body(**changes):
    now = utcnow()
    return {
        "title": "第二届业委会选举",
        "seats": 3,
        "alternates": 1,
        "term_years": 5,
        "nominations_close_at": _iso(now + timedelta(days=1)),
        "voting_opens_at": _iso(now + timedelta(days=20)),
        "voting_closes_at": _iso(now + timedelta(days=30)),
    } | changes


def test_a_wrong_seat_count_or_term_is_422_with_the_rule(client, world, bearer):
    headers = bearer(world.committee)
    response = client.post(
        f"/api/v1/compounds/{world.compound_a.id}/elections", json=_body(seats=4), headers=headers
    )
    assert response.status_code == 422 and "11" in response.json["message"]
    response = client.post(
        f"/api/v1/compounds/{world.compound_a.id}/elections", json=_body(term_years=6), headers=headers
    )
    assert response.status_code == 422


def test_the_whole_election_through_the_api(app, client, db, world, owners, bearer):
    committee = bearer(world.committee)
    created = client.post(
        f"/api/v1/compounds/{world.compound_a.id}/elections", json=_body(), headers=committee
    )
    assert created.status_code == 201 and created.json["status"] == "draft"
    election_id = created.json["id"]
    assert client.post(f"/api/v1/elections/{election_id}/open", headers=committee).status_code == 200
    mine = client.post(
        f"/api/v1/elections/{election_id}/candidates",
        json={"statement": "服务"},
        headers=bearer(owners["A1"]),
    )
    assert mine.status_code == 201 and mine.json["name"] == "甲"
    assert (
        client.post(
            f"/api/v1/elections/{election_id}/candidates",
            json={"owner_key": "B2"},
            headers=bearer(owners["A1"]),
        ).status_code
        == 403
    )
    entered = client.post(
        f"/api/v1/elections/{election_id}/candidates", json={"owner_key": "C3"}, headers=committee
    )
    assert entered.status_code == 201 and entered.json["name"] == "王五"
    bad = client.post(
        f"/api/v1/elections/{election_id}/candidates", json={"owner_key": "@developer"}, headers=committee
    )
    assert bad.status_code == 422
    early = client.post(f"/api/v1/elections/{election_id}/publish", headers=committee)
    assert early.status_code == 422  # nominations are still open
    closed = utcnow() + timedelta(days=1, hours=1)
    with mock.patch("portal.elections.services.elections.utcnow", return_value=closed):
        published = client.post(f"/api/v1/elections/{election_id}/publish", headers=committee)
    assert published.status_code == 200
    assert published.json["total_owners"] == 4 and published.json["total_area"] == "464.75"
    ids = [c["id"] for c in published.json["candidates"]]

    opens = utcnow() + timedelta(days=20, hours=1)
    with (
        mock.patch("portal.elections.services.online.utcnow", return_value=opens),
        mock.patch("portal.elections.services.ballots.utcnow", return_value=opens),
    ):
        early = client.post(
            f"/api/v1/elections/{election_id}/ballots", json={"candidates": ids}, headers=bearer(owners["B2"])
        )
        assert early.status_code == 201
        assert (
            client.post(
                f"/api/v1/elections/{election_id}/ballots",
                json={"candidates": ids * 2 + [999]},
                headers=bearer(owners["A1"]),
            ).status_code
            == 422
        )
        paper = {"owner_key": "C3", "channel": "paper", "candidates": ids[:1]}
        assert (
            client.post(
                f"/api/v1/elections/{election_id}/paper-ballots", json=paper, headers=committee
            ).status_code
            == 201
        )
        assert (
            client.post(
                f"/api/v1/elections/{election_id}/paper-ballots", json=paper, headers=committee
            ).status_code
            == 409
        )
        assert (
            client.post(
                f"/api/v1/elections/{election_id}/ballots",
                json={"candidates": []},
                headers=bearer(owners["C3b"]),
            ).status_code
            == 409
        )
    result = client.get(f"/api/v1/elections/{election_id}/result", headers=committee).json
    assert result["participating_area"] is None and result["candidates"][0]["outcome"] is None
    assert result["total_area"] == "464.75"

    runner = app.test_cli_runner()
    printed = runner.invoke(args=["elections", "result", str(election_id), "--json"])
    assert json.loads(printed.output) == result


def test_voting_outside_the_window_is_422(client, db, world, owners, bearer, listed_election):
    response = client.post(
        f"/api/v1/elections/{listed_election.id}/ballots",
        json={"candidates": []},
        headers=bearer(owners["A1"]),
    )
    assert response.status_code == 422
    assert listed_election.voting_opens_at > NOW
