"""The mediation station in each mediator's to-do: complaints waiting to be accepted or
declined, and overdue cases (one query each, none for a person who is no mediator)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.auth.models import Role
from portal.columns import utcnow
from portal.extensions import db
from portal.formatting import local_time
from portal.mediation.models import Complaint, S
from portal.mediation.rules import is_overdue
from portal.todo import NORMAL, URGENT, TodoItem, todo_provider


def _offices(user) -> list[int]:
    return [grant.street_office_id for grant in user.grants if grant.role == Role.MEDIATOR]


@todo_provider("mediation_cases")
def cases_to_handle(user):
    """New complaints to accept or decline, and open cases past their deadline (the mediator's
    own, or unassigned ones)."""
    offices = _offices(user)
    if not offices:
        return []
    now = utcnow()
    from portal.mediation.services.queue import overdue_condition

    query = (
        select(Complaint)
        .where(
            Complaint.street_office_id.in_(offices),
            (Complaint.status == S.SUBMITTED) | overdue_condition(now),
            (Complaint.mediator_id.is_(None)) | (Complaint.mediator_id == user.id),
        )
        .options(selectinload(Complaint.compound))
        .order_by(Complaint.accept_by)
        .limit(30)
    )
    return [_item(complaint, now) for complaint in db.session.scalars(query)]


def _item(complaint: Complaint, now) -> TodoItem:
    due = complaint.current_deadline
    overdue = is_overdue(due, now)
    if complaint.status is S.SUBMITTED:
        title = _("Accept or decline complaint %(number)s", number=complaint.number)
    else:
        title = _("Overdue: conclude complaint %(number)s", number=complaint.number)
    return TodoItem(
        "mediation_cases",
        title,
        url_for("mediation.complaint", complaint_id=complaint.id),
        due,
        _("Open the case"),
        URGENT if overdue else NORMAL,
        _(
            "%(category)s · %(compound)s · due %(due)s",
            category=complaint.category_label,
            compound=complaint.compound.name,
            due=local_time(due, "yyyy-MM-dd") if due else "—",
        ),
    )
