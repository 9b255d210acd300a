"""The committee keeps its contact hours and phone on the compound page."""

from sqlalchemy import select

from portal.audit import AuditRecord
from tests.conftest import login


def test_the_committee_publishes_its_contact_details(client, db, world):
    url = f"/places/compounds/{world.compound_a.id}"
    login(client, world.committee)
    assert "业委会还没有公布联系方式" in client.get(url).get_data(as_text=True)
    data = {"hours": "每周六 9:00–11:00，2号楼一层", "phone": "0374-1234567"}
    assert client.post(f"{url}/contact", data=data).status_code == 302
    login(client, None)
    page = client.get(url).get_data(as_text=True)
    assert "每周六 9:00–11:00，2号楼一层" in page and 'href="tel:03741234567"' in page
    assert "修改联系方式" not in page
    record = db.session.scalars(
        select(AuditRecord).where(AuditRecord.action == "committee_contact_changed")
    ).one()
    assert record.after["phone"] == "0374-1234567" and record.actor_id == world.committee.id


def test_a_bad_phone_is_refused_and_others_cannot_edit(client, db, world):
    url = f"/places/compounds/{world.compound_a.id}/contact"
    login(client, world.committee)
    response = client.post(url, data={"hours": "", "phone": "<script>"})
    assert response.status_code == 422 and "只能填写数字、空格和短横线" in response.get_data(as_text=True)
    login(client, world.fred)
    assert client.post(url, data={"hours": "x", "phone": ""}).status_code == 403
    assert db.session.get(type(world.compound_a), world.compound_a.id).committee_hours == ""


def test_the_roster_refusal_says_why(client, db, world):
    from portal.registration.services import claim_unit, verify_claim

    owner = world.resident
    verify_claim(
        claim_unit(owner, world.compound_a.buildings[0].units[0], "CERT"),
        world.committee,
        certificate_checked=True,
    )
    db.session.commit()
    login(client, owner)
    response = client.get(f"/places/compounds/{world.compound_a.id}/roster")
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and "业主名册载有每位业主的姓名和电话" in page
    assert f'href="/places/compounds/{world.compound_a.id}"' in page
