"""Closed days: days a street office closes itself, on top of the official working-day calendar.

Revision ID: 3cb2d399b3aa
Revises: 5e1ec7047a7e
Create Date: 2026-11-27 18:00:58.854874

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3cb2d399b3aa'
down_revision = '5e1ec7047a7e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('closed_days',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('street_office_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['street_office_id'], ['street_offices.id'], name=op.f('fk_closed_days_street_office_id_street_offices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_closed_days')),
    sa.UniqueConstraint('street_office_id', 'day', name=op.f('uq_closed_days_street_office_id_day'))
    )


def downgrade():
    op.drop_table('closed_days')
