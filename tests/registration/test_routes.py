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


def test_the_compound_to_claim_in_is_found_a_page_at_a_time(client, world, db):
    """A district has hundreds of compounds: the first step pages and searches them as the home
    page does (a search's wildcards are taken literally), in the same few statements."""
    from portal.places.models import Compound
    from tests.conftest import count_queries

    for n in range(25):
        db.session.add(Compound(name=f"新建小区{n:02d}", community=world.community))
    db.session.commit()
    login(client, world.resident)
    with count_queries(db.engine) as counted:
        first = client.get("/registration/compounds").data.decode()
    assert "新建小区00" in first and "新建小区24" not in first and "?page=2" in first
    assert counted() <= 5
    assert "新建小区24" in client.get("/registration/compounds?page=2").data.decode()
    found = client.get("/registration/compounds?q=雅居").data.decode()
    assert "文宴雅居" in found and "新建小区" not in found
    assert "没有找到相符的小区" in client.get("/registration/compounds?q=%25").data.decode()
    assert client.get("/registration/compounds?page=9").headers["Location"].endswith("?page=2")


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
    assert "名册登记的业主是张三" in queue and 'name="certificate_checked"' in queue
    refused = client.post(f"/registration/claims/{claim.id}/verify", follow_redirects=True).data.decode()
    assert "核对权属证书" in refused
    assert db.session.get(UnitClaim, claim.id).status == ClaimStatus.PENDING
    checked = {"certificate_checked": "y"}
    assert client.post(f"/registration/claims/{claim.id}/verify", data=checked).status_code == 302
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
    assert (
        client.post(f"/registration/claims/{claim.id}/verify", data={"certificate_checked": "y"}).status_code
        == 302
    )
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
    client.post(f"/registration/claims/{claim.id}/verify", data={"certificate_checked": "y"})
    record = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "claim_verified")).one()
    assert record.actor_id == world.committee.id
    assert record.before["status"] == "pending" and record.after["status"] == "verified"


def test_the_verified_owner_is_told_and_puts_a_stranger_on_hold(client, world, db):
    from portal.notifications.models import Notification
    from tests.conftest import make_user

    unit = _first_unit(world)
    owner = make_user("13700000201", "张三")
    claim_unit(owner, unit, "CERT-1")
    db.session.commit()
    login(client, world.committee)
    [first] = db.session.scalars(select(UnitClaim).where(UnitClaim.user_id == owner.id)).all()
    client.post(f"/registration/claims/{first.id}/verify")
    stranger = make_user("13700000202", "刘洋")
    claim = claim_unit(stranger, unit, "INVENTED")
    db.session.commit()
    assert db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == owner.id, Notification.kind == "unit_claimed"
        )
    )
    # The reviewer sees that the unit has a verified owner and whose name the roster gives.
    queue = client.get(f"/registration/review/{world.compound_a.id}").data.decode()
    assert "该房屋已有核验通过的业主：张三" in queue and "名册登记的业主是张三，而不是刘洋" in queue
    # The owner sees it on the home page and on "my units", and answers "not known".
    login(client, owner)
    assert "刘洋认领了您的房屋" in client.get("/").data.decode()
    page = client.get("/registration/").data.decode()
    assert "他人认领您的房屋" in page and 'value="not_known"' in page
    login(client, world.resident)  # not an owner of the unit: cannot answer
    assert (
        client.post(f"/registration/claims/{claim.id}/answer", data={"answer": "not_known"}).status_code
        == 404
    )
    login(client, owner)
    assert client.post(f"/registration/claims/{claim.id}/answer", data={"answer": "bogus"}).status_code == 400
    client.post(f"/registration/claims/{claim.id}/answer", data={"answer": "not_known"})
    assert db.session.get(UnitClaim, claim.id).status == ClaimStatus.ON_HOLD
    assert "您的答复：不认识" in client.get("/registration/").data.decode()
    # On hold: the reviewer sees the answer and cannot verify until they have looked again.
    login(client, world.committee)
    held = client.get(f"/registration/review/{world.compound_a.id}?status=on_hold").data.decode()
    assert "已核验业主张三表示不认识该申请人" in held and "已复查：恢复待核验" in held
    assert "暂缓 1 件" in client.get("/registration/review").data.decode()  # the overview counts it too
    client.post(f"/registration/claims/{claim.id}/verify", data={"certificate_checked": "y"})
    assert db.session.get(UnitClaim, claim.id).status == ClaimStatus.ON_HOLD
    client.post(f"/registration/claims/{claim.id}/release")
    assert db.session.get(UnitClaim, claim.id).status == ClaimStatus.PENDING
    again = client.get(f"/registration/claims/{claim.id}").data.decode()
    assert "已核验业主张三表示不认识该申请人" in again and 'name="certificate_checked"' in again
