"""Malformed input on every form: a translated error, 400 or 422, and nothing stored."""

import io

import pytest
from sqlalchemy import func, select

from portal.extensions import db as _db
from portal.registration.services import claim_unit
from tests.conftest import PASSWORD, ROSTER, login

SCRIPT = "<script>alert(1)</script>"
LONG = "长" * 600


def _row_counts():
    return {
        table.name: _db.session.scalar(select(func.count()).select_from(table))
        for table in _db.metadata.sorted_tables
    }


def _file(data: bytes):
    return (io.BytesIO(data), "roster.csv")


# (who, url, payloads): each payload must be refused.
CASES = {
    "register": (
        None,
        "/auth/register",
        [
            {},
            {"phone": "", "name": "", "password": "", "confirm": ""},
            {"phone": "1" * 300, "name": "张三", "password": "mei4hua8jie", "confirm": "mei4hua8jie"},
            {"phone": "abc", "name": "张三", "password": "mei4hua8jie", "confirm": "mei4hua8jie"},
            {"phone": "13812345678", "name": SCRIPT, "password": "mei4hua8jie", "confirm": "mei4hua8jie"},
            {"phone": "13812345678", "name": LONG, "password": "mei4hua8jie", "confirm": "mei4hua8jie"},
            {"phone": "13812345678", "name": "张三", "password": "x" * 500, "confirm": "x" * 500},
        ],
    ),
    "login": (
        None,
        "/auth/login",
        [{}, {"phone": SCRIPT, "password": SCRIPT}, {"phone": LONG, "password": LONG}],
    ),
    "profile": ("resident", "/auth/profile", [{}, {"name": ""}, {"name": SCRIPT}, {"name": LONG}]),
    "password": (
        "resident",
        "/auth/password",
        [{}, {"current": PASSWORD, "password": "Plum7lane9tea", "confirm": "other4pass"}, {"current": LONG}],
    ),
    "claim": (
        "resident",
        "/registration/units/{unit}/claim",
        [{}, {"certificate_no": ""}, {"certificate_no": SCRIPT}, {"certificate_no": LONG}],
    ),
    "reject": (
        "committee",
        "/registration/claims/{claim}/reject",
        [{}, {"reason": SCRIPT}, {"reason": LONG}],
    ),
    "grant": (
        "admin",
        "/admin/roles",
        [
            {},
            {"phone": SCRIPT, "role": "admin", "scope": ""},
            {"phone": "13900000006", "role": "emperor", "scope": ""},
            {"phone": "13900000006", "role": "committee", "scope": SCRIPT},
        ],
    ),
    "roster": (
        "staff",
        "/places/roster/import",
        [
            {"compound": "{compound}"},
            {"compound": "not-a-number", "file": ROSTER},
            {"compound": "{compound}", "file": b""},
            {"compound": "{compound}", "file": b"\xff\xfe\x00garbage\x00"},
            {"compound": "{compound}", "file": ROSTER.decode().encode("utf-16")},
            {"compound": "{compound}", "file": ROSTER + f"9号楼,{SCRIPT},50,,K9,,,\n".encode()},
            {"compound": "{compound}", "file": ROSTER + "9号楼,901,50,,K9,,,\n".encode() * 2},
        ],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_malformed_input_is_refused_and_changes_nothing(client, world, db, name):
    who, url, payloads = CASES[name]
    claim = claim_unit(world.resident, world.compound_a.buildings[0].units[0], "CERT")
    db.session.commit()
    login(client, getattr(world, who) if who else None)
    ids = {
        "unit": world.compound_a.buildings[0].units[1].id,
        "claim": claim.id,
        "compound": world.compound_a.id,
    }
    before = _row_counts()
    for payload in payloads:
        data = {
            key: _file(value) if key == "file" else value.format(**ids) if isinstance(value, str) else value
            for key, value in payload.items()
        }
        response = client.post(url.format(**ids), data=data, content_type="multipart/form-data")
        page = response.get_data(as_text=True)
        assert response.status_code in (400, 422), (payload, response.status_code)
        assert SCRIPT not in page, payload
        assert 'lang="zh-CN"' in page and ("is-invalid" in page or "alert-danger" in page), payload
        assert _row_counts() == before, payload
