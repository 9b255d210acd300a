"""The JSON API end to end: tokens, registration, meetings, ballots, tally, errors."""

import base64
from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from portal.api.models import ApiToken
from portal.assembly.models import Ballot
from portal.registration.models import ClaimStatus, UnitClaim
from tests.assembly.conftest import NOW
from tests.conftest import PASSWORD


def test_tokens_are_issued_for_good_credentials_and_stored_hashed(client, world, db):
    response = client.post("/api/v1/tokens", json={"phone": world.resident.phone, "password": PASSWORD})
    assert response.status_code == 201
    token = response.json["token"]
    assert response.json["expires_at"].endswith("+00:00")
    assert db.session.scalar(select(ApiToken.token_hash)) != token
    bad = client.post("/api/v1/tokens", json={"phone": world.resident.phone, "password": "wrong4pass"})
    assert bad.status_code == 401 and bad.json["error"] == "unauthorized" and bad.json["message"]


def test_errors_are_json_with_fields(client, world):
    response = client.post("/api/v1/tokens", json={"phone": "1" * 30})
    assert response.status_code == 422
    assert set(response.json) == {"error", "message", "fields"}
    assert {"phone", "password"} <= set(response.json["fields"])
    assert client.get("/api/v1/nothing-here").json["error"] == "not_found"
    assert client.post("/api/v1/tokens", data="not json", content_type="text/plain").status_code == 422


def test_session_cookies_do_not_sign_in_to_the_api(client, db, world):
    from portal.registration.services import claim_unit
    from tests.conftest import login

    claim = claim_unit(world.resident, world.compound_a.buildings[0].units[0], "CERT")
    db.session.commit()
    login(client, world.committee)
    response = client.post(f"/api/v1/claims/{claim.id}/verify")
    assert response.status_code == 401 and response.json["error"] == "unauthorized"


def test_expired_or_unknown_tokens_are_refused(client, world, bearer):
    headers = bearer(world.resident)
    assert client.get(f"/api/v1/compounds/{world.compound_a.id}/units", headers=headers).status_code == 200
    with time_machine.travel(NOW + timedelta(days=400), tick=False):
        assert (
            client.get(f"/api/v1/compounds/{world.compound_a.id}/units", headers=headers).status_code == 401
        )
    wrong = {"Authorization": "Bearer nope"}
    assert client.get(f"/api/v1/compounds/{world.compound_a.id}/units", headers=wrong).status_code == 401


def test_compounds_and_units(client, world, bearer):
    found = client.get("/api/v1/compounds?name=文宴").json
    assert found == [
        {"id": world.compound_a.id, "name": "文宴雅居", "community": "南关社区", "assembly_status": "none"}
    ]
    assert client.get("/api/v1/compounds?name=%25").json == []  # a wildcard is a character like any other
    assert len(client.get("/api/v1/compounds?name=").json) == 3
    units = client.get(
        f"/api/v1/compounds/{world.compound_a.id}/units?building=1号楼&unit=102",
        headers=bearer(world.resident),
    ).json
    assert [(u["building"], u["unit"], u["area"]) for u in units] == [("1号楼", "102", "60.25")]


def test_claim_and_verify_over_the_api(client, db, world, bearer):
    unit = world.compound_a.buildings[0].units[0]
    response = client.post(
        f"/api/v1/units/{unit.id}/claims", json={"certificate_no": "豫2021"}, headers=bearer(world.resident)
    )
    assert response.status_code == 201 and response.json["status"] == "pending"
    claim_id = response.json["id"]
    assert client.post(f"/api/v1/claims/{claim_id}/verify", headers=bearer(world.fred)).status_code == 404
    assert (
        client.post(f"/api/v1/claims/{claim_id}/reject", json={}, headers=bearer(world.committee)).status_code
        == 422
    )
    # The claimant is not the roster's owner (张三): verifying needs the certificate checked.
    unchecked = client.post(f"/api/v1/claims/{claim_id}/verify", headers=bearer(world.committee))
    assert unchecked.status_code == 422 and "权属证书" in unchecked.json["message"]
    verified = client.post(
        f"/api/v1/claims/{claim_id}/verify",
        json={"certificate_checked": True},
        headers=bearer(world.committee),
    )
    assert verified.status_code == 200 and verified.json["status"] == "verified"
    again = client.post(f"/api/v1/claims/{claim_id}/verify", headers=bearer(world.committee))
    assert again.status_code == 422 and again.json["error"] == "invalid"
    assert db.session.get(UnitClaim, claim_id).status == ClaimStatus.VERIFIED


