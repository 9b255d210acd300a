"""`flask users create` and `flask users grant`."""

from sqlalchemy import select

from portal.audit import AuditRecord
from portal.auth.models import Role, User


def test_create_with_a_prompted_password(app, db):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--phone", "13812345678", "--name", "张三"],
        input="mei4hua8jie\nmei4hua8jie\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.phone == "13812345678"))
    assert user.check_password("mei4hua8jie")


def test_create_refuses_a_weak_password(app, db):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--phone", "13812345678", "--name", "张三", "--password", "weak"]
    )
    assert result.exit_code != 0
    assert db.session.scalar(select(User)) is None


def test_grant_each_role_on_its_scope(app, world, db):
    runner = app.test_cli_runner()
    phone = world.resident.phone
    cases = [
        ["committee", "--compound", "文宴雅居"],
        ["community_staff", "--community", "南关社区"],
        ["mediator", "--street", "南关街道办事处"],
        ["admin"],
    ]
    for args in cases:
        result = runner.invoke(args=["users", "grant", phone, *args])
        assert result.exit_code == 0, result.output
    db.session.expire_all()
    roles = {grant.role for grant in db.session.get(User, world.resident.id).grants}
    assert roles == set(Role)
    audited = db.session.scalars(
        select(AuditRecord).where(
            AuditRecord.action == "role_granted", AuditRecord.after["user"].as_string() == phone
        )
    ).all()
    assert len(audited) == 4


def test_grant_needs_the_right_scope(app, world):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "grant", world.resident.phone, "committee"]).exit_code != 0
    assert (
        runner.invoke(
            args=["users", "grant", world.resident.phone, "committee", "--compound", "无此小区"]
        ).exit_code
        != 0
    )
    assert runner.invoke(args=["users", "grant", "13000000000", "admin"]).exit_code != 0
    assert runner.invoke(args=["users", "grant", world.resident.phone, "king"]).exit_code != 0
