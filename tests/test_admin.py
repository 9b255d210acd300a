"""The operator's pages: grant and revoke roles, read the audit trail."""

from sqlalchemy import select

from portal.audit import AuditRecord
from portal.auth.models import Role, RoleGrant
from tests.conftest import login


def test_admin_grants_and_revokes_a_role(client, world, db):
    login(client, world.admin)
    response = client.post(
        "/admin/roles",
        data={"phone": world.resident.phone, "role": "committee", "scope": f"compound:{world.compound_c.id}"},
    )
    assert response.status_code == 302
    grant = db.session.scalar(select(RoleGrant).where(RoleGrant.user_id == world.resident.id))
    assert grant.role == Role.COMMITTEE and grant.compound_id == world.compound_c.id
    assert client.post(f"/admin/roles/{grant.id}/revoke").status_code == 302
    assert db.session.scalar(select(RoleGrant).where(RoleGrant.user_id == world.resident.id)) is None
    actions = db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id.desc()).limit(2)).all()
    assert actions == ["role_revoked", "role_granted"]


def test_a_role_on_the_wrong_kind_of_place_is_refused(client, world, db):
    login(client, world.admin)
    for scope in ("", f"community:{world.community.id}", "compound:99999", "nonsense"):
        response = client.post(
            "/admin/roles", data={"phone": world.resident.phone, "role": "committee", "scope": scope}
        )
        assert response.status_code == 422
    response = client.post("/admin/roles", data={"phone": "13000000000", "role": "admin", "scope": ""})
    assert response.status_code == 422
    assert db.session.scalar(select(RoleGrant).where(RoleGrant.user_id == world.resident.id)) is None


def test_audit_trail_lists_changes(client, world):
    login(client, world.admin)
    page = client.get("/admin/audit").data.decode()
    assert "命令行</strong> 授予 13900000002 文宴雅居的业主委员会委员角色" in page
    assert "命令行</strong> 导入了 文宴雅居 的名册：新增 6 户，变更 0 户" in page
    filtered = client.get("/admin/audit?action=roster_imported").data.decode()
    assert "导入了 文宴雅居 的名册" in filtered and "授予 13900000002" not in filtered


def test_an_admin_cannot_revoke_their_own_admin_role(client, world, db):
    login(client, world.admin)
    own = next(grant for grant in world.admin.grants if grant.role == Role.ADMIN)
    response = client.post(f"/admin/roles/{own.id}/revoke", follow_redirects=True)
    assert "不能撤销自己的管理员角色" in response.data.decode()
    assert db.session.get(RoleGrant, own.id) is not None
