"""Election ballot changes: an online election ballot replaced by a co-owner keeps the earlier
approvals, voter and receipt.

Revision ID: 5b1e0c7a9d21
Revises: 9cd19dc28e06
Create Date: 2026-11-27 22:55:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5b1e0c7a9d21"
down_revision = "9cd19dc28e06"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "election_ballot_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("election_id", sa.Integer(), nullable=False),
        sa.Column("previous_numbers", sa.JSON(), nullable=False),
        sa.Column("previous_cast_by_id", sa.Integer(), nullable=True),
        sa.Column("previous_receipt", sa.String(length=16), nullable=False),
        sa.Column("previous_cast_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ballot_id"],
            ["election_ballots.id"],
            name=op.f("fk_election_ballot_changes_ballot_id_election_ballots"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["users.id"], name=op.f("fk_election_ballot_changes_changed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["election_id"],
            ["elections.id"],
            name=op.f("fk_election_ballot_changes_election_id_elections"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["previous_cast_by_id"],
            ["users.id"],
            name=op.f("fk_election_ballot_changes_previous_cast_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_election_ballot_changes")),
    )
    with op.batch_alter_table("election_ballot_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_election_ballot_changes_ballot_id"), ["ballot_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_election_ballot_changes_election_id"), ["election_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_election_ballot_changes_previous_receipt"), ["previous_receipt"], unique=False
        )


def downgrade():
    with op.batch_alter_table("election_ballot_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_election_ballot_changes_previous_receipt"))
        batch_op.drop_index(batch_op.f("ix_election_ballot_changes_election_id"))
        batch_op.drop_index(batch_op.f("ix_election_ballot_changes_ballot_id"))
    op.drop_table("election_ballot_changes")
