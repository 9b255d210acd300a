"""The frozen electorate: owner groups, their units and holders at a notice, shared by meetings
(and, later, elections). Meeting rosters move from meeting_owners into electorate_groups (same
ids, so ballots and authorisations keep pointing at the same groups).

Revision ID: 5e1ec7047a7e
Revises: bbf6d5db77d0
Create Date: 2026-11-27 19:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5e1ec7047a7e"
down_revision = "bbf6d5db77d0"
branch_labels = None
depends_on = None


def _create_tables():
    op.create_table(
        "electorates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("frozen_at", sa.DateTime(), nullable=False),
        sa.Column("total_area_hundredths", sa.BigInteger(), nullable=False),
        sa.Column("total_owners", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compounds.id"], name=op.f("fk_electorates_compound_id_compounds")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_electorates")),
    )
    with op.batch_alter_table("electorates") as batch_op:
        batch_op.create_index(batch_op.f("ix_electorates_compound_id"), ["compound_id"], unique=False)
    op.create_table(
        "electorate_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("electorate_id", sa.Integer(), nullable=False),
        sa.Column("owner_key", sa.String(length=64), nullable=False),
        sa.Column("owner_name", sa.String(length=100), nullable=False),
        sa.Column("units", sa.Text(), nullable=False),
        sa.Column("area_hundredths", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["electorate_id"],
            ["electorates.id"],
            name=op.f("fk_electorate_groups_electorate_id_electorates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_electorate_groups")),
        sa.UniqueConstraint(
            "electorate_id", "owner_key", name=op.f("uq_electorate_groups_electorate_id_owner_key")
        ),
    )
    op.create_table(
        "electorate_units",
        sa.Column("electorate_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["electorate_id"],
            ["electorates.id"],
            name=op.f("fk_electorate_units_electorate_id_electorates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["electorate_groups.id"],
            name=op.f("fk_electorate_units_group_id_electorate_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_electorate_units_unit_id_units"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("electorate_id", "unit_id", name=op.f("pk_electorate_units")),
    )
    op.create_table(
        "electorate_holders",
        sa.Column("electorate_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["electorate_id"],
            ["electorates.id"],
            name=op.f("fk_electorate_holders_electorate_id_electorates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["electorate_groups.id"],
            name=op.f("fk_electorate_holders_group_id_electorate_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_electorate_holders_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("electorate_id", "user_id", "group_id", name=op.f("pk_electorate_holders")),
    )


def _copy_rosters(connection) -> dict[int, int]:
    """One electorate per announced meeting, holding its frozen roster (same group ids); the
    units and holders are rebuilt from today's roster and claims (the best record there is)."""
    meetings = connection.execute(
        sa.text(
            "SELECT id, compound_id, COALESCE(announced_at, created_at), total_area_hundredths, total_owners"
            " FROM meetings WHERE total_owners IS NOT NULL ORDER BY id"
        )
    ).all()
    electorate_of = {}
    for meeting_id, compound_id, frozen_at, area, owners in meetings:
        connection.execute(
            sa.text(
                "INSERT INTO electorates (compound_id, frozen_at, total_area_hundredths, total_owners)"
                " VALUES (:c, :f, :a, :o)"
            ),
            {"c": compound_id, "f": frozen_at, "a": area, "o": owners},
        )
        electorate_of[meeting_id] = connection.execute(sa.text("SELECT MAX(id) FROM electorates")).scalar()
    for meeting_id, electorate_id in electorate_of.items():
        params = {"e": electorate_id, "m": meeting_id}
        connection.execute(
            sa.text(
                "INSERT INTO electorate_groups (id, electorate_id, owner_key, owner_name, units, area_hundredths)"
                " SELECT id, :e, owner_key, owner_name, units, area_hundredths FROM meeting_owners"
                " WHERE meeting_id = :m"
            ),
            params,
        )
        connection.execute(
            sa.text(
                "INSERT INTO electorate_units (electorate_id, unit_id, group_id)"
                " SELECT :e, u.id, g.id FROM units u"
                " JOIN owner_groups o ON o.id = u.owner_group_id"
                " JOIN meetings m ON m.id = :m AND m.compound_id = u.compound_id"
                " JOIN electorate_groups g ON g.electorate_id = :e AND g.owner_key = o.owner_key"
            ),
            params,
        )
        connection.execute(
            sa.text(
                "INSERT INTO electorate_holders (electorate_id, user_id, group_id)"
                " SELECT DISTINCT :e, c.user_id, eu.group_id FROM unit_claims c"
                " JOIN electorate_units eu ON eu.electorate_id = :e AND eu.unit_id = c.unit_id"
                " WHERE c.status = 'verified'"
            ),
            params,
        )
        connection.execute(sa.text("UPDATE meetings SET electorate_id = :e WHERE id = :m"), params)
    if connection.dialect.name == "postgresql":
        connection.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence('electorate_groups', 'id'),"
                " COALESCE((SELECT MAX(id) FROM electorate_groups), 0) + 1, false)"
            )
        )
    return electorate_of


