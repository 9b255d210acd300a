"""Notification fixtures: a person with a notification waiting, and the SMS and mail outboxes."""

import pytest
from flask import current_app

from portal.messaging import sms_sender
from portal.notifications import notify


@pytest.fixture
def sms(app):
    """The text messages "sent" by the log backend during the test."""
    sender = sms_sender()
    sender.sent.clear()
    yield sender.sent
    sender.sent.clear()


@pytest.fixture
def mails(app):
    """The emails sent during the test (Flask-Mailman's locmem outbox)."""
    mailman = current_app.extensions["mailman"]
    mailman.outbox = []
    yield mailman.outbox


def tell(user, title="测试通知", kind="notice_published", url="/notices/1", **kwargs) -> int:
    return notify([user], kind=kind, title=title, url=url, **kwargs)
