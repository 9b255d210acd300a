"""Open311 GeoReport v2: the specification's field lists in JSON and XML, filing with an API
token as `api_key`, reading requests with and without the complainant's or the station's key
(the private fields never shown without one), the filters, and the specification's errors."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from portal.api.services import issue_token
from portal.mediation import services
from portal.mediation.models import Complaint

SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "service_name",
    "service_code",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
PRIVATE = {"description", "status_notes"}


def _key(db, user) -> str:
    token, _ = issue_token(user)
    db.session.commit()
    return token


def _xml(response):
    assert response.content_type.startswith("text/xml")
    assert response.data.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ElementTree.fromstring(response.data)


def test_services_in_both_formats(client, db):
    services_json = client.get("/open311/v2/services.json").json
    assert [s["service_code"] for s in services_json][:3] == ["fees", "repairs", "parking"]
    assert len(services_json) == 11 and all(set(s) == SERVICE_FIELDS for s in services_json)
    assert "不显示描述" in services_json[0]["description"]  # the privacy deviation is stated
    root = _xml(client.get("/open311/v2/services.xml"))
    assert root.tag == "services" and len(root) == 11
    assert {child.tag for child in root[0]} == SERVICE_FIELDS


def test_a_service_definition(client, db):
    definition = client.get("/open311/v2/services/noise.json").json
    codes = [a["code"] for a in definition["attributes"]]
    assert definition["service_code"] == "noise" and codes == [
        "respondent",
        "respondent_detail",
        "mediation_consent",
    ]
    assert {v["key"] for v in definition["attributes"][0]["values"]} >= {"property_company", "neighbour"}
    root = _xml(client.get("/open311/v2/services/noise.xml"))
    assert root.tag == "service_definition" and root.find("attributes/attribute/code").text == "respondent"
    missing = client.get("/open311/v2/services/leaks.json")
    assert missing.status_code == 404 and set(missing.json[0]) == {"code", "description"}


def _post(client, fmt="json", **changes):
    form = {
        "service_code": "repairs",
        "address_string": "文宴雅居 1号楼 101",
        "description": "楼顶漏水三个月，物业一直不修。",
        "attribute[respondent]": "property_company",
        "attribute[mediation_consent]": "true",
        **changes,
    }
    return client.post(f"/open311/v2/requests.{fmt}", data=form)


def test_an_open311_client_files_and_follows_a_request(client, db, world, people):
    key = _key(db, people["甲"])
    filed = _post(client, api_key=key)
    assert filed.status_code == 200
    (item,) = filed.json
    assert set(item) == {"service_request_id", "service_notice", "account_id"}
    number = item["service_request_id"]
    assert number.startswith("TJ-") and item["account_id"] == str(people["甲"].id)
    mine = client.get(f"/open311/v2/requests/{number}.json?api_key={key}").json[0]
    assert set(mine) == REQUEST_FIELDS | PRIVATE and mine["status"] == "open"
    assert mine["description"].startswith("楼顶漏水") and mine["agency_responsible"].endswith("调解站")
    assert mine["expected_datetime"].endswith("+08:00")
    xml = _xml(_post(client, fmt="xml", api_key=key))
    assert xml.tag == "service_requests" and xml.find("request/service_request_id").text.startswith("TJ-")


def test_without_the_key_only_the_public_fields(client, db, world, people, new_complaint):
    complaint = new_complaint()
    services.post_message(complaint, world.mediator, "请补充照片")
    db.session.commit()
    public = client.get(f"/open311/v2/requests/{complaint.number}.json").json[0]
    assert set(public) == REQUEST_FIELDS | PRIVATE and public["address"] == "文宴雅居"
    assert public["description"] == "" and public["status_notes"] == ""
    listed = client.get(f"/open311/v2/requests.json?service_request_id={complaint.number}").json[0]
    assert set(listed) == REQUEST_FIELDS | PRIVATE and listed["description"] == listed["status_notes"] == ""
    for path in (f"requests/{complaint.number}.xml", f"requests.xml?service_request_id={complaint.number}"):
        element = _xml(client.get(f"/open311/v2/{path}"))[0]
        assert {c.tag for c in element} == REQUEST_FIELDS | PRIVATE, path
        assert not element.find("description").text and not element.find("status_notes").text
    text = client.get(f"/open311/v2/requests/{complaint.number}.xml").get_data(as_text=True)
    assert "楼顶漏水" not in text and "请补充照片" not in text and "甲" not in text
    for stranger in (world.committee, people["孙"], people["丁"]):
        seen = client.get(f"/open311/v2/requests/{complaint.number}.json?api_key={_key(db, stranger)}").json[
            0
        ]
        assert set(seen) == REQUEST_FIELDS | PRIVATE and seen["description"] == seen["status_notes"] == ""
    station = client.get(
        f"/open311/v2/requests/{complaint.number}.json?api_key={_key(db, world.mediator)}"
    ).json[0]
    assert station["status_notes"].endswith("请补充照片")


def test_listing_filters(client, db, world, people, new_complaint):
    from portal.mediation.models import Category

    first = new_complaint()
    second = new_complaint(category=Category.NOISE)
    services.accept(second, world.mediator)
    services.assign(second, world.mediator, world.mediator)
    services.withdraw(second, people["甲"])
    db.session.commit()
    window = "start_date=2026-11-01T00:00:00%2B08:00&end_date=2026-12-01T00:00:00%2B08:00"

    def numbers(query):
        return [
            r["service_request_id"] for r in client.get(f"/open311/v2/requests.json?{window}&{query}").json
        ]

    assert sorted(numbers("")) == [first.number, second.number]
    assert numbers("service_code=noise") == [second.number]
    assert numbers("status=closed") == [second.number]
    assert numbers("status=open") == [first.number]
    assert numbers(f"service_request_id={first.number}") == [first.number]
    root = _xml(client.get(f"/open311/v2/requests.xml?{window}"))
    assert root.tag == "service_requests" and {c.tag for c in root[0]} == REQUEST_FIELDS | PRIVATE


def test_service_request_id_overrides_the_other_filters_in_any_case(client, db, world, people, new_complaint):
    from portal.mediation.models import Category

    first = new_complaint()
    second = new_complaint(category=Category.NOISE)
    wanted = f"{first.number.lower()},{second.number}"
    # The window, the service code and the status would each leave a case out: all ignored.
    others = "start_date=2020-01-01T00:00:00%2B08:00&end_date=2020-02-01T00:00:00%2B08:00"
    query = f"service_request_id={wanted}&{others}&service_code=noise&status=closed"
    found = client.get(f"/open311/v2/requests.json?{query}").json
    assert sorted(r["service_request_id"] for r in found) == sorted([first.number, second.number])
    root = _xml(client.get(f"/open311/v2/requests.xml?{query}"))
    assert sorted(r.find("service_request_id").text for r in root) == sorted([first.number, second.number])


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({}, 403),  # no api_key
        ({"api_key": "wrong"}, 403),
        ({"service_code": "leaks"}, 400),
        ({"address_string": "三国苑 1号楼 101"}, 400),  # not where the account lives
        ({"attribute[respondent]": "mayor"}, 400),
        ({"attribute[mediation_consent]": "maybe"}, 400),
        ({"description": "短"}, 400),
    ],
)
def test_errors_are_the_specifications_array(client, db, world, people, changes, status):
    if changes.get("api_key") is None and status != 403:
        changes = {"api_key": _key(db, people["甲"]), **changes}
    for fmt in ("json", "xml"):
        response = _post(client, fmt=fmt, **changes)
        assert response.status_code == status
        if fmt == "json":
            assert set(response.json[0]) == {"code", "description"} and response.json[0]["code"] == status
        else:
            root = _xml(response)
            assert root.tag == "errors" and root.find("error/code").text == str(status)


def test_bad_dates_and_unknown_requests(client, db):
    bad = client.get("/open311/v2/requests.json?start_date=yesterday")
    assert bad.status_code == 400 and bad.json[0]["code"] == 400
    assert client.get("/open311/v2/requests/TJ-2026-999999.json").status_code == 404
    assert client.get("/open311/v2/requests.csv").status_code == 404


WINDOW = "start_date=2026-11-01T00:00:00%2B08:00&end_date=2026-12-01T00:00:00%2B08:00"


def test_a_station_listing_is_one_audit_record_and_does_not_grow_with_cases(client, db, world, new_complaint):
    """The station's key reads every case in full: a constant number of queries for 1 case as
    for 15, and one audit record per listing naming the cases (not one per case)."""
    from sqlalchemy import func, select

    from portal.audit import AuditRecord
    from portal.extensions import db as _db
    from tests.conftest import count_queries

    key = _key(db, world.mediator)
    url = f"/open311/v2/requests.json?{WINDOW}&api_key={key}"

    def audited(action):
        return db.session.scalar(select(func.count(AuditRecord.id)).where(AuditRecord.action == action))

    counts = []
    client.get(url)  # warm up (the key's first use)
    for total in (1, 15):
        while db.session.scalar(select(func.count(Complaint.id))) < total:
            case = new_complaint()
            services.post_message(case, world.mediator, "请补充照片")
            db.session.commit()
        before = audited("complaints_listed")
        with count_queries(_db.engine) as counted:
            listed = client.get(url)
        assert listed.status_code == 200 and len(listed.json) == total
        assert all(r["status_notes"].endswith("请补充照片") for r in listed.json)
        counts.append(counted())
        assert audited("complaints_listed") == before + 1
    assert counts[0] == counts[1], counts
    assert audited("complaint_viewed") == 0
    record = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "complaints_listed")).all()[
        -1
    ]
    assert len(record.after["cases"]) == 15 and record.actor_id == world.mediator.id


def test_only_a_keyed_read_takes_the_write_lock(app):
    from portal.unit_of_work import may_write

    for path, writes in (
        ("/open311/v2/requests.json", False),
        ("/open311/v2/requests/TJ-2026-000001.xml", False),
        ("/open311/v2/requests.json?api_key=abc", True),
        ("/open311/v2/requests/TJ-2026-000001.json?api_key=abc", True),
    ):
        with app.test_request_context(path):
            assert may_write() is writes, path


def test_service_discovery_in_both_formats(client, db):
    found = client.get("/open311/discovery.json").json
    assert set(found) == {"changeset", "contact", "key_service", "endpoints"}
    (endpoint,) = found["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2") and endpoint["type"] == "production"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert "/api/v1/tokens" in found["key_service"] and "调解站" in found["contact"]
    # The endpoint it names answers.
    assert client.get(endpoint["url"].split("localhost", 1)[-1] + "/services.json").status_code == 200
    root = _xml(client.get("/open311/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.find("endpoints").find("endpoint").find("formats")] == endpoint["formats"]
