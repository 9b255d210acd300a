"""Rules of notifications: each person reads only their own; admins see failed deliveries."""

from __future__ import annotations

from portal.auth.permissions.core import hides_existence, is_admin


@hides_existence
def can_open_notification(user, notification) -> bool:
    """A notification is opened only by the person it was written for."""
    return bool(user.is_authenticated) and notification.user_id == user.id


def can_view_failed_deliveries(user) -> bool:
    """Administrators see the messages that could not be delivered."""
    return is_admin(user)
