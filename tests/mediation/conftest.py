"""Fixtures of the mediation station: residents of the world's compounds, a second mediator of
南关 and one of 西关, and a complaint factory."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from werkzeug.datastructures import FileStorage

from portal.auth.models import Role
from portal.auth.services import grant_role
from portal.mediation import services
from portal.mediation.models import Category, Respondent
from portal.registration.services import claim_unit, verify_claim
from tests.conftest import make_user
from tests.meetings import unit_named

#: A fixed "now": Wednesday 25 November 2026, 10:00 in Beijing (no holiday near).
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


@pytest.fixture
def people(db, world):
    """甲 a verified owner of A, 丙 with a pending claim on A, 丁 of C (same street office),
    戊 of B (another street office); 钱 a second mediator of 南关, 孙 a mediator of 西关."""
    a = world.compound_a
    found = {name: make_user(f"1360000000{n}", name) for n, name in enumerate("甲丙丁戊钱孙", start=1)}
    verify_claim(
        claim_unit(found["甲"], unit_named(a, "1号楼", "101"), "CERT"),
        world.committee,
        certificate_checked=True,
    )
    claim_unit(found["丙"], unit_named(a, "2号楼", "101"), "CERT")
    claim_unit(found["丁"], unit_named(world.compound_c, "1号楼", "101"), "CERT")
    claim_unit(found["戊"], unit_named(world.compound_b, "1号楼", "101"), "CERT")
    grant_role(found["钱"], Role.MEDIATOR, world.office)
    grant_role(found["孙"], Role.MEDIATOR, world.other_office)
    db.session.commit()
    return found


@pytest.fixture
def new_complaint(db, world, people):
    """File a complaint of 甲 about compound A (or as someone else, somewhere else)."""

    def make(who="甲", compound=None, category=Category.REPAIRS, now=NOW, files=(), **extra):
        complaint = services.file_complaint(
            people[who],
            compound or world.compound_a,
            category=category,
            respondent=extra.pop("respondent", Respondent.PROPERTY_COMPANY),
            description=extra.pop("description", "楼顶漏水三个月，物业一直不修。"),
            mediation_consent=extra.pop("mediation_consent", True),
            files=files,
            now=now,
            **extra,
        )
        db.session.commit()
        return complaint

    return make


def upload(data: bytes, name: str = "photo.jpg") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)
