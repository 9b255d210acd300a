"""Voided election ballots kept: a paper or proxy ballot voided in the objection period stays
as it was, with who voided it, when and why.

Revision ID: 2e98a6da7dce
Revises: 5b1e0c7a9d21
Create Date: 2026-11-28 00:59:09.378450

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "2e98a6da7dce"
down_revision = "5b1e0c7a9d21"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "election_voided_ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("election_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum("online", "paper", "proxy", name="ballotchannel", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("proxy_name", sa.String(length=100), nullable=False),
        sa.Column("cast_by_id", sa.Integer(), nullable=True),
        sa.Column("cast_at", sa.DateTime(), nullable=False),
        sa.Column("collected_on", sa.Date(), nullable=True),
        sa.Column("numbers", sa.JSON(), nullable=False),
        sa.Column("voided_at", sa.DateTime(), nullable=False),
        sa.Column("voided_by_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cast_by_id"], ["users.id"], name=op.f("fk_election_voided_ballots_cast_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["election_id"],
            ["elections.id"],
            name=op.f("fk_election_voided_ballots_election_id_elections"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["electorate_groups.id"],
            name=op.f("fk_election_voided_ballots_group_id_electorate_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["voided_by_id"], ["users.id"], name=op.f("fk_election_voided_ballots_voided_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_election_voided_ballots")),
    )
    with op.batch_alter_table("election_voided_ballots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_election_voided_ballots_election_id"), ["election_id"], unique=False
        )



def downgrade():
    with op.batch_alter_table("election_voided_ballots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_election_voided_ballots_election_id"))

    op.drop_table("election_voided_ballots")
