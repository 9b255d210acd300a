"""The inbox, opening a notification, marking all read, the settings, and (for
administrators) the deliveries that failed."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.auth.permissions import can_open_notification, can_view_failed_deliveries, requires, signed_in
from portal.forms import EmptyForm, page_number, render_form
from portal.notifications import bp, choices, inbox
from portal.notifications.forms import settings_form
from portal.notifications.models import Delivery, DeliveryStatus, Notification
from portal.paging import paginate
from portal.unit_of_work import carry_out, refusal_shown_on, writes


@bp.app_template_global()
def unread_notifications() -> int:
    """The header's unread count (one query per page, only for signed-in visitors)."""
    return inbox.unread_count(current_user)


@bp.get("/")
@requires(signed_in)
def index():
    page = paginate(
        inbox.inbox_query(current_user), page=page_number(), per_page=current_app.config["PAGE_SIZE"]
    )
    return render_template("notifications/inbox.html", page=page, title_of=inbox.title_of, form=EmptyForm())


def _local(url: str) -> str:
    """Only paths of this site are followed."""
    return (
        url if url.startswith("/") and not url.startswith(("//", "/\\")) else url_for("notifications.index")
    )


@bp.get("/<int:notification_id>")
@writes
@requires(can_open_notification, notification=Notification)
def open_notification(notification: Notification):
    return redirect(_local(inbox.open_notification(notification) or url_for("notifications.index")))


@bp.post("/read-all")
@requires(signed_in)
def read_all():
    if not EmptyForm().validate_on_submit():
        abort(400)
    carry_out(lambda: inbox.mark_all_read(current_user), _("All notifications are marked read."))
    return redirect(url_for("notifications.index"))


@bp.route("/settings", methods=["GET", "POST"])
@requires(signed_in)
def settings():
    form = settings_form(choices.choices_of(current_user) if request.method == "GET" else None)
    if request.method == "GET":
        form.email.data = choices.email_of(current_user)
    if form.validate_on_submit():
        with refusal_shown_on(form, form.email):
            choices.save_choices(current_user, form.email.data, form.choices())
            flash(_("Your notification settings are saved."), "success")
            return redirect(url_for("notifications.settings"))
    return render_form("notifications/settings.html", form)


@bp.get("/failed")
@requires(can_view_failed_deliveries)
def failed():
    query = (
        select(Delivery)
        .options(joinedload(Delivery.notification).joinedload(Notification.user))
        .where(Delivery.status.in_([DeliveryStatus.FAILED, DeliveryStatus.UNCERTAIN]))
        .order_by(Delivery.id.desc())
    )
    page = paginate(query, page=page_number(), per_page=current_app.config["PAGE_SIZE"])
    return render_template("notifications/failed.html", page=page, title_of=inbox.title_of)
