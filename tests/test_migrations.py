"""The Alembic migrations build exactly the schema the models describe (no drift)."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from portal import create_app
from portal.extensions import db


@pytest.fixture
def empty_database(database_url, tmp_path):
    """A URL of an empty database of the same kind as the suite's."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    base, _, _ = database_url.partition("?")
    schema = f"mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{base}?options=-csearch_path%3D{schema}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def test_migrations_match_the_models(empty_database):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        assert diff == []
        downgrade(revision="base")
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        db.engine.dispose()


ROWS_BEFORE_FIGURES = [
    "INSERT INTO street_offices (id, name, district, created_at) VALUES (1, 'S', '', '2026-01-01')",
    "INSERT INTO communities (id, street_office_id, name, created_at) VALUES (1, 1, 'C', '2026-01-01')",
    "INSERT INTO compounds (id, community_id, name, address, description, created_at)"
    " VALUES (1, 1, 'X', '', '', '2026-01-01')",
    "INSERT INTO buildings (id, compound_id, name) VALUES (1, 1, 'B')",
    "INSERT INTO owner_groups (id, compound_id, owner_key, owner_name, owner_phone)"
    " VALUES (1, 1, 'K', '', ''), (2, 1, 'L', '', '')",
    "INSERT INTO units (id, compound_id, building_id, owner_group_id, name, area_hundredths,"
    " area_source, status) VALUES (1, 1, 1, 1, '101', 5000, 'registered', 'delivered'),"
    " (2, 1, 1, 1, '102', 2525, 'registered', 'delivered'),"
    " (3, 1, 1, 2, '103', 1000, 'registered', 'delivered')",
]


def test_the_roster_figures_migration_fills_existing_compounds(empty_database):
    from sqlalchemy import text as sql

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade(revision="53204f47ba57")
        with db.engine.begin() as connection:
            for statement in ROWS_BEFORE_FIGURES:
                connection.execute(sql(statement))
        upgrade()
        with db.engine.connect() as connection:
            figures = "SELECT roster_units, roster_area_hundredths, roster_owner_groups FROM compounds"
            assert tuple(connection.execute(sql(figures)).one()) == (3, 8525, 2)
        downgrade(revision="base")
        db.engine.dispose()
