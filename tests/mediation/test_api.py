"""The API of the station: filing (201 with the number and `accept_by`), reading a case
(complainant and station only: a mediator of another street office gets 404), the queue,
transitions (409 naming the current state), attachments and malformed input."""

from __future__ import annotations

import io
from datetime import datetime

from portal.mediation import services
from tests.images import picture


def _body(world, **changes):
    return {
        "compound_id": world.compound_a.id,
        "category": "repairs",
        "respondent": "property_company",
        "description": "楼顶漏水三个月，物业一直不修。",
        "mediation_consent": True,
        **changes,
    }


def test_file_and_follow_a_complaint(client, world, people, bearer, db):
    filed = client.post("/api/v1/complaints", json=_body(world), headers=bearer(people["甲"]))
    assert filed.status_code == 201, filed.json
    body = filed.json
    assert body["number"].startswith("TJ-") and body["status"] == "submitted"
    accept_by = datetime.fromisoformat(body["accept_by"])
    assert accept_by.utcoffset() is not None
    case = client.get(f"/api/v1/complaints/{body['id']}", headers=bearer(people["甲"])).json
    assert case["timeline"][0]["status"] == "submitted" and case["conclude_by"] is None
    mine = client.get("/api/v1/me/complaints", headers=bearer(people["甲"])).json
    assert [c["number"] for c in mine] == [body["number"]]


def test_the_station_moves_the_case_and_an_invalid_move_is_409(
    client, world, people, bearer, new_complaint, db
):
    complaint = new_complaint()
    staff = bearer(world.mediator)
    url = f"/api/v1/complaints/{complaint.id}/transitions"
    assert client.post(url, json={"action": "accept"}, headers=staff).json["status"] == "accepted"
    again = client.post(url, json={"action": "accept"}, headers=staff)
    assert again.status_code == 409 and "已受理" in again.json["message"]
    assigned = client.post(url, json={"action": "assign", "mediator_id": people["钱"].id}, headers=staff)
    assert assigned.json["status"] == "assigned"
    assert client.post(url, json={"action": "close"}, headers=staff).status_code == 409
    queue = client.get(f"/api/v1/offices/{world.office.id}/complaints", headers=staff).json
    assert [c["status"] for c in queue] == ["assigned"]


def test_the_complainant_cannot_move_the_case_but_withdraws(client, world, people, bearer, new_complaint, db):
    complaint = new_complaint()
    url = f"/api/v1/complaints/{complaint.id}/transitions"
    assert client.post(url, json={"action": "accept"}, headers=bearer(people["甲"])).status_code == 403
    assert client.post(url, json={"action": "withdraw"}, headers=bearer(world.mediator)).status_code == 403
    assert (
        client.post(url, json={"action": "withdraw"}, headers=bearer(people["甲"])).json["status"]
        == "withdrawn"
    )


def test_others_get_404_including_a_mediator_of_another_street_office(
    client, world, people, bearer, new_complaint, db
):
    complaint = new_complaint()
    for who in (people["孙"], people["丁"], world.committee, world.staff, world.admin):
        assert client.get(f"/api/v1/complaints/{complaint.id}", headers=bearer(who)).status_code == 404
    assert (
        client.get(f"/api/v1/offices/{world.office.id}/complaints", headers=bearer(people["孙"])).status_code
        == 404
    )


def test_internal_notes_reach_only_the_station(client, world, people, bearer, new_complaint, db):
    complaint = new_complaint()
    services.post_message(complaint, world.mediator, "内部：先核实", internal=True)
    db.session.commit()
    mine = client.get(f"/api/v1/complaints/{complaint.id}", headers=bearer(people["甲"])).json
    staff = client.get(f"/api/v1/complaints/{complaint.id}", headers=bearer(world.mediator)).json
    assert all("先核实" not in e["text"] for e in mine["timeline"])
    assert any(e["internal"] and "先核实" in e["text"] for e in staff["timeline"])


def test_attachments_through_the_api(client, world, people, bearer, new_complaint, db):
    complaint = new_complaint()
    data = {"file": [(io.BytesIO(picture()), "a.jpg"), (io.BytesIO(picture()), "b.jpg")]}
    response = client.post(
        f"/api/v1/complaints/{complaint.id}/attachments",
        data=data,
        headers=bearer(people["甲"]),
        content_type="multipart/form-data",
    )
    assert response.status_code == 201 and len(response.json["ids"]) == 2
    bad = {"file": [(io.BytesIO(b"MZ\x90 not a photo"), "c.jpg")]}
    refused = client.post(
        f"/api/v1/complaints/{complaint.id}/attachments",
        data=bad,
        headers=bearer(people["甲"]),
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422


def test_malformed_bodies_are_refused(client, world, people, bearer, db):
    headers = bearer(people["甲"])
    for body in (
        _body(world, category="leaks"),
        _body(world, respondent="mayor"),
        _body(world, description="短"),
        _body(world, description="<script>alert(1)</script>漏水漏水漏水"),
        _body(world, compound_id=world.compound_b.id),
        _body(world, compound_id=2**31 - 1),
        {"category": "repairs"},
    ):
        response = client.post("/api/v1/complaints", json=body, headers=headers)
        assert response.status_code == 422, (body, response.status_code)
        assert response.is_json and "message" in response.json
    assert client.post("/api/v1/complaints", data="not json", headers=headers).status_code in (400, 415, 422)


def test_the_stations_reads_through_the_api_are_audited(
    client, world, people, bearer, new_complaint, db, app
):
    from sqlalchemy import func, select

    from portal.audit import AuditRecord

    complaint = new_complaint()
    client.get(f"/api/v1/complaints/{complaint.id}", headers=bearer(world.mediator))
    client.get(f"/api/v1/complaints/{complaint.id}", headers=bearer(people["甲"]))
    viewed = select(func.count(AuditRecord.id)).where(AuditRecord.action == "complaint_viewed")
    assert db.session.scalar(viewed) == 1
    # Not every reader writes: the station's reads take SQLite's write lock when they must
    # (unit_of_work.start_writing; tests/test_sqlite_writes.py), the complainant's never.
    assert not getattr(app.view_functions["api.get_complaint"], "writes", False)


def test_a_case_runs_to_agreement_through_the_api(client, world, people, bearer, new_complaint, db):
    complaint = new_complaint()
    staff, url = bearer(world.mediator), f"/api/v1/complaints/{complaint.id}/transitions"
    steps = [
        ({"action": "accept"}, "accepted"),
        ({"action": "assign", "mediator_id": world.mediator.id}, "assigned"),
        (
            {"action": "session", "held_on": "2026-11-27", "place": "调解室", "participants": "甲、物业"},
            "in_mediation",
        ),
        (
            {"action": "agree", "terms": "物业三日内维修", "parties": "甲；物业", "signed_on": "2026-11-28"},
            "agreed",
        ),
        ({"action": "close"}, "closed"),
    ]
    for body, status in steps:
        response = client.post(url, json=body, headers=staff)
        assert (response.status_code, response.json.get("status")) == (200, status), response.json
    refused = client.post(url, json={"action": "session", "place": "x", "participants": "y"}, headers=staff)
    assert refused.status_code == 409 and "已结案" in refused.json["message"]
    missing = client.post(url, json={"action": "agree"}, headers=staff)
    assert missing.status_code in (409, 422)
