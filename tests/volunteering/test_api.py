"""The volunteer service API end to end: organising, listing with places left, signing up
into the waitlist, cancelling with promotion, check-in and out, one's record, certificates."""

from datetime import timedelta

import time_machine

from portal.volunteering import services
from tests.volunteering.conftest import NOW


def _activity(capacity=1):
    starts = NOW + timedelta(days=3)
    return {
        "title": "夜间巡逻",
        "category": "patrol",
        "place": "北门值班室",
        "sessions": [
            {
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=2)).isoformat(),
                "capacity": capacity,
            },
            {
                "starts_at": (starts + timedelta(weeks=1)).isoformat(),
                "ends_at": (starts + timedelta(weeks=1, hours=2)).isoformat(),
                "capacity": 5,
            },
        ],
        "signup_closes_at": (starts - timedelta(days=1)).isoformat(),
        "cancel_closes_at": (starts - timedelta(days=1)).isoformat(),
        "min_age": 16,
    }


def test_organise_sign_up_waitlist_cancel_and_promote(client, db, world, residents, bearer):
    a = world.compound_a.id
    with time_machine.travel(NOW, tick=False):
        created = client.post(
            f"/api/v1/compounds/{a}/activities", json=_activity(), headers=bearer(world.committee)
        )
        assert created.status_code == 201, created.json
        assert set(created.json) == {"id", "sessions"} and len(created.json["sessions"]) == 2
        first = created.json["sessions"][0]["id"]
        url = f"/api/v1/sessions/{first}/signups"
        mine = client.post(url, json={}, headers=bearer(residents["甲"]))
        assert mine.status_code == 201 and mine.json == {
            "id": mine.json["id"],
            "status": "confirmed",
            "position": None,
        }
        waiting = client.post(url, json={}, headers=bearer(residents["乙"]))
        assert waiting.json["status"] == "waitlisted" and waiting.json["position"] == 1
        again = client.post(url, json={}, headers=bearer(residents["甲"]))
        assert again.status_code == 409 and again.json["error"] == "conflict"
        listed = client.get(f"/api/v1/compounds/{a}/activities").json
        assert [s["places_left"] for s in listed[0]["sessions"]] == [0, 5]
        assert listed[0]["category"] == "patrol" and listed[0]["min_age"] == 16
        cancelled = client.delete(f"/api/v1/signups/{mine.json['id']}", headers=bearer(residents["甲"]))
        assert cancelled.status_code == 200
        assert cancelled.json == {"status": "cancelled", "promoted_signup_id": waiting.json["id"]}
        me = client.get("/api/v1/me/volunteering", headers=bearer(residents["乙"])).json
        assert me["sessions"][0]["status"] == "confirmed" and me["sessions"][0]["position"] is None
    with time_machine.travel(NOW + timedelta(days=2, hours=1), tick=False):
        late = client.post(url, json={}, headers=bearer(residents["丙"]))
        assert late.status_code == 422 and late.json["message"] == "这一场的报名已截止。"


def test_a_minor_signs_up_through_the_api_with_the_guardians_consent(client, db, world, residents, bearer):
    with time_machine.travel(NOW, tick=False):
        created = client.post(
            f"/api/v1/compounds/{world.compound_a.id}/activities",
            json=_activity(5),
            headers=bearer(world.staff),
        )
        url = f"/api/v1/sessions/{created.json['sessions'][0]['id']}/signups"
        minor = {"birth_date": "2009-01-01", "guardian_name": "甲父", "guardian_phone": "13800000000"}
        refused = client.post(url, json=minor, headers=bearer(residents["甲"]))
        assert refused.status_code == 422 and "同意" in refused.json["message"]
        ok = client.post(url, json=minor | {"guardian_consent": True}, headers=bearer(residents["甲"]))
        assert ok.status_code == 201 and ok.json["status"] == "confirmed"


def test_check_in_out_record_and_certificate(client, db, world, residents, new_activity, bearer):
    session = new_activity(capacity=3).sessions[0]
    signup = services.sign_up(session, residents["甲"], now=NOW).signup
    db.session.commit()
    staff = bearer(world.staff)
    with time_machine.travel(session.starts_at + timedelta(minutes=5), tick=False):
        checked = client.post(f"/api/v1/signups/{signup.id}/check-in", headers=staff)
        assert checked.status_code == 200 and checked.json["status"] == "checked_in"
        assert checked.json["hours"] == "0.00"
    with time_machine.travel(session.ends_at, tick=False):
        out = client.post(f"/api/v1/signups/{signup.id}/check-out", headers=staff)
        assert out.status_code == 200 and out.json["hours"] == "1.75" and out.json["status"] == "completed"
        again = client.post(f"/api/v1/signups/{signup.id}/check-out", headers=staff)
        assert again.status_code == 422
        me = client.get("/api/v1/me/volunteering", headers=bearer(residents["甲"])).json
        assert me["total_hours"] == "1.75" and me["star"] == 0 and me["sessions"][0]["hours"] == "1.75"
        certificate = services.issue_certificate(residents["甲"], world.community)
        db.session.commit()
    public = client.get(f"/api/v1/certificates/{certificate.code.lower()}")
    assert public.status_code == 200
    assert public.json == {
        "name_initial": "甲",
        "hours": "1.75",
        "from": "2026-12-04",
        "to": "2026-12-04",
        "issuer": "南关街道办事处南关社区居民委员会",
    }
    missing = client.get("/api/v1/certificates/NOSUCHCODE22")
    assert missing.status_code == 404 and missing.json["error"] == "not_found"


def test_the_total_is_a_string_with_two_decimals(client, db, world, residents, new_activity, bearer):
    session = new_activity(capacity=3).sessions[0]
    signup = services.sign_up(session, residents["甲"], now=NOW).signup
    services.correct_attendance(
        signup,
        checked_in_at=session.starts_at,
        checked_out_at=session.starts_at + timedelta(minutes=44),
        reason="手工补录",
        actor=world.staff,
        now=session.ends_at,
    )
    db.session.commit()
    assert (
        client.get("/api/v1/me/volunteering", headers=bearer(residents["甲"])).json["total_hours"] == "0.50"
    )


def test_the_openapi_document_lists_the_volunteering_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in (
        "/api/v1/compounds/{compound_id}/activities",
        "/api/v1/sessions/{session_id}/signups",
        "/api/v1/signups/{signup_id}",
        "/api/v1/signups/{signup_id}/check-in",
        "/api/v1/signups/{signup_id}/check-out",
        "/api/v1/me/volunteering",
        "/api/v1/certificates/{code}",
    ):
        assert path in paths, path
    assert set(paths["/api/v1/compounds/{compound_id}/activities"]) >= {"get", "post"}
