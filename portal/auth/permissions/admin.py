"""Operators' rules: roles and the audit trail."""

from __future__ import annotations

from portal.auth.permissions.core import is_admin


def can_manage_roles(user, grant=None) -> bool:
    """Only admins grant and revoke roles."""
    return is_admin(user)


def can_view_audit(user) -> bool:
    """Only admins read the audit trail."""
    return is_admin(user)


def can_deactivate_accounts(user) -> bool:
    """Only admins close accounts (which ends their sessions and API tokens)."""
    return is_admin(user)
