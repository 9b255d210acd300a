"""The claim journey over HTTP, the reviewers' queue, and what others cannot do."""

from sqlalchemy import func, select

from portal.audit import AuditRecord
from portal.registration.models import ClaimStatus, UnitClaim
from portal.registration.services import claim_unit
from tests.conftest import login


def _first_unit(world, compound=None):
    return (compound or world.compound_a).buildings[0].units[0]


def test_resident_finds_and_claims_a_unit(client, world):
    login(client, world.resident)
    unit = _first_unit(world)
    assert "文宴雅居" in client.get("/registration/compounds?q=文宴").data.decode()
    assert "1号楼" in client.get(f"/registration/compounds/{world.compound_a.id}/buildings").data.decode()
    assert unit.name in client.get(f"/registration/buildings/{unit.building_id}/units").data.decode()
    response = client.post(f"/registration/units/{unit.id}/claim", data={"certificate_no": "豫(2021)第1号"})
    assert response.status_code == 302
    page = client.get("/registration/").data.decode()
    assert "待核验" in page and "豫(2021)第1号" in page


def test_empty_or_overlong_certificate_is_refused(client, world, db):
    login(client, world.resident)
    unit = _first_unit(world)
    for value in ("", "   ", "x" * 65):
        response = client.post(f"/registration/units/{unit.id}/claim", data={"certificate_no": value})
        assert response.status_code == 422 and "is-invalid" in response.data.decode()
    assert db.session.scalar(select(func.count(UnitClaim.id))) == 0


def test_claiming_twice_shows_an_error(client, world, db):
    login(client, world.resident)
    unit = _first_unit(world)
    client.post(f"/registration/units/{unit.id}/claim", data={"certificate_no": "A"})
    response = client.post(f"/registration/units/{unit.id}/claim", data={"certificate_no": "B"})
    assert response.status_code == 422 and "您已认领过该房屋" in response.data.decode()
    assert db.session.scalar(select(func.count(UnitClaim.id))) == 1


def test_committee_verifies_from_the_queue(client, world, db):
    claim = claim_unit(world.resident, _first_unit(world), "CERT")
    db.session.commit()
    login(client, world.committee)
    queue = client.get(f"/registration/review/{world.compound_a.id}").data.decode()
    assert world.resident.name in queue and "CERT" in queue
    assert "张三, 13800000011" in queue  # the roster's owner, to compare with the claimant
    assert client.post(f"/registration/claims/{claim.id}/verify").status_code == 302
    assert db.session.get(UnitClaim, claim.id).status == ClaimStatus.VERIFIED
    verified = client.get(f"/registration/review/{world.compound_a.id}?status=verified").data.decode()
    assert world.resident.name in verified
    assert client.get(f"/registration/review/{world.compound_a.id}?status=bogus").status_code == 404
    # Deciding again is refused with a message, and nothing changes.
    response = client.post(
        f"/registration/claims/{claim.id}/reject", data={"reason": "晚了"}, follow_redirects=True
    )
    assert "该申请已处理完毕" in response.data.decode()
    assert db.session.get(UnitClaim, claim.id).status == ClaimStatus.VERIFIED


def test_rejecting_needs_a_reason(client, world, db):
    claim = claim_unit(world.resident, _first_unit(world), "CERT")
    db.session.commit()
    login(client, world.committee)
    assert client.post(f"/registration/claims/{claim.id}/reject", data={"reason": ""}).status_code == 422
    assert (
        client.post(f"/registration/claims/{claim.id}/reject", data={"reason": "x" * 501}).status_code == 422
    )
    assert db.session.get(UnitClaim, claim.id).status == ClaimStatus.PENDING
    assert (
        client.post(f"/registration/claims/{claim.id}/reject", data={"reason": "证书号不符"}).status_code
        == 302
    )
    login(client, world.resident)
    page = client.get("/registration/").data.decode()
    assert "已驳回" in page and "证书号不符" in page


def test_staff_verify_where_there_is_no_committee(client, world, db):
    claim = claim_unit(world.resident, _first_unit(world, world.compound_c), "CERT")
    db.session.commit()
    login(client, world.staff)
    assert client.post(f"/registration/claims/{claim.id}/verify").status_code == 302
    assert db.session.get(UnitClaim, claim.id).status == ClaimStatus.VERIFIED


def test_fred_cannot_see_or_decide_another_compounds_claims(client, world, db):
    claim = claim_unit(world.resident, _first_unit(world), "CERT")
    db.session.commit()
    login(client, world.fred)
    assert client.get(f"/registration/claims/{claim.id}").status_code == 404
    assert client.post(f"/registration/claims/{claim.id}/verify").status_code == 404
    assert client.post(f"/registration/claims/{claim.id}/reject", data={"reason": "x"}).status_code == 404
    assert client.get(f"/registration/review/{world.compound_a.id}").status_code == 403
    assert world.resident.name not in client.get("/registration/review").data.decode()
    assert db.session.get(UnitClaim, claim.id).status == ClaimStatus.PENDING


def test_missing_objects_are_404(client, world):
    login(client, world.committee)
    for url in ("/registration/claims/99999", "/registration/units/99999/claim", "/places/compounds/99999"):
        assert client.get(url).status_code == 404


def test_decisions_are_audited(client, world, db):
    claim = claim_unit(world.resident, _first_unit(world), "CERT")
    db.session.commit()
    login(client, world.committee)
    client.post(f"/registration/claims/{claim.id}/verify")
    record = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "claim_verified")).one()
    assert record.actor_id == world.committee.id
    assert record.before["status"] == "pending" and record.after["status"] == "verified"
