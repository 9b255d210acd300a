"""Unit claims are found by compound and status through one index; the index on the status
alone goes (it picks out a third of a district's claims, and SQLite's planner preferred it
to the unit's or the compound's index, reading every pending claim of the district).

Revision ID: c0a7f3e21b64
Revises: 2e98a6da7dce
Create Date: 2026-11-28 01:10:00

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "c0a7f3e21b64"
down_revision = "2e98a6da7dce"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_unit_claims_compound_status", "unit_claims", ["compound_id", "status"], unique=False)
    op.drop_index("ix_unit_claims_status", table_name="unit_claims")


def downgrade():
    op.create_index("ix_unit_claims_status", "unit_claims", ["status"], unique=False)
    op.drop_index("ix_unit_claims_compound_status", table_name="unit_claims")
