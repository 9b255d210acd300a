"""Paper ballots after the close, blank and invalid ballots, voided ballots: the compound's days
for entering paper ballots and its rule on blank items; each meeting's preliminary-result time
and rule; a ballot's collection date and void.

Revision ID: 7a2c41d9e0b3
Revises: 3cb2d399b3aa
Create Date: 2026-11-27 22:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7a2c41d9e0b3"
down_revision = "3cb2d399b3aa"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assemblies") as batch_op:
        batch_op.add_column(sa.Column("paper_days", sa.Integer(), server_default="2", nullable=False))
        batch_op.add_column(
            sa.Column("blank_counts_as_abstain", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.add_column(sa.Column("counted_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("blank_counts_as_abstain", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    # Meetings made before this kept counting from the close: their result is out at the close.
    op.execute("UPDATE meetings SET counted_at = voting_closes_at")
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.alter_column("counted_at", existing_type=sa.DateTime(), nullable=False)
        batch_op.create_check_constraint("counted_after_close", "counted_at >= voting_closes_at")
    with op.batch_alter_table("ballots") as batch_op:
        batch_op.add_column(sa.Column("collected_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("voided_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("voided_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("void_reason", sa.String(length=500), server_default="", nullable=False)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_ballots_voided_by_id_users"), "users", ["voided_by_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("ballots") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_ballots_voided_by_id_users"), type_="foreignkey")
        batch_op.drop_column("void_reason")
        batch_op.drop_column("voided_by_id")
        batch_op.drop_column("voided_at")
        batch_op.drop_column("collected_on")
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.drop_constraint("counted_after_close", type_="check")
        batch_op.drop_column("blank_counts_as_abstain")
        batch_op.drop_column("counted_at")
    with op.batch_alter_table("assemblies") as batch_op:
        batch_op.drop_column("blank_counts_as_abstain")
        batch_op.drop_column("paper_days")
