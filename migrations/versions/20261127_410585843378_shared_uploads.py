"""Shared uploads: every stored file gets a row in `uploads`; the assembly's attachments keep
what they belong to (meeting, item, owner group, purpose) and point at their upload.

Each existing attachment becomes an upload with the same id and the same stored name, so files
stay where they are. The SHA-256 is computed from the file when it is in UPLOAD_FOLDER.

Revision ID: 410585843378
Revises: 7a2c41d9e0b3
Create Date: 2026-11-27 18:20:50.066277

"""

import hashlib
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from flask import current_app

# revision identifiers, used by Alembic.
revision = "410585843378"
down_revision = "7a2c41d9e0b3"
branch_labels = None
depends_on = None

#: The file columns attachments had before uploads were shared, and their types.
OLD_COLUMNS = {
    "original_name": sa.String(length=200),
    "stored_name": sa.String(length=64),
    "content_type": sa.String(length=50),
    "size": sa.Integer(),
    "uploaded_by_id": sa.Integer(),
}


def _sha256(stored_name: str) -> str | None:
    path = Path(current_app.config["UPLOAD_FOLDER"]) / stored_name
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _copy_attachments_to_uploads() -> None:
    connection = op.get_bind()
    columns = ", ".join([*OLD_COLUMNS, "created_at"])
    connection.execute(sa.text(f"INSERT INTO uploads (id, {columns}) SELECT id, {columns} FROM attachments"))
    for upload_id, stored_name in connection.execute(sa.text("SELECT id, stored_name FROM uploads")).all():
        if digest := _sha256(stored_name):
            connection.execute(
                sa.text("UPDATE uploads SET sha256 = :digest WHERE id = :id"),
                {"digest": digest, "id": upload_id},
            )
    if connection.dialect.name == "postgresql":
        connection.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence('uploads', 'id'),"
                " (SELECT COALESCE(MAX(id), 0) + 1 FROM uploads), false)"
            )
        )
    connection.execute(sa.text("UPDATE attachments SET upload_id = id"))


def upgrade():
    op.create_table(
        "uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=50), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_uploads_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uploads")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_uploads_stored_name")),
    )
    with op.batch_alter_table("attachments") as batch_op:
        batch_op.add_column(sa.Column("upload_id", sa.Integer(), nullable=True))
    _copy_attachments_to_uploads()
    with op.batch_alter_table("attachments") as batch_op:
        batch_op.alter_column("upload_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint("uq_attachments_stored_name", type_="unique")
        batch_op.drop_constraint("fk_attachments_uploaded_by_id_users", type_="foreignkey")
        batch_op.create_unique_constraint(batch_op.f("uq_attachments_upload_id"), ["upload_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_attachments_upload_id_uploads"), "uploads", ["upload_id"], ["id"]
        )
        for column in OLD_COLUMNS:
            batch_op.drop_column(column)


def downgrade():
    with op.batch_alter_table("attachments") as batch_op:
        for column, kind in OLD_COLUMNS.items():
            batch_op.add_column(sa.Column(column, kind, nullable=True))
    copied = ", ".join(
        f"{c} = (SELECT u.{c} FROM uploads u WHERE u.id = attachments.upload_id)" for c in OLD_COLUMNS
    )
    op.execute(f"UPDATE attachments SET {copied}")
    with op.batch_alter_table("attachments") as batch_op:
        for column, kind in OLD_COLUMNS.items():
            if column != "uploaded_by_id":
                batch_op.alter_column(column, existing_type=kind, nullable=False)
        batch_op.drop_constraint("fk_attachments_upload_id_uploads", type_="foreignkey")
        batch_op.drop_constraint("uq_attachments_upload_id", type_="unique")
        batch_op.create_foreign_key(
            "fk_attachments_uploaded_by_id_users", "users", ["uploaded_by_id"], ["id"]
        )
        batch_op.create_unique_constraint("uq_attachments_stored_name", ["stored_name"])
        batch_op.drop_column("upload_id")
    op.drop_table("uploads")
