"""Rules of the forum, without a database: who sees a hidden post, the edit window and the
per-person rate limit."""

from __future__ import annotations

from datetime import datetime, timedelta

#: A post may be edited by its author this long after it was written.
EDIT_WINDOW = timedelta(minutes=15)
#: At most this many posts (topics and replies) by one person within RATE_WINDOW...
RATE_LIMIT, RATE_WINDOW = 5, timedelta(minutes=10)
#: ...and at most this many new topics a day.
TOPICS_PER_DAY = 10
MAX_TITLE, MAX_BODY, MAX_REASON, MAX_PHOTOS = 100, 5000, 500, 6


def may_edit(created_at: datetime, now: datetime) -> bool:
    """Within 15 minutes of writing (the bound included)."""
    return now - created_at <= EDIT_WINDOW


def over_rate_limit(recent_posts: int, topics_today: int, *, new_topic: bool) -> bool:
    """Whether one more post would exceed 5 posts in 10 minutes, or 10 topics in 24 hours."""
    return recent_posts >= RATE_LIMIT or (new_topic and topics_today >= TOPICS_PER_DAY)


def shown_to(post, user, moderator: bool) -> bool:
    """Whether the reader sees a post's text and author: a hidden post only its author and the
    moderators do (the others see a placeholder; `services.posts._topics` has the same rule
    for lists in SQL)."""
    if not post.hidden or moderator:
        return True
    return bool(getattr(user, "is_authenticated", False)) and post.author_id == user.id