def upgrade():
    _create_tables()
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.add_column(sa.Column("electorate_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_meetings_electorate_id_electorates"), "electorates", ["electorate_id"], ["id"]
        )
    _copy_rosters(op.get_bind())
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.drop_column("total_area_hundredths")
        batch_op.drop_column("total_owners")
    with op.batch_alter_table("ballots") as batch_op:
        batch_op.add_column(sa.Column("group_id", sa.Integer(), nullable=True))
    op.execute("UPDATE ballots SET group_id = meeting_owner_id")
    with op.batch_alter_table("ballots") as batch_op:
        batch_op.alter_column("group_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint("uq_ballots_item_id_meeting_owner_id", type_="unique")
        batch_op.drop_constraint("fk_ballots_meeting_owner_id_meeting_owners", type_="foreignkey")
        batch_op.drop_column("meeting_owner_id")
        batch_op.create_unique_constraint(batch_op.f("uq_ballots_item_id_group_id"), ["item_id", "group_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_ballots_group_id_electorate_groups"),
            "electorate_groups",
            ["group_id"],
            ["id"],
            ondelete="CASCADE",
        )
    with op.batch_alter_table("attachments") as batch_op:
        batch_op.add_column(sa.Column("group_id", sa.Integer(), nullable=True))
    op.execute("UPDATE attachments SET group_id = meeting_owner_id")
    with op.batch_alter_table("attachments") as batch_op:
        batch_op.drop_constraint("fk_attachments_meeting_owner_id_meeting_owners", type_="foreignkey")
        batch_op.drop_column("meeting_owner_id")
        batch_op.create_foreign_key(
            batch_op.f("fk_attachments_group_id_electorate_groups"),
            "electorate_groups",
            ["group_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.drop_table("meeting_owners")


def downgrade():
    op.create_table(
        "meeting_owners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("owner_key", sa.String(length=64), nullable=False),
        sa.Column("owner_name", sa.String(length=100), nullable=False),
        sa.Column("units", sa.Text(), nullable=False),
        sa.Column("area_hundredths", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_owners_meeting_id_meetings"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_owners")),
        sa.UniqueConstraint("meeting_id", "owner_key", name=op.f("uq_meeting_owners_meeting_id_owner_key")),
    )
    op.execute(
        "INSERT INTO meeting_owners (id, meeting_id, owner_key, owner_name, units, area_hundredths)"
        " SELECT g.id, m.id, g.owner_key, g.owner_name, g.units, g.area_hundredths"
        " FROM electorate_groups g JOIN meetings m ON m.electorate_id = g.electorate_id"
    )
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.add_column(sa.Column("total_area_hundredths", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("total_owners", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE meetings SET total_area_hundredths = (SELECT total_area_hundredths FROM electorates e"
        " WHERE e.id = meetings.electorate_id), total_owners = (SELECT total_owners FROM electorates e"
        " WHERE e.id = meetings.electorate_id)"
    )
    for table in ("ballots", "attachments"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("meeting_owner_id", sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET meeting_owner_id = group_id")
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_group_id_electorate_groups", type_="foreignkey")
            if table == "ballots":
                batch_op.drop_constraint("uq_ballots_item_id_group_id", type_="unique")
                batch_op.create_unique_constraint(
                    "uq_ballots_item_id_meeting_owner_id", ["item_id", "meeting_owner_id"]
                )
            batch_op.drop_column("group_id")
            batch_op.create_foreign_key(
                f"fk_{table}_meeting_owner_id_meeting_owners",
                "meeting_owners",
                ["meeting_owner_id"],
                ["id"],
                ondelete="CASCADE",
            )
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.drop_constraint("fk_meetings_electorate_id_electorates", type_="foreignkey")
        batch_op.drop_column("electorate_id")
    op.drop_table("electorate_holders")
    op.drop_table("electorate_units")
    op.drop_table("electorate_groups")
    op.drop_table("electorates")
