"""Writing in the forum: topics with photos, replies, edits within 15 minutes, one-click
support (once per person, counted by an atomic increment), and the lists that pages show."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, case, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.datastructures import FileStorage

from portal import audit
from portal.auth.models import User
from portal.columns import utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.forum import rules
from portal.forum.models import ForumCategory, ForumPhoto, ForumPost, ForumSupport
from portal.paging import paginate, windowed
from portal.places.models import Compound
from portal.statements import built_once
from portal.uploads import IMAGES, store


def _text(title: str | None, body: str) -> tuple[str, str]:
    body = (body or "").strip()
    if not body or len(body) > rules.MAX_BODY:
        raise DomainError(_l("Write your post (at most 5,000 characters)."))
    if title is not None:
        title = title.strip()
        if not title or len(title) > rules.MAX_TITLE:
            raise DomainError(_l("The topic needs a title of at most 100 characters."))
    return title or "", body


def _check_rate(author: User, now: datetime, *, new_topic: bool) -> None:
    """The person's posts of the last minutes and topics of the last day, in one query."""
    day_ago, window = now - timedelta(days=1), now - rules.RATE_WINDOW
    counts = select(
        func.count(case((ForumPost.created_at > window, ForumPost.id))),
        func.count(case((ForumPost.topic_id.is_(None), ForumPost.id))),
    ).where(ForumPost.author_id == author.id, ForumPost.created_at > min(day_ago, window))
    recent, topics = db.session.execute(counts).one()
    if rules.over_rate_limit(recent, topics, new_topic=new_topic):
        raise DomainError(_l("You are posting too often. Please wait a few minutes and try again."))


def _attach(post: ForumPost, photos: Iterable[FileStorage], author: User) -> None:
    files = [photo for photo in photos or () if photo and photo.filename]
    if len(files) > rules.MAX_PHOTOS:
        raise DomainError(_l("At most 6 photos per post."))
    for photo in files:
        post.photos.append(ForumPhoto(upload=store(photo, uploaded_by=author, kinds=IMAGES)))


def create_topic(
    compound: Compound,
    *,
    author: User,
    category: ForumCategory,
    title: str,
    body: str,
    photos: Iterable[FileStorage] = (),
    now: datetime | None = None,
) -> ForumPost:
    """A new topic of the compound's forum, within the author's rate limit."""
    now = now or utcnow()
    title, body = _text(title, body)
    _check_rate(author, now, new_topic=True)
    topic = ForumPost(
        compound_id=compound.id,
        author_id=author.id,
        category=ForumCategory(category),
        title=title,
        body=body,
        created_at=now,
        last_activity_at=now,
    )
    db.session.add(topic)
    _attach(topic, photos, author)
    db.session.flush()
    audit.record("forum_topic_posted", topic, after={"title": title}, compound_id=compound.id, actor=author)
    return topic