def test_an_owner_answers_and_a_reviewer_releases_over_the_api(client, db, world, bearer):
    from portal.registration.services import claim_unit, verify_claim
    from tests.conftest import make_user

    unit = world.compound_a.buildings[0].units[0]
    owner = make_user("13733333333", "张三")
    verify_claim(claim_unit(owner, unit, "C1"), world.committee, certificate_checked=True)
    stranger_claim = claim_unit(world.resident, unit, "C2")
    db.session.commit()
    listed = client.get("/api/v1/claims/on-my-units", headers=bearer(owner))
    assert listed.status_code == 200
    rows = [(c["id"], c["my_answer"], c["unit"]) for c in listed.json]
    assert rows == [(stranger_claim.id, None, unit.name)]
    url = f"/api/v1/claims/{stranger_claim.id}"
    assert client.post(f"{url}/answer", json={"answer": "maybe"}, headers=bearer(owner)).status_code == 422
    by_claimant = client.post(f"{url}/answer", json={"answer": "not_known"}, headers=bearer(world.resident))
    assert by_claimant.status_code == 404
    held = client.post(f"{url}/answer", json={"answer": "not_known"}, headers=bearer(owner))
    assert held.status_code == 200 and held.json["status"] == "on_hold"
    again = client.post(f"{url}/answer", json={"answer": "co_owner"}, headers=bearer(owner))
    assert again.status_code == 422
    assert client.get("/api/v1/claims/on-my-units", headers=bearer(owner)).json[0]["my_answer"] == "not_known"
    assert client.post(f"{url}/release", headers=bearer(owner)).status_code == 404
    released = client.post(f"{url}/release", headers=bearer(world.committee))
    assert released.status_code == 200 and released.json["status"] == "pending"
    assert db.session.get(UnitClaim, stranger_claim.id).status == ClaimStatus.PENDING


MEETING = {
    "title": "2027年第一次业主大会",
    "kind": "regular",
    "form": "written",
    "voting_opens_at": "2026-12-21T09:00:00+08:00",
    "voting_closes_at": "2026-12-31T09:00:00+08:00",
    "items": [
        {"title": "修订管理规约", "description": "", "matter": "covenant"},
        {"title": "改建车棚", "matter": "rebuild"},
    ],
}


