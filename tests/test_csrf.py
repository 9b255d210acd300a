"""With CSRF protection on (as in production), every state-changing POST needs the token."""

import re

import pytest
from sqlalchemy import func, select

from portal.auth.models import RoleGrant
from portal.registration.models import ClaimStatus, UnitClaim
from portal.registration.services import claim_unit
from tests.conftest import login


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_post_buttons_without_a_token_are_refused(client, world, db, csrf_on):
    claim = claim_unit(world.resident, world.compound_a.buildings[0].units[0], "CERT")
    db.session.commit()
    login(client, world.committee)
    assert client.post(f"/registration/claims/{claim.id}/verify").status_code == 400
    assert client.post(f"/registration/claims/{claim.id}/reject", data={"reason": "x"}).status_code == 400
    assert db.session.get(UnitClaim, claim.id).status == ClaimStatus.PENDING
    assert client.post("/auth/logout").status_code == 400
    assert client.post("/preferences/language", data={"lang": "en"}).status_code == 400
    login(client, world.admin)
    grants = db.session.scalar(select(func.count(RoleGrant.id)))
    assert client.post(f"/admin/roles/{world.mediator.grants[0].id}/revoke").status_code == 400
    assert db.session.scalar(select(func.count(RoleGrant.id))) == grants


def test_the_page_token_makes_the_button_work(client, world, db, csrf_on):
    claim = claim_unit(world.resident, world.compound_a.buildings[0].units[0], "CERT")
    db.session.commit()
    login(client, world.committee)
    page = client.get(f"/registration/review/{world.compound_a.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(
        f"/registration/claims/{claim.id}/verify", data={"csrf_token": token, "certificate_checked": "y"}
    )
    assert response.status_code == 302
    assert db.session.get(UnitClaim, claim.id).status == ClaimStatus.VERIFIED
