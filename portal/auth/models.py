"""Accounts and scoped role grants."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from portal.columns import CreatedAt, enum_column
from portal.extensions import db

if TYPE_CHECKING:
    from portal.places.models import Community, Compound, StreetOffice


class Role(enum.StrEnum):
    """Roles that are granted for a scope; `resident` is every account and is never granted."""

    COMMITTEE = "committee"
    COMMUNITY_STAFF = "community_staff"
    MEDIATOR = "mediator"
    ADMIN = "admin"


#: Which scope column each role is granted on (None: global).
ROLE_SCOPE = {
    Role.COMMITTEE: "compound",
    Role.COMMUNITY_STAFF: "community",
    Role.MEDIATOR: "street_office",
    Role.ADMIN: None,
}


class User(UserMixin, CreatedAt, db.Model):
    """A person with an account: a resident, and possibly more through role grants."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(11), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    #: The key of the session (portal.auth.sessions) this object was signed in with or loaded
    #: through; Flask-Login keeps it in the session and remember cookies. Not stored.
    session_key = None

    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user", foreign_keys="RoleGrant.user_id", cascade="all, delete-orphan"
    )

    def set_password(self, password: str) -> None:
        """Store a new password hash (the services end the sessions that knew the old one)."""
        self.password_hash = generate_password_hash(password)

    def get_id(self) -> str:  # Flask-Login
        if not self.session_key:
            raise RuntimeError("open a session first: portal.auth.sessions.open_session(user)")
        return self.session_key

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def __repr__(self) -> str:
        return f"<User {self.id} {self.phone}>"


class RoleGrant(CreatedAt, db.Model):
    """A role held by a user within one scope (a compound, a community, a street office, or all)."""

    __tablename__ = "role_grants"
    __table_args__ = (
        UniqueConstraint("user_id", "role", "compound_id", "community_id", "street_office_id"),
        CheckConstraint(
            "(role = 'committee' AND compound_id IS NOT NULL AND community_id IS NULL"
            " AND street_office_id IS NULL)"
            " OR (role = 'community_staff' AND community_id IS NOT NULL AND compound_id IS NULL"
            " AND street_office_id IS NULL)"
            " OR (role = 'mediator' AND street_office_id IS NOT NULL AND compound_id IS NULL"
            " AND community_id IS NULL)"
            " OR (role = 'admin' AND compound_id IS NULL AND community_id IS NULL"
            " AND street_office_id IS NULL)",
            name="scope_matches_role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    compound_id: Mapped[int | None] = mapped_column(ForeignKey("compounds.id"), index=True)
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"), index=True)
    street_office_id: Mapped[int | None] = mapped_column(ForeignKey("street_offices.id"))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: A committee grant held as a member of the preparatory group (筹备组), before the first
    #: owners' committee is elected.
    preparatory: Mapped[bool] = mapped_column(default=False, server_default=false())

    user: Mapped[User] = relationship(back_populates="grants", foreign_keys=[user_id])
    compound: Mapped[Compound | None] = relationship()
    community: Mapped[Community | None] = relationship()
    street_office: Mapped[StreetOffice | None] = relationship()

    @property
    def scope(self):
        """The place this grant is for, or None for a global grant."""
        return self.compound or self.community or self.street_office

    def __repr__(self) -> str:
        return f"<RoleGrant {self.role} user={self.user_id}>"
