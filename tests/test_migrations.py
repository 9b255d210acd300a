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


ROWS_BEFORE_ELECTORATES = [
    *ROWS_BEFORE_FIGURES,
    "INSERT INTO users (id, phone, name, password_hash, active, created_at, session_token)"
    " VALUES (1, '13900000001', 'U', 'x', true, '2026-01-01', 't')",
    "INSERT INTO unit_claims (id, user_id, unit_id, compound_id, certificate_no, status, reason, created_at)"
    " VALUES (1, 1, 3, 1, 'C', 'verified', '', '2026-01-01')",
    "INSERT INTO meetings (id, compound_id, title, kind, form, status, voting_opens_at, voting_closes_at,"
    " announced_at, objection_days, total_area_hundredths, total_owners, cancel_reason, created_at)"
    " VALUES (1, 1, 'M', 'regular', 'written', 'announced', '2026-02-01', '2026-02-10', '2026-01-10',"
    " 7, 8525, 2, '', '2026-01-01')",
    "INSERT INTO meeting_items (id, meeting_id, number, title, description, matter)"
    " VALUES (1, 1, 1, 'I', '', 'covenant')",
    "INSERT INTO meeting_owners (id, meeting_id, owner_key, owner_name, units, area_hundredths)"
    " VALUES (7, 1, 'K', '', 'B 101、B 102', 7525), (8, 1, 'L', '', 'B 103', 1000)",
    "INSERT INTO ballots (id, meeting_id, item_id, meeting_owner_id, choice, channel, proxy_name, receipt,"
    " cast_at) VALUES (1, 1, 1, 8, 'agree', 'online', '', 'R', '2026-02-02')",
]


def test_the_electorate_migration_keeps_frozen_rosters_and_ballots(empty_database):
    from sqlalchemy import text as sql

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade(revision="bbf6d5db77d0")
        with db.engine.begin() as connection:
            for statement in ROWS_BEFORE_ELECTORATES:
                connection.execute(sql(statement))
        upgrade(revision="5e1ec7047a7e")
        with db.engine.connect() as connection:
            one = connection.execute(sql("SELECT total_area_hundredths, total_owners FROM electorates")).one()
            assert tuple(one) == (8525, 2)
            groups = connection.execute(sql("SELECT id, owner_key FROM electorate_groups ORDER BY id")).all()
            assert [tuple(g) for g in groups] == [(7, "K"), (8, "L")]
            assert connection.execute(sql("SELECT group_id FROM ballots")).scalar() == 8
            units = connection.execute(sql("SELECT unit_id, group_id FROM electorate_units ORDER BY unit_id"))
            assert [tuple(u) for u in units] == [(1, 7), (2, 7), (3, 8)]
            holders = connection.execute(sql("SELECT user_id, group_id FROM electorate_holders")).all()
            assert [tuple(h) for h in holders] == [(1, 8)]
        downgrade(revision="bbf6d5db77d0")
        with db.engine.connect() as connection:
            assert connection.execute(sql("SELECT meeting_owner_id FROM ballots")).scalar() == 8


SHARED_UPLOADS = "410585843378"
KEPT, LOST = "aa11" * 8, "bb22" * 8
ROWS_BEFORE_SHARED_UPLOADS = [
    *ROWS_BEFORE_FIGURES[:3],
    "INSERT INTO users (id, phone, name, password_hash, active, created_at)"
    " VALUES (1, '13900000002', 'U', 'x', TRUE, '2026-01-01')",
    "INSERT INTO meetings (id, compound_id, title, kind, form, status, voting_opens_at, voting_closes_at,"
    " counted_at, objection_days, cancel_reason, created_at) VALUES (1, 1, 'M', 'regular', 'written',"
    " 'draft', '2026-02-01', '2026-02-10', '2026-02-10', 7, '', '2026-01-01')",
    "INSERT INTO attachments (id, meeting_id, purpose, original_name, stored_name, content_type, size,"
    " uploaded_by_id, created_at) VALUES"
    f" (4, 1, 'item', '议题说明.pdf', '{KEPT}', 'application/pdf', 6, 1, '2026-01-02'),"
    f" (9, 1, 'item', '图.png', '{LOST}', 'image/png', 10, NULL, '2026-01-03')",
]
FILE_COLUMNS = "original_name, stored_name, content_type, size, uploaded_by_id"


def test_the_shared_uploads_migration_keeps_each_attachment_s_file(empty_database, tmp_path):
    """Each attachment becomes an upload with the same id and stored name (the file stays where
    it is, its SHA-256 read when it is there); downgrading puts the file columns back."""
    import hashlib

    from alembic.script import ScriptDirectory
    from sqlalchemy import text as sql

    (tmp_path / KEPT).write_bytes(b"%PDF-1")
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database, "UPLOAD_FOLDER": str(tmp_path)}
    )
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        before = ScriptDirectory.from_config(config).get_revision(SHARED_UPLOADS).down_revision
        upgrade(revision=before)
        with db.engine.begin() as connection:
            for statement in ROWS_BEFORE_SHARED_UPLOADS:
                connection.execute(sql(statement))
        upgrade(revision=SHARED_UPLOADS)
        with db.engine.begin() as connection:
            uploads = connection.execute(sql(f"SELECT id, {FILE_COLUMNS}, sha256 FROM uploads ORDER BY id"))
            assert [tuple(row) for row in uploads] == [
                (4, "议题说明.pdf", KEPT, "application/pdf", 6, 1, hashlib.sha256(b"%PDF-1").hexdigest()),
                (9, "图.png", LOST, "image/png", 10, None, None),
            ]
            links = connection.execute(sql("SELECT id, upload_id FROM attachments ORDER BY id"))
            assert [tuple(row) for row in links] == [(4, 4), (9, 9)]
            connection.execute(
                sql(
                    "INSERT INTO uploads (stored_name, original_name, content_type, size, created_at)"
                    f" VALUES ('{'cc33' * 8}', 'n.pdf', 'application/pdf', 1, '2026-01-04')"
                )
            )  # new uploads get ids after the copied ones (PostgreSQL's sequence was moved on)
            assert connection.execute(sql("SELECT MAX(id) FROM uploads")).scalar() == 10
            connection.execute(sql("DELETE FROM uploads WHERE id = 10"))
        downgrade(revision=before)
        with db.engine.connect() as connection:
            rows = connection.execute(sql(f"SELECT id, {FILE_COLUMNS} FROM attachments ORDER BY id"))
            assert [tuple(row) for row in rows] == [
                (4, "议题说明.pdf", KEPT, "application/pdf", 6, 1),
                (9, "图.png", LOST, "image/png", 10, None),
            ]
        downgrade(revision="base")
        db.engine.dispose()
