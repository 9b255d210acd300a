"""Reaching people outside the portal: text messages (SMS) and email.

SMS goes through a sender chosen by configuration: `SMS_BACKEND=log` (the default, for
development and tests) writes each message to the application log; a real provider plugs in as
`SMS_BACKEND=package.module:ClassName`, a class taking the app's config whose `send(phone, text)`
delivers or raises `DeliveryFailed`. Email goes through Flask-Mailman (`MAIL_BACKEND=console` in
development prints it; `smtp` with MAIL_SERVER etc. in production; `locmem` in tests).
"""

from __future__ import annotations

import logging
from importlib import import_module
from typing import Protocol

from flask import current_app
from flask_mailman import EmailMessage

log = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """A message could not be delivered now (the caller may retry later)."""


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class LogSmsSender:
    """Development backend: the message is written to the log, nothing is sent. Tests read
    `sent` to see what would have gone out."""

    def __init__(self, config) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        self.sent.append((phone, text))
        log.info("SMS to %s: %s", phone, text)


def sms_sender() -> SmsSender:
    """The configured SMS sender of this app (created once)."""
    sender = current_app.extensions.get("portal_sms")
    if sender is None:
        backend = current_app.config.get("SMS_BACKEND", "log")
        if backend == "log":
            cls = LogSmsSender
        else:
            module, _, name = backend.partition(":")
            cls = getattr(import_module(module), name)
        sender = current_app.extensions["portal_sms"] = cls(current_app.config)
    return sender


def send_sms(phone: str, text: str) -> None:
    """Send a text message (raises DeliveryFailed when the provider refuses it)."""
    sms_sender().send(phone, text)


def send_email(to: str, subject: str, body: str) -> None:
    """Send a plain-text email (raises DeliveryFailed when the server refuses it)."""
    try:
        EmailMessage(subject, body, to=[to]).send()
    except Exception as error:  # SMTP errors come in many kinds
        raise DeliveryFailed(str(error)) from error
