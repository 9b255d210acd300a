"""Moderation of the forum: readers report a post; the committee or the community's staff hide
it with a reason (the author is told and may ask for a review, which restores it or keeps it
hidden); the committee marks a topic "taken up" with a link to what answers it."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import joinedload

from portal import audit
from portal.auth.models import User
from portal.columns import utcnow
from portal.errors import ConflictError, DomainError
from portal.extensions import db
from portal.forum import rules
from portal.forum.models import ForumPost, ForumReport
from portal.links import is_portal_path
from portal.notifications import notify, path_for, register_kind
from portal.places.models import Compound

register_kind("forum_post_hidden", _l("A post of yours in the forum was hidden"))
register_kind("forum_review_decided", _l("The review of your hidden forum post is decided"))
register_kind("forum_topic_taken_up", _l("A forum topic of yours was taken up"))


def _reason(text: str, message) -> str:
    text = (text or "").strip()
    if not text or len(text) > rules.MAX_REASON:
        raise DomainError(message)
    return text


def _post_path(post: ForumPost) -> str:
    return path_for("forum.topic", post_id=post.thread_id) + f"#post-{post.id}"


def report_post(post: ForumPost, *, reporter: User, reason: str, now: datetime | None = None) -> ForumReport:
    """A reader reports a post, once."""
    reason = _reason(reason, _l("Say why you report this post (at most 500 characters)."))
    taken = exists().where(ForumReport.post_id == post.id, ForumReport.reporter_id == reporter.id)
    if db.session.scalar(select(taken)):
        raise ConflictError(_l("You have already reported this post."))
    report = ForumReport(post_id=post.id, reporter_id=reporter.id, reason=reason, created_at=now or utcnow())
    db.session.add(report)
    db.session.flush()
    audit.record(
        "forum_post_reported", post, after={"reason": reason}, compound_id=post.compound_id, actor=reporter
    )
    return report


def _resolve_reports(post: ForumPost, now: datetime) -> None:
    db.session.execute(
        update(ForumReport)
        .where(ForumReport.post_id == post.id, ForumReport.resolved_at.is_(None))
        .values(resolved_at=now)
        .execution_options(synchronize_session=False)
    )


def hide_post(post: ForumPost, *, moderator: User, reason: str, now: datetime | None = None) -> ForumPost:
    """Hide a post with a reason (a conditional update: hidden once); its reports are resolved
    and the author is told why and that they may ask for a review."""
    now = now or utcnow()
    reason = _reason(reason, _l("Give the reason for hiding (at most 500 characters)."))
    hidden = db.session.execute(
        update(ForumPost)
        .where(ForumPost.id == post.id, ForumPost.hidden_at.is_(None))
        .values(
            hidden_at=now,
            hidden_by_id=moderator.id,
            hidden_reason=reason,
            review_requested_at=None,
            review_note="",
            reviewed_at=None,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if hidden != 1:
        raise ConflictError(_l("This post is already hidden."))
    db.session.refresh(post)
    _resolve_reports(post, now)
    audit.record(
        "forum_post_hidden", post, after={"reason": reason}, compound_id=post.compound_id, actor=moderator
    )
    notify(
        [post.author_id],
        kind="forum_post_hidden",
        title=_l("Your post was hidden: %(reason)s. You may ask for a review.", reason=reason),
        url=_post_path(post),
        subject=("forum_post", post.id),
        now=now,
    )
    return post


def dismiss_reports(post: ForumPost, *, moderator: User, now: datetime | None = None) -> None:
    """The moderator keeps the post visible: its open reports are closed."""
    _resolve_reports(post, now or utcnow())
    audit.record("forum_reports_dismissed", post, compound_id=post.compound_id, actor=moderator)


def request_review(post: ForumPost, *, author: User, note: str, now: datetime | None = None) -> ForumPost:
    """The author of a hidden post asks for a review, once per hiding."""
    if post.author_id != author.id or not post.hidden:
        raise DomainError(_l("Only the author of a hidden post asks for a review."))
    already = _l("You have already asked for a review of this post.")
    if post.review_requested_at is not None:
        raise ConflictError(already)
    note = _reason(note, _l("Say why the post should be shown again (at most 500 characters)."))
    # One request per hiding, even when two arrive at once: the row changes only if it still
    # has no request.
    asked = db.session.execute(
        update(ForumPost)
        .where(
            ForumPost.id == post.id,
            ForumPost.author_id == author.id,
            ForumPost.hidden_at.is_not(None),
            ForumPost.review_requested_at.is_(None),
        )
        .values(review_requested_at=now or utcnow(), review_note=note)
        .execution_options(synchronize_session=False)
    )
    if asked.rowcount != 1:
        raise ConflictError(already)
    db.session.refresh(post)
    audit.record(
        "forum_review_requested",
        post,
        after={"note": post.review_note},
        compound_id=post.compound_id,
        actor=author,
    )
    return post


def decide_review(
    post: ForumPost, *, moderator: User, restore: bool, now: datetime | None = None
) -> ForumPost:
    """Decide a review: show the post again, or keep it hidden; the author is told."""
    now = now or utcnow()
    if not post.hidden or post.review_requested_at is None or post.reviewed_at is not None:
        raise ConflictError(_l("There is no review to decide for this post."))
    # Decided once, even when two moderators decide at the same moment: the row changes only if
    # its review is still undecided.
    values = {"reviewed_at": now}
    if restore:
        values.update(hidden_at=None, hidden_by_id=None)
    decided = db.session.execute(
        update(ForumPost)
        .where(
            ForumPost.id == post.id,
            ForumPost.hidden_at.is_not(None),
            ForumPost.review_requested_at.is_not(None),
            ForumPost.reviewed_at.is_(None),
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if decided.rowcount != 1:
        raise ConflictError(_l("This review has already been decided by another moderator."))
    db.session.refresh(post)
    audit.record(
        "forum_review_decided",
        post,
        after={"restored": restore},
        compound_id=post.compound_id,
        actor=moderator,
    )
    title = (
        _l("Your post is shown again after the review.")
        if restore
        else _l("After the review, your post stays hidden: %(reason)s", reason=post.hidden_reason)
    )
    notify(
        [post.author_id],
        kind="forum_review_decided",
        title=title,
        url=_post_path(post),
        subject=("forum_post", post.id),
        now=now,
    )
    return post


def take_up(
    topic: ForumPost, *, member: User, link: str, note: str = "", now: datetime | None = None
) -> ForumPost:
    """The committee marks a topic "taken up", linking the meeting item, decision or notice
    (a page of the portal) that answers it; the author is told."""
    now = now or utcnow()
    link = (link or "").strip()
    if not topic.is_topic:
        raise DomainError(_l("Only a topic is taken up."))
    if not is_portal_path(link):
        raise DomainError(
            _l("Give the address of the meeting item, decision or notice in the portal, starting with /.")
        )
    topic.taken_up_at, topic.taken_up_by_id = now, member.id
    topic.taken_up_url, topic.taken_up_note = link, (note or "").strip()[:300]
    db.session.flush()
    audit.record(
        "forum_topic_taken_up", topic, after={"link": link}, compound_id=topic.compound_id, actor=member
    )
    notify(
        [topic.author_id],
        kind="forum_topic_taken_up",
        title=_l("Your topic “%(title)s” was taken up by the committee.", title=topic.title),
        url=_post_path(topic),
        subject=("forum_post", topic.id),
        now=now,
    )
    return topic


def moderation_queue(compound: Compound) -> tuple[list[tuple[ForumPost, int]], list[ForumPost]]:
    """Posts with open reports (and how many), and hidden posts whose authors ask for a review."""
    counts = (
        select(
            ForumReport.post_id,
            func.count(ForumReport.id).label("n"),
            func.min(ForumReport.created_at).label("first"),
        )
        .where(ForumReport.resolved_at.is_(None))
        .group_by(ForumReport.post_id)
        .subquery()
    )
    open_reports = (
        select(ForumPost, counts.c.n)
        .join(counts, counts.c.post_id == ForumPost.id)
        .where(ForumPost.compound_id == compound.id)
        .options(joinedload(ForumPost.author))
        .order_by(counts.c.first)
    )
    reviews = (
        select(ForumPost)
        .where(
            ForumPost.compound_id == compound.id,
            ForumPost.review_requested_at.is_not(None),
            ForumPost.reviewed_at.is_(None),
            ForumPost.hidden_at.is_not(None),
        )
        .options(joinedload(ForumPost.author))
        .order_by(ForumPost.review_requested_at)
    )
    return list(db.session.execute(open_reports).unique().all()), list(db.session.scalars(reviews))
