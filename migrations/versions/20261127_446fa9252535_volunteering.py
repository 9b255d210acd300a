"""Volunteer service: activities, their sessions, sign-ups with the waitlist and attendance,
certificates and the leaderboard choice.

Revision ID: 446fa9252535
Revises: 985b038091f1
Create Date: 2026-11-27 18:49:19.235581

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '446fa9252535'
down_revision = '985b038091f1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('volunteer_profiles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('on_leaderboard', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_volunteer_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_volunteer_profiles'))
    )
    op.create_table('volunteer_certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('holder_name', sa.String(length=50), nullable=False),
    sa.Column('issuer', sa.String(length=200), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('first_on', sa.Date(), nullable=False),
    sa.Column('last_on', sa.Date(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('lines', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_volunteer_certificates_community_id_communities')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_volunteer_certificates_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_certificates')),
    sa.UniqueConstraint('code', name=op.f('uq_volunteer_certificates_code'))
    )
    with op.batch_alter_table('volunteer_certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_certificates_user_id'), ['user_id'], unique=False)

    op.create_table('volunteer_activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('compound_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('category', sa.Enum('environment', 'elderly_care', 'patrol', 'civic', 'emergency', 'other', name='category', native_enum=False, length=20), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('contact', sa.String(length=100), nullable=False),
    sa.Column('signup_closes_at', sa.DateTime(), nullable=False),
    sa.Column('cancel_closes_at', sa.DateTime(), nullable=False),
    sa.Column('min_age', sa.Integer(), nullable=False),
    sa.Column('guardian_consent_required', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('published', 'cancelled', name='activitystatus', native_enum=False, length=20), nullable=False),
    sa.Column('cancel_reason', sa.String(length=500), nullable=False),
    sa.Column('organiser_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('min_age >= 0 AND min_age <= 18', name=op.f('ck_volunteer_activities_min_age_range')),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_volunteer_activities_community_id_communities')),
    sa.ForeignKeyConstraint(['compound_id'], ['compounds.id'], name=op.f('fk_volunteer_activities_compound_id_compounds')),
    sa.ForeignKeyConstraint(['organiser_id'], ['users.id'], name=op.f('fk_volunteer_activities_organiser_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_activities'))
    )
    with op.batch_alter_table('volunteer_activities', schema=None) as batch_op:
        batch_op.create_index('ix_volunteer_activities_community_status', ['community_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_activities_compound_id'), ['compound_id'], unique=False)

    op.create_table('volunteer_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('signup_seq', sa.Integer(), nullable=False),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_volunteer_sessions_capacity_positive')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_volunteer_sessions_session_order')),
    sa.ForeignKeyConstraint(['activity_id'], ['volunteer_activities.id'], name=op.f('fk_volunteer_sessions_activity_id_volunteer_activities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_sessions'))
    )
    with op.batch_alter_table('volunteer_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_sessions_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_sessions_starts_at'), ['starts_at'], unique=False)

    op.create_table('volunteer_signups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('confirmed', 'waitlisted', 'cancelled', 'checked_in', 'completed', 'no_show', name='signupstatus', native_enum=False, length=20), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('signed_up_at', sa.DateTime(), nullable=False),
    sa.Column('promoted_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('guardian_name', sa.String(length=50), nullable=False),
    sa.Column('guardian_phone', sa.String(length=20), nullable=False),
    sa.Column('guardian_consent', sa.Boolean(), nullable=False),
    sa.Column('checked_in_at', sa.DateTime(), nullable=True),
    sa.Column('checked_out_at', sa.DateTime(), nullable=True),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('correction_reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['volunteer_sessions.id'], name=op.f('fk_volunteer_signups_session_id_volunteer_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_volunteer_signups_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_signups')),
    sa.UniqueConstraint('session_id', 'code', name=op.f('uq_volunteer_signups_session_id_code')),
    sa.UniqueConstraint('session_id', 'user_id', name=op.f('uq_volunteer_signups_session_id_user_id'))
    )
    with op.batch_alter_table('volunteer_signups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_signups_session_id'), ['session_id'], unique=False)
        batch_op.create_index('ix_volunteer_signups_user_status', ['user_id', 'status'], unique=False)



def downgrade():
    with op.batch_alter_table('volunteer_signups', schema=None) as batch_op:
        batch_op.drop_index('ix_volunteer_signups_user_status')
        batch_op.drop_index(batch_op.f('ix_volunteer_signups_session_id'))

    op.drop_table('volunteer_signups')
    with op.batch_alter_table('volunteer_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteer_sessions_starts_at'))
        batch_op.drop_index(batch_op.f('ix_volunteer_sessions_activity_id'))

    op.drop_table('volunteer_sessions')
    with op.batch_alter_table('volunteer_activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteer_activities_compound_id'))
        batch_op.drop_index('ix_volunteer_activities_community_status')

    op.drop_table('volunteer_activities')
    with op.batch_alter_table('volunteer_certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteer_certificates_user_id'))

    op.drop_table('volunteer_certificates')
    op.drop_table('volunteer_profiles')