def test_meeting_publish_vote_and_tally(client, db, world, owners, bearer):
    committee = bearer(world.committee)
    with time_machine.travel(NOW, tick=False):
        early = dict(
            MEETING, voting_opens_at="2026-12-10T09:00:00+08:00", voting_closes_at="2026-12-20T09:00:00+08:00"
        )
        draft = client.post(
            f"/api/v1/compounds/{world.compound_a.id}/meetings", json=early, headers=committee
        )
        assert draft.status_code == 201
        refused = client.post(f"/api/v1/meetings/{draft.json['id']}/publish", headers=committee)
        assert refused.status_code == 422 and "2026-12-16" in refused.json["message"]
        created = client.post(
            f"/api/v1/compounds/{world.compound_a.id}/meetings", json=MEETING, headers=committee
        )
        assert created.status_code == 201 and created.json["status"] == "draft"
        meeting_id, items = created.json["id"], [i["id"] for i in created.json["items"]]
        assert (
            client.post(
                f"/api/v1/compounds/{world.compound_a.id}/meetings",
                json=MEETING,
                headers=bearer(owners["A1"]),
            ).status_code
            == 403
        )
        published = client.post(f"/api/v1/meetings/{meeting_id}/publish", headers=committee)
        assert published.status_code == 200
        assert (published.json["total_area"], published.json["total_owners"]) == ("464.75", 4)
    during = NOW + timedelta(days=20, hours=3)
    with time_machine.travel(during, tick=False):
        vote = client.post(
            f"/api/v1/meetings/{meeting_id}/ballots",
            json={"choices": {str(items[0]): "agree"}},
            headers=bearer(owners["A1"]),
        )
        assert vote.status_code == 201 and len(vote.json["receipt"]) == 10
        paper = {"owner_key": "A1", "channel": "paper", "choices": {str(items[0]): "oppose"}}
        clash = client.post(f"/api/v1/meetings/{meeting_id}/paper-ballots", json=paper, headers=committee)
        assert (
            clash.status_code == 409 and clash.json["error"] == "conflict" and "A1" in clash.json["message"]
        )
        developer = {
            "owner_key": "@developer",
            "channel": "proxy",
            "proxy_name": "代表",
            "choices": {str(items[0]): "agree", str(items[1]): "agree"},
        }
        unauthorised = client.post(
            f"/api/v1/meetings/{meeting_id}/paper-ballots", json=developer, headers=committee
        )
        assert unauthorised.status_code == 422 and "委托书" in unauthorised.json["message"]
        not_base64 = dict(developer, authorisation="%%%")
        assert (
            client.post(
                f"/api/v1/meetings/{meeting_id}/paper-ballots", json=not_base64, headers=committee
            ).status_code
            == 422
        )
        developer["authorisation"] = base64.b64encode(b"%PDF-1.4 signed").decode()
        assert (
            client.post(
                f"/api/v1/meetings/{meeting_id}/paper-ballots", json=developer, headers=committee
            ).status_code
            == 201
        )
        b2 = {"owner_key": "B2", "channel": "paper", "choices": {str(items[0]): "abstain"}}
        assert (
            client.post(
                f"/api/v1/meetings/{meeting_id}/paper-ballots", json=b2, headers=committee
            ).status_code
            == 201
        )
        live = client.get(f"/api/v1/meetings/{meeting_id}/tally", headers=bearer(owners["C3"])).json
        assert live["status"] == "voting" and live["items"][0]["agree_area"] is None
        assert live["items"][0]["participating_owners"] == 3
    with time_machine.travel(NOW + timedelta(days=33), tick=False):  # after the 2 days for paper
        result = client.get(f"/api/v1/meetings/{meeting_id}/tally", headers=bearer(world.committee)).json
        first = result["items"][0]
        assert result["status"] == "counted" and result["total_area"] == "464.75"
        # A1 140.75 + developer 159.00 agree, B2 75.00 abstains: 299.75 of 374.75, 2 of 3.
        assert (first["agree_area"], first["agree_owners"], first["abstain_area"]) == ("299.75", 2, "75.00")
        assert first["rule"] == "majority" and first["quorum_met"] and first["passed"] is True
        second = result["items"][1]
        assert (
            second["rule"] == "three_quarters" and second["quorum_met"] is False and second["passed"] is False
        )
        late = client.post(
            f"/api/v1/meetings/{meeting_id}/ballots",
            json={"choices": {str(items[1]): "agree"}},
            headers=bearer(owners["B2"]),
        )
        assert late.status_code == 422
    assert db.session.scalar(select(func.count(Ballot.id))) == 5  # B2's paper sheet has a blank item 2


def test_openapi_document(client, db):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/tokens", "/api/v1/meetings/{meeting_id}/tally"} <= set(spec["paths"])


def test_error_messages_follow_accept_language(client, world):
    body = {"phone": world.resident.phone, "password": "wrong4pass"}
    chinese = client.post("/api/v1/tokens", json=body).json["message"]
    english = client.post("/api/v1/tokens", json=body, headers={"Accept-Language": "en-US,en;q=0.9"}).json[
        "message"
    ]
    assert chinese == "手机号或密码不正确。" and english == "The phone number or password is not correct."
