"""The topic page's thread read as light cards: the topic and its replies show a few columns
of each post, the author's name and the photos' ids. Read as plain rows of one statement (built
once) instead of ORM posts with their authors and photos, which cost more to load than to show
(bench/README.md, "Where the time goes now"); the API reads `replies_of`'s ORM posts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, bindparam, or_, select

from portal.auth.models import User
from portal.extensions import db
from portal.forum.models import ForumPhoto, ForumPost
from portal.statements import built_once


@dataclass(slots=True)
class PostCard:
    """What the topic page shows of a post (the topic or a reply), under `ForumPost`'s names
    where it has them, so that `rules.shown_to` reads it as it reads a post."""

    id: int
    author_id: int
    body: str
    created_at: datetime
    edited_at: datetime | None
    hidden: bool
    hidden_reason: str
    review_requested_at: datetime | None
    review_note: str
    reviewed_at: datetime | None
    author_name: str
    photo_ids: list[int] = field(default_factory=list)


def thread_of(topic: ForumPost) -> tuple[PostCard, list[PostCard]]:
    """The topic's card and its replies' (hidden ones too: the page shows a placeholder), oldest
    first, with their authors' names and photos, in one statement."""
    cards: list[PostCard] = []
    for row in db.session.execute(_thread(), {"topic_id": topic.id}):
        if not cards or cards[-1].id != row[0]:
            cards.append(PostCard(*row[:5], row[5] is not None, *row[6:11]))
        if row[11] is not None:
            cards[-1].photo_ids.append(row[11])
    topic_card = next(card for card in cards if card.id == topic.id)
    return topic_card, [card for card in cards if card is not topic_card]


@built_once
def _thread() -> Select:
    """`thread_of`'s statement (parameter: topic_id): a row per post and photo (a post without
    photos has one row, its photo id empty), the posts in the page's order, each post's photos
    in theirs (`ForumPost.photos`)."""
    return (
        select(
            ForumPost.id,
            ForumPost.author_id,
            ForumPost.body,
            ForumPost.created_at,
            ForumPost.edited_at,
            ForumPost.hidden_at,
            ForumPost.hidden_reason,
            ForumPost.review_requested_at,
            ForumPost.review_note,
            ForumPost.reviewed_at,
            User.name,
            ForumPhoto.id,
        )
        .join(User, User.id == ForumPost.author_id)
        .outerjoin(ForumPhoto, ForumPhoto.post_id == ForumPost.id)
        .where(or_(ForumPost.topic_id == bindparam("topic_id"), ForumPost.id == bindparam("topic_id")))
        .order_by(ForumPost.created_at, ForumPost.id, ForumPhoto.id)
    )
