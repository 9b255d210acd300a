"""API fixtures: bearer tokens for the world's users."""

import pytest

from portal.api.services import issue_token
from tests.assembly.conftest import owners  # noqa: F401  (verified owners of compound A)


@pytest.fixture
def bearer(db):
    """Headers that sign a user in to the API: bearer(user)."""

    def make(user):
        token, _ = issue_token(user)
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return make
