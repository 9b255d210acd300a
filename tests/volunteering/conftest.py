"""Fixtures of volunteer service: residents of compound A and an activity factory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from portal.registration.services import claim_unit, verify_claim
from portal.volunteering import services
from portal.volunteering.models import Category
from tests.conftest import make_user
from tests.meetings import unit_named

#: A fixed "now" for services (Tuesday 1 December 2026, 10:00 in Beijing).
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


@pytest.fixture
def residents(db, world):
    """Residents of compound A: 甲 and 乙 verified owners, 丙 with a pending claim; 丁 lives in
    compound C (same community), 戊 in compound B (another community)."""
    a = world.compound_a
    people = {name: make_user(f"1360000000{n}", name) for n, name in enumerate("甲乙丙丁戊", start=1)}
    verify_claim(
        claim_unit(people["甲"], unit_named(a, "1号楼", "101"), "CERT"),
        world.committee,
        certificate_checked=True,
    )
    verify_claim(
        claim_unit(people["乙"], unit_named(a, "1号楼", "201"), "CERT"),
        world.committee,
        certificate_checked=True,
    )
    claim_unit(people["丙"], unit_named(a, "2号楼", "101"), "CERT")
    claim_unit(people["丁"], unit_named(world.compound_c, "1号楼", "101"), "CERT")
    claim_unit(people["戊"], unit_named(world.compound_b, "1号楼", "101"), "CERT")
    db.session.commit()
    return people


@pytest.fixture
def new_activity(db, world):
    """Make an activity of compound A (or of the community with compound=None) whose sessions
    start `days` after NOW at 19:00 Beijing, weekly, each 2 hours, with `capacity` places."""

    def make(capacity=2, sessions=1, days=3, compound="a", min_age=0, consent=True, **extra):
        first = NOW + timedelta(days=days, hours=9)  # 19:00 in Beijing
        drafts = [
            services.SessionDraft(first + timedelta(weeks=n), first + timedelta(weeks=n, hours=2), capacity)
            for n in range(sessions)
        ]
        scope = {"compound": world.compound_a} if compound == "a" else {"community": world.community}
        activity = services.create_activity(
            **scope,
            title=extra.pop("title", "夜间巡逻"),
            category=Category.PATROL,
            place="北门",
            sessions=drafts,
            signup_closes_at=extra.pop("signup_closes_at", drafts[-1].starts_at),
            cancel_closes_at=extra.pop("cancel_closes_at", drafts[-1].starts_at),
            min_age=min_age,
            guardian_consent_required=consent,
            actor=extra.pop("actor", world.staff),
            now=NOW,
        )
        db.session.commit()
        return activity

    return make
