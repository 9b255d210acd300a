"""Fixtures of meetings, for the assembly's tests and the ground floor's (workflow, electorate):
verified owners of compound A and a draft-meeting factory. Loaded for every test by
tests/conftest.py (`pytest_plugins`)."""

from datetime import UTC, datetime, timedelta

import pytest

from portal.assembly.models import MeetingForm, MeetingKind
from portal.assembly.rules import Matter
from portal.assembly.services import ItemDraft, create_meeting
from portal.places.models import Unit
from portal.registration.services import claim_unit, verify_claim
from tests.conftest import make_user

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def unit_named(compound, building: str, name: str) -> Unit:
    return next(u for b in compound.buildings if b.name == building for u in b.units if u.name == name)


@pytest.fixture
def owners(db, world):
    """Verified owners of compound A: 甲 for A1 (two units), 乙 for B2, 丙 and 丁 co-owning C3."""
    a = world.compound_a
    people = {
        "A1": make_user("13600000001", "甲"),
        "B2": make_user("13600000002", "乙"),
        "C3": make_user("13600000003", "丙"),
        "C3b": make_user("13600000004", "丁"),
    }
    units = {"A1": ("1号楼", "101"), "B2": ("1号楼", "201"), "C3": ("2号楼", "101"), "C3b": ("2号楼", "101")}
    for key, user in people.items():
        verify_claim(
            claim_unit(user, unit_named(a, *units[key]), "CERT"), world.committee, certificate_checked=True
        )
    db.session.commit()
    return people


@pytest.fixture
def new_meeting(db, world):
    """Create a draft meeting of compound A whose vote opens 20 days after NOW for 10 days.
    The compound enters paper ballots for `paper_days` after the close (0 here, so that the
    result is out at the close, unless a test asks for the default days)."""

    def make(matters=(Matter.COVENANT, Matter.FUND_RAISE), opens_in=20, days=10, paper_days=0):
        from portal.assembly.establishment import assembly_of

        assembly_of(world.compound_a).paper_days = paper_days
        opens = NOW + timedelta(days=opens_in)
        return create_meeting(
            world.compound_a,
            title="2026年第一次业主大会",
            kind=MeetingKind.REGULAR,
            form=MeetingForm.WRITTEN,
            opens_at=opens,
            closes_at=opens + timedelta(days=days),
            items=[ItemDraft(f"议题{n}", "说明", matter) for n, matter in enumerate(matters, start=1)],
            actor=world.committee,
        )

    return make


def authorisation():
    """A proxy's written authorisation, as the committee would upload it."""
    import io

    from werkzeug.datastructures import FileStorage

    return FileStorage(io.BytesIO(b"%PDF-1.4\n% authorisation\n"), filename="委托书.pdf")
