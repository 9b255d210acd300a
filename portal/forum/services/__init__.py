"""Services of the forum: writing (topics, replies, edits, support) and moderation (reports,
hiding with a reason, review on the author's request, "taken up"), and the lists pages show."""

from portal.forum.services.moderation import (  # noqa: F401
    decide_review,
    dismiss_reports,
    hide_post,
    moderation_queue,
    report_post,
    request_review,
    take_up,
)
from portal.forum.services.posts import (  # noqa: F401
    create_topic,
    edit_post,
    replies_of,
    reply_to,
    support,
    supported_by,
    topics_of,
    topics_page,
    withdraw_support,
)
from portal.forum.services.thread import thread_of  # noqa: F401
