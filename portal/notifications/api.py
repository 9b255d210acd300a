"""API of notifications: the signed-in person's notifications, and marking one read."""

from __future__ import annotations

from flask_login import current_user
from marshmallow import Schema, fields

from portal.api import BEARER, bp
from portal.auth.permissions import can_open_notification, requires, signed_in
from portal.extensions import db
from portal.notifications import inbox
from portal.notifications.models import Notification

LIST_LIMIT = 50


class NotificationOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    url = fields.String()
    created_at = fields.AwareDateTime()
    read = fields.Boolean()


class NotificationList(Schema):
    unread = fields.Integer()
    items = fields.List(fields.Nested(NotificationOut))


def _notification(notification: Notification) -> dict:
    return {
        "id": notification.id,
        "kind": notification.kind,
        "title": inbox.title_of(notification),
        "url": notification.url,
        "created_at": notification.created_at,
        "read": notification.read_at is not None,
    }


@bp.route("/me/notifications", methods=["GET"])
@bp.doc(security=BEARER)
@requires(signed_in)
@bp.response(200, NotificationList)
def my_notifications():
    """The newest 50 notifications of the signed-in person, and how many are unread."""
    rows = db.session.scalars(inbox.inbox_query(current_user).limit(LIST_LIMIT))
    return {"unread": inbox.unread_count(current_user), "items": [_notification(n) for n in rows]}


@bp.route("/me/notifications/<int:notification_id>/read", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_open_notification, notification=Notification)
@bp.response(200, NotificationOut)
def mark_read(notification: Notification):
    """Mark one of one's own notifications read (404 for anyone else's)."""
    inbox.open_notification(notification)
    return _notification(notification)
