"""Fixtures of the forum: residents of compound A (甲 and 乙 verified, 丙 pending), 戊 of compound B,
and a topic by 甲."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from portal.forum import services
from portal.forum.models import ForumCategory
from portal.registration.services import claim_unit, verify_claim
from tests.conftest import make_user
from tests.meetings import unit_named

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


@pytest.fixture
def people(db, world):
    a = world.compound_a
    found = {name: make_user(f"1360000000{n}", name) for n, name in enumerate("甲丙戊乙", start=1)}
    verify_claim(
        claim_unit(found["甲"], unit_named(a, "1号楼", "101"), "CERT"),
        world.committee,
        certificate_checked=True,
    )
    verify_claim(
        claim_unit(found["乙"], unit_named(a, "1号楼", "201"), "CERT"),
        world.committee,
        certificate_checked=True,
    )
    claim_unit(found["丙"], unit_named(a, "2号楼", "101"), "CERT")
    claim_unit(found["戊"], unit_named(world.compound_b, "1号楼", "101"), "CERT")
    db.session.commit()
    return found


@pytest.fixture
def topic(db, world, people):
    post = services.create_topic(
        world.compound_a,
        author=people["甲"],
        category=ForumCategory.PARKING,
        title="晚上车停满了",
        body="北门每天晚上停满，消防通道被占。",
        now=NOW,
    )
    db.session.commit()
    return post
