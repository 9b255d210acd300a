"""The forum's audit actions: posts, edits (with the old text), reports, hiding, reviews and
topics taken up."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, select

from portal.audit import Field, action_group, register_action, register_subject
from portal.extensions import db
from portal.forum.models import ForumPost
from portal.statements import built_once

FORUM = action_group("forum", _l("Residents' forum"))


def post_labels(ids: list[int]) -> dict[int, str]:
    rows = db.session.execute(_posts(), {"ids": ids})
    return {i: title or f"#{topic_id}/{i}" for i, title, topic_id in rows}


@built_once
def _posts() -> Select:
    return select(ForumPost.id, ForumPost.title, ForumPost.topic_id).where(
        ForumPost.id.in_(bindparam("ids", expanding=True))
    )


register_subject("ForumPost", post_labels, label=_l("Forum post"))
FIELDS = {
    "title": Field(_l("Title")),
    "body": Field(_l("Text")),
    "topic": Field(_l("Topic")),
    "reason": Field(_l("Reason")),
    "note": Field(_l("Note")),
    "link": Field(_l("Link")),
    "restored": Field(_l("Shown again")),
}
for code, sentence, label in (
    ("forum_topic_posted", _l("posted the topic %(title)s"), _l("Forum topic posted")),
    ("forum_reply_posted", _l("replied in the forum"), _l("Forum reply posted")),
    ("forum_post_edited", _l("edited a forum post"), _l("Forum post edited")),
    ("forum_post_reported", _l("reported a forum post: %(reason)s"), _l("Forum post reported")),
    ("forum_post_hidden", _l("hid a forum post: %(reason)s"), _l("Forum post hidden")),
    ("forum_reports_dismissed", _l("kept a reported forum post visible"), _l("Forum reports dismissed")),
    (
        "forum_review_requested",
        _l("asked for a review of a hidden post: %(note)s"),
        _l("Forum review requested"),
    ),
    ("forum_review_decided", _l("decided the review of a hidden forum post"), _l("Forum review decided")),
    ("forum_topic_taken_up", _l("took up a forum topic: %(link)s"), _l("Forum topic taken up")),
):
    register_action(code, FORUM, sentence, label=label, fields=FIELDS)
