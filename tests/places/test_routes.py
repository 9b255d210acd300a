"""Compound page, roster page and the roster upload."""

import io

import pytest
from sqlalchemy import func, select

from portal.places.models import OwnerGroup, Unit
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


def test_gb18030_upload_keeps_the_chinese_names(client, world, db):
    login(client, world.staff)
    data = (ROSTER + "3号楼,301,55.55,,D4,赵六,,\n".encode()).decode().encode("gb18030")
    response = _upload(client, world.compound_a.id, data)
    assert response.status_code == 200 and "新增房屋 1 户" in response.data.decode()
    names = db.session.scalars(
        select(OwnerGroup.owner_name).where(OwnerGroup.compound_id == world.compound_a.id)
    )
    assert "赵六" in set(names)


def test_an_upload_in_another_encoding_is_refused_clearly(client, world):
    login(client, world.staff)
    response = _upload(client, world.compound_a.id, ROSTER.decode().encode("utf-16"))
    assert response.status_code == 422 and "GB18030" in response.data.decode()


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


def test_the_upload_page_says_the_formats_and_limits_before_the_upload(client, world):
    login(client, world.staff)
    page = client.get("/places/roster/import").get_data(as_text=True)
    assert "GB18030" in page and "8 MB" in page and "120,000" in page and "18,000" in page
    assert 'accept=".csv,.xlsx,' in page


ODD_AREAS = ["¹", "1E+999999999", "NaN", "Infinity", "-0", "1.005", "８０.５"]


@pytest.mark.parametrize("area", ODD_AREAS)
def test_an_odd_number_in_an_upload_is_a_row_error(client, world, db, area):
    login(client, world.staff)
    response = _upload(client, world.compound_a.id, ROSTER + f"3号楼,301,{area},,D4,赵六,,\n".encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "第 8 行：area_m2" in page, page
    assert db.session.scalar(select(func.count(Unit.id)).where(Unit.compound_id == world.compound_a.id)) == 6


def test_a_roster_saved_by_excel_as_xlsx(client, world, db):
    from openpyxl import Workbook

    book = Workbook()
    for line in (ROSTER + "3号楼,301,55.55,,D4,赵六,,\n".encode()).decode().splitlines():
        book.active.append(
            [float(cell) if cell.replace(".", "").isdigit() else cell for cell in line.split(",")]
        )
    book.active.append(
        ["3号楼", 302, 80.5, None, "D5", "钱七"]
    )  # numbers typed as numbers, no trailing cells
    data = io.BytesIO()
    book.save(data)
    login(client, world.staff)
    response = _upload(client, world.compound_a.id, data.getvalue(), name="名册.xlsx")
    assert response.status_code == 200 and "新增房屋 2 户" in response.get_data(as_text=True)
    area = db.session.scalar(select(Unit.area_hundredths).where(Unit.name == "302"))
    assert area == 8050


def test_compound_page_shows_its_history_and_courtyards_in_a_fixed_number_of_queries(client, world, db):
    from datetime import date

    from portal.extensions import db as _db
    from portal.places.models import Courtyard, ManagementMode
    from portal.places.services import start_management_period
    from tests.conftest import count_queries

    path = f"/places/compounds/{world.compound_a.id}"
    counts = []
    for year, courtyard in ((2020, "南关三组家属院"), (2022, "南关村小学家属院"), (2024, "南关五组家属院")):
        start_management_period(world.compound_a, ManagementMode.BASIC, f"服务中心{year}", date(year, 1, 1))
        db.session.add(Courtyard(compound=world.compound_a, name=courtyard))
        db.session.commit()
        _db.session.expire_all()
        with count_queries(_db.engine) as counted:
            page = client.get(path).get_data(as_text=True)
        counts.append(counted())
    assert counts[0] == counts[1] == counts[2], counts
    for words in (
        "服务中心2020",
        "服务中心2024",
        "南关三组家属院",
        "南关五组家属院",
        "南关街道办事处",
        "南关社区",
    ):
        assert words in page, words
