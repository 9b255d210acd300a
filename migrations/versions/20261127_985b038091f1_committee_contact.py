"""Compounds show when and how owners reach their owners' committee (hours and phone, both
optional, kept by the committee).

Revision ID: 985b038091f1
Revises: 737b6c4e2f07
Create Date: 2026-11-27 18:27:16.662493

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '985b038091f1'
down_revision = '737b6c4e2f07'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('compounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('committee_hours', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('committee_phone', sa.String(length=20), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('compounds', schema=None) as batch_op:
        batch_op.drop_column('committee_phone')
        batch_op.drop_column('committee_hours')