def reply_to(
    topic: ForumPost,
    *,
    author: User,
    body: str,
    photos: Iterable[FileStorage] = (),
    now: datetime | None = None,
) -> ForumPost:
    """A reply to a topic that is not hidden, within the author's rate limit."""
    now = now or utcnow()
    if not topic.is_topic or topic.hidden:
        raise DomainError(_l("This topic takes no more replies."))
    _, body = _text(None, body)
    _check_rate(author, now, new_topic=False)
    reply = ForumPost(
        compound_id=topic.compound_id, topic_id=topic.id, author_id=author.id, body=body, created_at=now
    )
    db.session.add(reply)
    _attach(reply, photos, author)
    db.session.flush()
    db.session.execute(
        update(ForumPost)
        .where(ForumPost.id == topic.id)
        .values(reply_count=ForumPost.reply_count + 1, last_activity_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(topic, ["reply_count", "last_activity_at"])
    audit.record(
        "forum_reply_posted", reply, after={"topic": topic.id}, compound_id=topic.compound_id, actor=author
    )
    return reply


def edit_post(post: ForumPost, *, author: User, title: str | None, body: str, now: datetime | None = None):
    """The author edits a post within 15 minutes of writing it; the old text stays in the audit."""
    now = now or utcnow()
    if post.author_id != author.id:
        raise DomainError(_l("Only the author edits a post."))
    if not rules.may_edit(post.created_at, now):
        raise DomainError(_l("A post can be edited only within 15 minutes of posting."))
    if post.hidden:
        raise DomainError(_l("A hidden post cannot be edited; ask for a review instead."))
    title, body = _text(title if post.is_topic else None, body)
    before = {"title": post.title, "body": post.body}
    post.title, post.body, post.edited_at = title if post.is_topic else "", body, now
    db.session.flush()
    audit.record(
        "forum_post_edited",
        post,
        before=before,
        after={"title": post.title, "body": post.body},
        compound_id=post.compound_id,
        actor=author,
    )
    return post


def support(topic: ForumPost, user: User, now: datetime | None = None) -> bool:
    """Support a topic with one click: once per person (a second click changes nothing, even
    at the same moment); False when already supported."""
    if not topic.is_topic or topic.hidden:
        raise DomainError(_l("Only a visible topic can be supported."))
    try:
        with db.session.begin_nested():
            db.session.add(ForumSupport(post_id=topic.id, user_id=user.id, created_at=now or utcnow()))
            db.session.flush()
    except IntegrityError:
        return False
    db.session.execute(
        update(ForumPost)
        .where(ForumPost.id == topic.id)
        .values(support_count=ForumPost.support_count + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(topic, ["support_count"])
    return True


def withdraw_support(topic: ForumPost, user: User) -> bool:
    """Take one's support of a topic back; False when there was none (a second click, even at
    the same moment, changes nothing)."""
    statement = delete(ForumSupport).where(ForumSupport.post_id == topic.id, ForumSupport.user_id == user.id)
    if not db.session.execute(statement).rowcount:
        return False
    db.session.execute(
        update(ForumPost)
        .where(ForumPost.id == topic.id, ForumPost.support_count > 0)
        .values(support_count=ForumPost.support_count - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(topic, ["support_count"])
    return True


def supported_by(user: User, post_ids: list[int]) -> set[int]:
    if not post_ids or not user.is_authenticated:
        return set()
    return set(db.session.scalars(_supported(), {"user_id": user.id, "post_ids": list(post_ids)}))


@built_once
def _supported() -> Select:
    """`supported_by`'s query, built once (parameters: user_id, post_ids)."""
    return select(ForumSupport.post_id).where(
        ForumSupport.user_id == bindparam("user_id"),
        ForumSupport.post_id.in_(bindparam("post_ids", expanding=True)),
    )


@built_once
def _topics(moderator: bool, by_category: bool) -> Select:
    """The topics of the compound `compound_id` the person may see (hidden ones are listed for
    moderators and their authors only: the author `user_id`), of the `category` when
    `by_category`, the latest activity first, with their authors."""
    query = (
        select(ForumPost)
        .where(ForumPost.compound_id == bindparam("compound_id"), ForumPost.topic_id.is_(None))
        .options(joinedload(ForumPost.author))
        .order_by(ForumPost.last_activity_at.desc(), ForumPost.id.desc())
    )
    if not moderator:
        query = query.where(or_(ForumPost.hidden_at.is_(None), ForumPost.author_id == bindparam("user_id")))
    if by_category:
        query = query.where(ForumPost.category == bindparam("category"))
    return query


@built_once
def _topics_page(moderator: bool, by_category: bool, with_photos: bool) -> Select:
    query = _topics(moderator, by_category)
    return windowed(query.options(selectinload(ForumPost.photos)) if with_photos else query)


def _topic_values(compound: Compound, user: User, moderator: bool, category: ForumCategory | None) -> dict:
    values = {"compound_id": compound.id}
    if not moderator:
        values["user_id"] = user.id
    if category is not None:
        values["category"] = category
    return values


def topics_of(
    compound: Compound, user: User, *, moderator: bool, category: ForumCategory | None = None, limit: int = 50
) -> list[ForumPost]:
    """The latest `limit` topics (the compound page's panel), in one query."""
    query = _topics(moderator, category is not None).limit(limit)
    return list(db.session.scalars(query, _topic_values(compound, user, moderator, category)))


def topics_page(
    compound: Compound,
    user: User,
    *,
    moderator: bool,
    category: ForumCategory | None = None,
    page: int = 1,
    per_page: int = 50,
    with_photos: bool = False,
):
    """One page of the compound's topics (every topic stays reachable, however old), with their
    photos in one more query when asked (the API counts them)."""
    query = _topics_page(moderator, category is not None, with_photos)
    values = _topic_values(compound, user, moderator, category)
    return paginate(query, page=page, per_page=per_page, values=values)


def replies_of(topic: ForumPost) -> list[ForumPost]:
    """Every reply of a topic as ORM posts, for the API (hidden ones too: it lists them without
    their text), with authors and photos (the topic page reads light cards: `thread_of`).
    The topic comes in the same two queries, so that its own author and photos, where not loaded
    yet, are loaded with its replies' (not by two lazy loads when the page shows them)."""
    posts = db.session.scalars(_replies_query(), {"topic_id": topic.id}).unique()
    return [post for post in posts if post.id != topic.id]


@built_once
def _replies_query():
    """`replies_of`' query, built once (parameter: topic_id)."""
    return (
        select(ForumPost)
        .where(or_(ForumPost.topic_id == bindparam("topic_id"), ForumPost.id == bindparam("topic_id")))
        .options(joinedload(ForumPost.author), selectinload(ForumPost.photos))
        .order_by(ForumPost.created_at, ForumPost.id)
    )
