"""Compound page, roster page and the roster upload."""

import io

from sqlalchemy import func, select

from portal.places.models import Unit
from tests.conftest import ROSTER, login


def _upload(client, compound_id, data: bytes, name="roster.csv"):
    return client.post(
        "/places/roster/import",
        data={"compound": str(compound_id), "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_compound_page_shows_the_roster_figures(client, world):
    page = client.get(f"/places/compounds/{world.compound_a.id}").data.decode()
    assert "文宴雅居" in page and "464.75" in page and ">4<" in page and ">6<" in page


def test_roster_page_lists_units_with_owners(client, world):
    login(client, world.committee)
    page = client.get(f"/places/compounds/{world.compound_a.id}/roster").data.decode()
    assert "张三" in page and "80.50" in page and "开发建设单位" in page


def test_staff_upload_a_roster(client, world, db):
    login(client, world.staff)
    data = ROSTER + "3号楼,301,55.55,,D4,赵六,,\n".encode()
    response = _upload(client, world.compound_a.id, data)
    assert response.status_code == 200
    assert "新增房屋 1 户" in response.data.decode()
    assert db.session.scalar(select(func.count(Unit.id)).where(Unit.compound_id == world.compound_a.id)) == 7


def test_bad_upload_lists_errors_and_changes_nothing(client, world, db):
    login(client, world.staff)
    response = _upload(client, world.compound_a.id, ROSTER + "3号楼,301,-1,,D4,,,\n".encode())
    assert response.status_code == 422
    assert "第 8 行" in response.data.decode()
    assert db.session.scalar(select(func.count(Unit.id)).where(Unit.compound_id == world.compound_a.id)) == 6


def test_non_utf8_upload_is_refused_clearly(client, world):
    login(client, world.staff)
    response = _upload(client, world.compound_a.id, ROSTER.decode().encode("gb18030"))
    assert response.status_code == 422 and "UTF-8" in response.data.decode()


def test_staff_cannot_upload_for_another_community(client, world, db):
    login(client, world.staff)
    response = _upload(client, world.compound_b.id, ROSTER + "9号楼,901,50,,Z,,,\n".encode())
    assert response.status_code == 422 and "is-invalid" in response.data.decode()
    assert db.session.scalar(select(func.count(Unit.id)).where(Unit.compound_id == world.compound_b.id)) == 6


def test_upload_without_a_file_is_refused(client, world):
    login(client, world.staff)
    response = client.post("/places/roster/import", data={"compound": str(world.compound_a.id)})
    assert response.status_code == 422 and "is-invalid" in response.data.decode()


def test_upload_over_the_size_limit_is_refused(client, world, app):
    login(client, world.staff)
    huge = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    assert _upload(client, world.compound_a.id, huge).status_code == 413


def test_a_failure_after_writing_leaves_nothing_behind(client, world, db, app, monkeypatch):
    import portal.places.roster as roster

    def broken_audit(*args, **kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(roster.audit, "record", broken_audit)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        login(client, world.staff)
        response = _upload(client, world.compound_a.id, ROSTER + "3号楼,301,55.55,,D4,赵六,,\n".encode())
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert db.session.scalar(select(func.count(Unit.id)).where(Unit.compound_id == world.compound_a.id)) == 6
