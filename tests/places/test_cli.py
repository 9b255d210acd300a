"""`flask roster import` and `flask roster summary`."""

import json

from sqlalchemy import func, select

from portal.places.models import Compound, Unit
from tests.conftest import ROSTER


def test_import_creates_missing_places_and_summary_prints_json(app, db, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(ROSTER)
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "roster",
            "import",
            str(path),
            "--compound",
            "新小区",
            "--community",
            "新社区",
            "--street",
            "新街道",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "6 created" in result.output
    result = runner.invoke(args=["roster", "summary", "--compound", "新小区", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "compound": "新小区",
        "units": 6,
        "total_area": "464.75",
        "owner_groups": 4,
    }


def test_reimport_reports_unchanged(app, world, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(ROSTER)
    result = app.test_cli_runner().invoke(args=["roster", "import", str(path), "--compound", "文宴雅居"])
    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated, 6 unchanged" in result.output


def test_bad_file_exits_non_zero_with_errors_in_both_languages(app, db, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(ROSTER + "3号楼,301,-1,,X,,,\n".encode())
    result = app.test_cli_runner().invoke(
        args=[
            "roster",
            "import",
            str(path),
            "--compound",
            "新小区",
            "--community",
            "新社区",
            "--street",
            "新街道",
        ]
    )
    assert result.exit_code != 0
    assert "Row 8" in result.output and "第 8 行" in result.output
    assert db.session.scalar(select(func.count(Compound.id))) == 0
    assert db.session.scalar(select(func.count(Unit.id))) == 0


def test_unknown_compound_without_places_is_an_error(app, db, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(ROSTER)
    result = app.test_cli_runner().invoke(args=["roster", "import", str(path), "--compound", "无此小区"])
    assert result.exit_code != 0
    assert "无此小区" in result.output
