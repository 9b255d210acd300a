"""The API of the owners' assembly × every role → the expected status."""

import pytest

from tests.access import API_ROLES, api_access_test, base_ids, expect
from tests.api.test_api import MEETING

ROUTES = [
    (
        "POST",
        "/api/v1/compounds/{a}/meetings",
        expect(403, API_ROLES, anonymous=401, committee=201),
        MEETING,
    ),
    (
        "POST",
        "/api/v1/meetings/{meeting}/publish",
        expect(404, API_ROLES, anonymous=401, committee=422),
        None,
    ),
    (
        "POST",
        "/api/v1/meetings/{meeting}/ballots",
        expect(404, API_ROLES, anonymous=401),
        {"choices": {"1": "agree"}},
    ),
    (
        "POST",
        "/api/v1/meetings/{meeting}/paper-ballots",
        expect(404, API_ROLES, anonymous=401, committee=422),
        {"owner_key": "A1", "channel": "paper", "choices": {"1": "agree"}},
    ),
    ("GET", "/api/v1/meetings/{meeting}/tally", expect(404, API_ROLES, anonymous=401, committee=200), None),
]


@pytest.fixture
def ids(world, db):
    """A draft meeting of compound A whose vote opens too soon to publish it (422)."""
    from datetime import timedelta

    from portal.assembly.models import MeetingForm, MeetingKind
    from portal.assembly.rules import Matter
    from portal.assembly.services import ItemDraft, create_meeting
    from portal.columns import utcnow

    meeting = create_meeting(
        world.compound_a,
        title="会议",
        kind=MeetingKind.REGULAR,
        form=MeetingForm.WRITTEN,
        opens_at=utcnow() + timedelta(days=3),
        closes_at=utcnow() + timedelta(days=10),
        items=[ItemDraft("议题", "", Matter.COVENANT)],
        actor=world.committee,
    )
    db.session.commit()
    return {**base_ids(world, db), "meeting": meeting.id}


test_api_access = api_access_test(ROUTES)
