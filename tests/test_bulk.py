"""Bulk inserts for imports: values pass through the column types, a constraint violation is an
IntegrityError, and every column with a Python default must be given."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal import bulk
from portal.audit import AuditRecord
from portal.places.models import AreaSource, Building, Unit, UnitStatus


def test_rows_and_constants_are_stored_through_the_column_types(db, world):
    building = world.compound_a.buildings[0]
    group_id = building.units[0].owner_group_id
    rows = [("901", 1234, AreaSource.SURVEYED), ("902", 1, "contract")]
    columns = ("name", "area_hundredths", "area_source")
    fixed = {"compound_id": world.compound_a.id, "building_id": building.id, "owner_group_id": group_id}
    assert bulk.insert_rows(Unit.__table__, columns, rows, status=UnitStatus.UNSOLD, **fixed) == 2
    stored = db.session.execute(
        select(Unit.name, Unit.area_hundredths, Unit.area_source, Unit.status)
        .where(Unit.name.in_(["901", "902"]))
        .order_by(Unit.name)
    ).all()
    assert stored == [
        ("901", 1234, AreaSource.SURVEYED, UnitStatus.UNSOLD),
        ("902", 1, AreaSource.CONTRACT, UnitStatus.UNSOLD),
    ]


def test_times_are_stored_in_utc(db, world):
    moment = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
    columns = ("action", "subject_type", "created_at")
    bulk.insert_rows(AuditRecord.__table__, columns, [("bulk_test", "Test", moment)])
    assert (
        db.session.scalar(select(AuditRecord.created_at).where(AuditRecord.action == "bulk_test")) == moment
    )


def test_a_duplicate_is_an_integrity_error_and_the_savepoint_keeps_the_rest(db, world):
    building = world.compound_a.buildings[0]
    before = len(building.units)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        bulk.insert_rows(
            Building.__table__, ("name",), [("新楼",), ("新楼",)], compound_id=world.compound_a.id
        )
    assert db.session.scalar(select(Building.id).where(Building.name == "新楼")) is None
    assert len(db.session.scalars(select(Unit).where(Unit.building_id == building.id)).all()) == before


def test_columns_with_python_defaults_must_be_given(db, world):
    with pytest.raises(ValueError, match="created_at"):
        bulk.insert_rows(AuditRecord.__table__, ("action", "subject_type"), [("x", "y")])


def test_nothing_to_insert(db):
    assert bulk.insert_rows(Building.__table__, ("name",), []) == 0
