"""Establishing the assembly: signatures with the running share, the preparatory group, the
published roster, and establishment by the first meeting's final announcement."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.assembly.establishment import (
    application_share,
    form_preparatory_group,
    group_deadline,
    publish_roster,
    sign_application,
)
from portal.assembly.models import AssemblyStatus
from portal.assembly.services import cast_online, finalise, publish, settings_of
from portal.auth.models import Role, RoleGrant
from portal.errors import DomainError
from tests.assembly.conftest import NOW
from tests.conftest import login, make_user


def test_owners_sign_and_the_share_counts_groups_once(db, world, owners):
    a = world.compound_a
    sign_application(a, owners["C3"], now=NOW)
    sign_application(a, owners["C3b"], now=NOW + timedelta(days=1))  # co-owner: same group
    sign_application(a, owners["A1"], now=NOW + timedelta(days=2))
    share = application_share(a)
    assert (share.owners, share.area_hundredths) == (2, 9000 + 14075)
    assert (share.total_owners, share.total_area_hundredths) == (4, 46475)
    assembly = settings_of(a)
    assert assembly.applied_at == NOW and group_deadline(assembly) == NOW + timedelta(days=60)
    with pytest.raises(DomainError):
        sign_application(a, owners["A1"])
    with pytest.raises(DomainError):
        sign_application(a, world.resident)  # not an owner


def test_the_group_is_odd_and_half_owners_and_gets_preparatory_grants(db, world, owners):
    a = world.compound_a
    outsider, other = make_user("13500000010", "街道干部"), make_user("13500000011", "社区干部")
    with pytest.raises(DomainError):
        form_preparatory_group(a, [owners["A1"]], actor=world.staff)  # nobody has applied yet
    sign_application(a, owners["C3"], now=NOW)
    with pytest.raises(DomainError):
        form_preparatory_group(a, [owners["A1"], owners["B2"]], actor=world.staff)  # even
    with pytest.raises(DomainError):
        form_preparatory_group(a, [owners["A1"], outsider, other], actor=world.staff)  # 1 of 3 owners
    form_preparatory_group(a, [owners["A1"], owners["B2"], outsider], actor=world.staff, now=NOW)
    assembly = settings_of(a)
    assert assembly.status == AssemblyStatus.PREPARING and assembly.preparing_since == NOW
    grants = db.session.scalars(
        select(RoleGrant).where(RoleGrant.compound_id == a.id, RoleGrant.preparatory)
    ).all()
    assert {g.user_id for g in grants} == {owners["A1"].id, owners["B2"].id, outsider.id}
    assert all(g.role == Role.COMMITTEE for g in grants)
    with pytest.raises(DomainError):
        form_preparatory_group(a, [owners["C3"]], actor=world.staff)


def test_the_roster_is_published_and_the_first_final_meeting_establishes(app, db, world, owners, new_meeting):
    a = world.compound_a
    with pytest.raises(DomainError):
        publish_roster(a, actor=world.committee)  # no preparatory group yet
    sign_application(a, owners["B2"], now=NOW)
    form_preparatory_group(a, [owners["A1"]], actor=world.staff, now=NOW)
    meeting = new_meeting()
    with app.test_request_context(), pytest.raises(DomainError):
        publish(meeting, actor=owners["A1"], now=NOW)  # the roster is not published yet
    publish_roster(a, actor=owners["A1"], now=NOW)
    assembly = settings_of(a)
    assert (assembly.roster_owners, assembly.roster_area_hundredths) == (4, 46475)
    with app.test_request_context():
        publish(meeting, actor=owners["A1"], now=NOW)
    cast_online(meeting, owners["B2"], {meeting.items[0].id: "agree"}, now=meeting.voting_opens_at)
    with app.test_request_context():
        finalise(meeting, actor=owners["A1"], now=meeting.voting_closes_at + timedelta(days=7))
    assert assembly.status == AssemblyStatus.ESTABLISHED and assembly.established_at is not None


def test_establishment_pages(client, db, world, owners):
    a = world.compound_a
    page = client.get(f"/assembly/compounds/{a.id}/establishment").get_data(as_text=True)
    assert "尚未成立" in page
    login(client, owners["A1"])
    assert client.post(f"/assembly/compounds/{a.id}/establishment/sign").status_code == 302
    assert "您已在申请书上签名" in client.get(f"/assembly/compounds/{a.id}/establishment").get_data(
        as_text=True
    )
    login(client, world.fred)
    assert (
        client.post(f"/assembly/compounds/{a.id}/establishment/group", data={"phones": "x"}).status_code
        == 403
    )
    login(client, world.staff)
    missing = client.post(
        f"/assembly/compounds/{a.id}/establishment/group",
        data={"phones": "13000000000"},
        follow_redirects=True,
    )
    assert "13000000000" in missing.get_data(as_text=True)
    phones = "\n".join([owners["A1"].phone, owners["B2"].phone, world.resident.phone])
    assert (
        client.post(f"/assembly/compounds/{a.id}/establishment/group", data={"phones": phones}).status_code
        == 302
    )
    assert settings_of(a).status == AssemblyStatus.PREPARING
    assert "筹备组工作中" in client.get(f"/places/compounds/{a.id}").get_data(as_text=True)


def test_the_committee_sets_the_notice_and_objection_periods(app, client, db, world, new_meeting):
    login(client, world.committee)
    url = f"/assembly/compounds/{world.compound_a.id}/settings"
    assert (
        client.post(url, data={"notice_days": "14", "objection_days": "7", "paper_days": "2"}).status_code
        == 302
    )
    assert settings_of(world.compound_a).notice_days == 15  # 14 is below the law and refused
    assert (
        client.post(url, data={"notice_days": "20", "objection_days": "10", "paper_days": "3"}).status_code
        == 302
    )
    assembly = settings_of(world.compound_a)
    assert (assembly.notice_days, assembly.objection_days, assembly.paper_days) == (20, 10, 3)
    meeting = new_meeting(opens_in=19, paper_days=3)
    with app.test_request_context(), pytest.raises(DomainError):
        publish(meeting, actor=world.committee, now=NOW)
    later = new_meeting(opens_in=20, paper_days=3)
    assert later.objection_days == 10 and later.counted_at == later.voting_closes_at + timedelta(days=3)
    login(client, world.fred)
    assert client.post(url, data={"notice_days": "30", "objection_days": "7"}).status_code == 403
