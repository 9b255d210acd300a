"""The forum in each moderator's to-do: posts reported or waiting for a review in the compounds
they moderate (one query; none for someone who moderates nothing)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from portal.auth.models import Role
from portal.extensions import db
from portal.forum.models import ForumPost, ForumReport
from portal.places.models import Compound
from portal.todo import NORMAL, TodoItem, todo_provider


@todo_provider("forum_moderation")
def posts_to_moderate(user):
    compound_ids = [g.compound_id for g in user.grants if g.role == Role.COMMITTEE]
    community_ids = [g.community_id for g in user.grants if g.role == Role.COMMUNITY_STAFF]
    if not compound_ids and not community_ids:
        return []
    reported = select(ForumReport.post_id).where(ForumReport.resolved_at.is_(None))
    waiting = or_(
        ForumPost.id.in_(reported),
        (
            ForumPost.review_requested_at.is_not(None)
            & ForumPost.reviewed_at.is_(None)
            & ForumPost.hidden_at.is_not(None)
        ),
    )
    rows = db.session.execute(
        select(Compound.id, Compound.name, func.count(ForumPost.id))
        .join(ForumPost, ForumPost.compound_id == Compound.id)
        .where(or_(Compound.id.in_(compound_ids), Compound.community_id.in_(community_ids)), waiting)
        .group_by(Compound.id, Compound.name)
    )
    return [
        TodoItem(
            "forum_moderation",
            _("%(n)d forum posts of %(compound)s wait for moderation", n=n, compound=name),
            url_for("forum.moderation", compound_id=compound_id),
            None,
            _("Open the moderation queue"),
            NORMAL,
        )
        for compound_id, name, n in rows
    ]
