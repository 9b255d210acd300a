"""An administrator deactivates an account from the roles page (issue 9): it cannot sign in
any more, and its sessions and API tokens end at once; audited."""

from sqlalchemy import select

from portal.audit import AuditRecord
from portal.auth.models import User
from tests.conftest import login, make_user


def test_an_administrator_deactivates_an_account_and_it_is_signed_out_everywhere(
    app, client, db, world, bearer
):
    target = make_user("13712340001", "要停用的人")
    db.session.commit()
    phone = app.test_client()
    login(phone, target)
    assert phone.get("/auth/profile").status_code == 200
    token = bearer(target)
    assert client.get("/api/v1/me/todo", headers=token).status_code == 200
    login(client, world.admin)
    page = client.get("/admin/roles").get_data(as_text=True)
    assert "停用账号" in page and 'action="/admin/accounts/deactivate"' in page
    response = client.post("/admin/accounts/deactivate", data={"deactivate-phone": "13712340001"})
    assert response.status_code == 302
    assert not db.session.get(User, target.id).active
    assert phone.get("/auth/profile").status_code == 302  # sent to sign in
    assert client.get("/api/v1/me/todo", headers=token).status_code == 401
    record = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "account_deactivated")).one()
    assert record.actor_id == world.admin.id and record.subject_id == target.id


def test_deactivating_is_refused_with_a_message(client, db, world):
    login(client, world.admin)
    for phone, message in (
        ("13799999999", "该手机号尚未注册"),
        (world.admin.phone, "不能停用自己的账号"),
        ("12", None),
    ):
        response = client.post("/admin/accounts/deactivate", data={"deactivate-phone": phone})
        assert response.status_code == 422
        if message:
            assert message in response.get_data(as_text=True)
    assert db.session.get(User, world.admin.id).active
