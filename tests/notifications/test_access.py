"""Every page of notifications × every role → the expected status: each person opens only
their own notifications; the failed deliveries are for administrators."""

import pytest
from sqlalchemy import select

from portal.notifications.models import Notification
from tests.access import LOGIN, OK, REDIRECT, SIGNED_IN, base_ids, expect, page_access_test
from tests.notifications.conftest import tell

ROUTES = [
    ("GET", "/notifications/", SIGNED_IN, None),
    ("GET", "/notifications/{mine}", expect(404, anonymous=LOGIN, claimant=REDIRECT), None),
    ("POST", "/notifications/read-all", expect(REDIRECT, anonymous=LOGIN), {}),
    ("GET", "/notifications/settings", SIGNED_IN, None),
    ("POST", "/notifications/settings", expect(REDIRECT, anonymous=LOGIN), {"email": ""}),
    ("GET", "/notifications/failed", expect(403, anonymous=LOGIN, admin=OK), None),
]


@pytest.fixture
def ids(world, db):
    """A notification of the world's resident (the claimant in the tables)."""
    tell(world.resident)
    db.session.commit()
    return {
        **base_ids(world, db),
        "mine": db.session.scalar(select(Notification.id).where(Notification.user_id == world.resident.id)),
    }


test_access = page_access_test(ROUTES)
