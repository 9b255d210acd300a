"""API of the residents' forum: a compound's topics page by page, a topic with its replies,
writing a topic or a reply, and supporting a topic (or withdrawing the support). Readers are
the compound's verified owners and its moderators, as on the pages; hidden posts are shown as
a placeholder to everyone but their author and the moderators. Photos are added on the pages."""

from __future__ import annotations

from flask import current_app
from flask_login import current_user
from marshmallow import Schema, fields, validate

from portal.api import BEARER, bp
from portal.auth.permissions import can_moderate_forum, can_read_forum, can_read_post, requires
from portal.forum import rules, services
from portal.forum.models import ForumCategory, ForumPost
from portal.places.models import Compound


class TopicIn(Schema):
    category = fields.String(required=True, validate=validate.OneOf([c.value for c in ForumCategory]))
    title = fields.String(required=True, validate=validate.Length(min=1, max=rules.MAX_TITLE))
    body = fields.String(required=True, validate=validate.Length(min=1, max=rules.MAX_BODY))


class TopicQuery(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))
    category = fields.String(load_default=None, validate=validate.OneOf([c.value for c in ForumCategory]))


class ReplyIn(Schema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=rules.MAX_BODY))


class PostOut(Schema):
    id = fields.Integer()
    topic_id = fields.Integer(allow_none=True)
    author = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    edited_at = fields.AwareDateTime(allow_none=True)
    hidden = fields.Boolean()
    hidden_reason = fields.String(
        allow_none=True, metadata={"description": "For the author and the moderators only."}
    )
    body = fields.String(allow_none=True, metadata={"description": "Null when hidden from the reader."})
    photos = fields.Integer(metadata={"description": "How many photos the post has (shown on its page)."})


class TopicOut(PostOut):
    category = fields.String()
    title = fields.String(allow_none=True)
    last_activity_at = fields.AwareDateTime()
    support_count = fields.Integer()
    reply_count = fields.Integer()
    supported = fields.Boolean(metadata={"description": "Whether the reader supports it."})
    taken_up_at = fields.AwareDateTime(allow_none=True)
    taken_up_url = fields.String()


class TopicPage(Schema):
    items = fields.List(fields.Nested(TopicOut))
    page = fields.Integer()
    pages = fields.Integer()
    total = fields.Integer()


class TopicDetail(TopicOut):
    replies = fields.List(fields.Nested(PostOut))


class SupportOut(Schema):
    supported = fields.Boolean()
    support_count = fields.Integer()


def _post(post: ForumPost, moderator: bool) -> dict:
    shown = rules.shown_to(post, current_user, moderator)
    return {
        "id": post.id,
        "topic_id": post.topic_id,
        "author": post.author.name if shown else None,
        "created_at": post.created_at,
        "edited_at": post.edited_at,
        "hidden": post.hidden,
        "hidden_reason": post.hidden_reason if post.hidden and shown else None,
        "body": post.body if shown else None,
        "photos": len(post.photos) if shown else 0,
    }


def _topic(topic: ForumPost, moderator: bool, supported: set[int]) -> dict:
    return {
        **_post(topic, moderator),
        "category": topic.category.value,
        "title": topic.title if rules.shown_to(topic, current_user, moderator) else None,
        "last_activity_at": topic.last_activity_at,
        "support_count": topic.support_count,
        "reply_count": topic.reply_count,
        "supported": topic.id in supported,
        "taken_up_at": topic.taken_up_at,
        "taken_up_url": topic.taken_up_url,
    }


@bp.route("/compounds/<int:compound_id>/forum/topics", methods=["GET"])
@bp.doc(security=BEARER)
@requires(can_read_forum, compound=Compound)
@bp.arguments(TopicQuery, location="query")
@bp.response(200, TopicPage)
def forum_topics(query, compound: Compound):
    """The compound's topics, the latest activity first, one page at a time."""
    category = ForumCategory(query["category"]) if query["category"] else None
    moderator = can_moderate_forum(current_user, compound)
    page = services.topics_page(
        compound,
        current_user,
        moderator=moderator,
        category=category,
        page=query["page"],
        per_page=current_app.config["PAGE_SIZE"],
        with_photos=True,
    )
    supported = services.supported_by(current_user, [t.id for t in page.items])
    return {
        "items": [_topic(t, moderator, supported) for t in page.items],
        "page": page.page,
        "pages": page.pages,
        "total": page.total,
    }


@bp.route("/compounds/<int:compound_id>/forum/topics", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_read_forum, compound=Compound)
@bp.arguments(TopicIn)
@bp.response(201, TopicOut)
def forum_new_topic(body, compound: Compound):
    """Write a topic (within the rate limit: 5 posts in 10 minutes, 10 topics a day)."""
    category = ForumCategory(body["category"])
    topic = services.create_topic(
        compound, author=current_user, category=category, title=body["title"], body=body["body"]
    )
    return _topic(topic, False, set())


@bp.route("/forum/topics/<int:post_id>", methods=["GET"])
@bp.doc(security=BEARER)
@requires(can_read_post, post=ForumPost)
@bp.response(200, TopicDetail)
def forum_topic(post: ForumPost):
    """A topic with all its replies (a reply's id answers with its topic)."""
    topic = post.topic if post.topic_id else post
    moderator = can_moderate_forum(current_user, topic.compound)
    return {
        **_topic(topic, moderator, services.supported_by(current_user, [topic.id])),
        "replies": [_post(reply, moderator) for reply in services.replies_of(topic)],
    }


@bp.route("/forum/topics/<int:post_id>/replies", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_read_post, post=ForumPost)
@bp.arguments(ReplyIn)
@bp.response(201, PostOut)
def forum_reply(body, post: ForumPost):
    """Reply to a topic that is not hidden (within the rate limit)."""
    return _post(services.reply_to(post, author=current_user, body=body["body"]), False)


@bp.route("/forum/topics/<int:post_id>/support", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_read_post, post=ForumPost)
@bp.response(200, SupportOut)
def forum_support(post: ForumPost):
    """Support a visible topic; supporting it again changes nothing."""
    services.support(post, current_user)
    return {"supported": True, "support_count": post.support_count}


@bp.route("/forum/topics/<int:post_id>/support", methods=["DELETE"])
@bp.doc(security=BEARER)
@requires(can_read_post, post=ForumPost)
@bp.response(200, SupportOut)
def forum_withdraw_support(post: ForumPost):
    """Withdraw one's support of a topic; withdrawing it again changes nothing."""
    services.withdraw_support(post, current_user)
    return {"supported": False, "support_count": post.support_count}
