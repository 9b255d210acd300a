"""Sending notifications on by email and SMS (`flask notifications deliver`).

Each round: the `due` scan (things that follow from the clock), then planning (each new
notification gets a delivery row per channel the person chose), then sending what is due.

**At most once.** A delivery is *claimed* under a lease (a conditional UPDATE; on PostgreSQL
the candidates are picked `FOR UPDATE SKIP LOCKED`, so parallel senders never take the same
row), then marked *sending* and committed **before** it is handed to the provider, then marked
*sent*. A sender killed while it holds a claim never handed the message over: when the lease
runs out the delivery is taken back and sent by the next round. A sender killed after marking
it *sending* may or may not have handed it over; we do not send it again (a second SMS to an
elderly owner is worse than none, and the inbox has it anyway): it becomes *uncertain* and is
listed for administrators with the failures. The one window of doubt is the provider call.

A refusal by the provider (`DeliveryFailed`) is retried with exponential backoff (1, 2, 4 ...
minutes, at most hourly); a day after the delivery was planned it is given up (*failed*) and
listed for administrators. SMS keeps quiet hours (21:00–08:00 Beijing time: it waits for 08:00).

These functions are the command's steps: each step commits its own work (`run_round`), so that
a claim is visible to other senders before anything is sent.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Select, insert, select, update

from portal.auth.models import User
from portal.columns import utcnow
from portal.extensions import db
from portal.messaging import DeliveryFailed, send_email, send_sms
from portal.notifications.inbox import translate
from portal.notifications.kinds import KINDS
from portal.notifications.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Notification,
    NotificationContact,
    NotificationPreference,
)
from portal.notifications.quiet_hours import backoff, is_quiet, next_allowed
from portal.notifications.signals import due

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
GIVE_UP_AFTER = timedelta(days=1)
BATCH = 100
UNCERTAIN = "The sender stopped while handing this message over; it may or may not have arrived."


def new_worker_name() -> str:
    return f"{socket.gethostname()[:20]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


# --- planning -------------------------------------------------------------------------------------


def channels_wanted(user_ids: set[int]) -> Callable[[int, str], tuple[bool, bool]]:
    """(email, sms) wanted by each person for each kind: their choice, else the kind's default."""
    rows = db.session.execute(
        select(NotificationPreference).where(NotificationPreference.user_id.in_(user_ids))
    ).scalars()
    chosen = {(p.user_id, p.kind): (p.email, p.sms) for p in rows}

    def wanted(user_id: int, kind: str) -> tuple[bool, bool]:
        default = KINDS.get(kind)
        return chosen.get((user_id, kind), (default.email, default.sms) if default else (False, False))

    return wanted


def _picked(candidates: Select) -> Select:
    """The ids chosen (and locked) once, as a materialised CTE: inside a plain `IN (subquery)`
    PostgreSQL may run a `LIMIT ... FOR UPDATE SKIP LOCKED` subquery more than once and so
    take more rows than the limit."""
    picked = candidates.cte("picked")
    if db.session.get_bind().dialect.name == "postgresql":
        picked = picked.prefix_with("MATERIALIZED")
    return select(picked.c.id)


def plan(now: datetime) -> int:
    """Give the notifications not yet planned their deliveries; returns how many were planned.
    The notifications are taken with a conditional UPDATE (skipping rows another sender has
    locked), so that two senders never plan the same one."""
    candidates = (
        select(Notification.id)
        .where(Notification.planned.is_(False))
        .order_by(Notification.id)
        .limit(BATCH)
        .with_for_update(skip_locked=True)
    )
    taken = db.session.execute(
        update(Notification)
        .where(Notification.id.in_(_picked(candidates)), Notification.planned.is_(False))
        .values(planned=True)
        .returning(Notification.id, Notification.user_id, Notification.kind)
        .execution_options(synchronize_session=False)
    ).all()
    if not taken:
        return 0
    users = {user_id for _id, user_id, _kind in taken}
    phones = dict(
        db.session.execute(select(User.id, User.phone).where(User.id.in_(users), User.active)).all()
    )
    emails = dict(
        db.session.execute(
            select(NotificationContact.user_id, NotificationContact.email).where(
                NotificationContact.user_id.in_(users), NotificationContact.email != ""
            )
        ).all()
    )
    wanted = channels_wanted(users)
    rows = []
    for notification_id, user_id, kind in taken:
        if user_id not in phones:
            continue
        email, sms = wanted(user_id, kind)
        for channel, on, address in (
            (Channel.SMS, sms, phones[user_id]),
            (Channel.EMAIL, email, emails.get(user_id)),
        ):
            if on and address:
                rows.append(_delivery(notification_id, channel, address, now))
    if rows:
        db.session.execute(insert(Delivery), rows)
    return len(taken)


def _delivery(notification_id: int, channel: Channel, address: str, now: datetime) -> dict:
    return {
        "notification_id": notification_id,
        "channel": channel,
        "address": address,
        "status": DeliveryStatus.PENDING,
        "attempts": 0,
        "due_at": next_allowed(channel, now),
        "worker": "",
        "last_error": "",
        "created_at": now,
    }


# --- claiming -------------------------------------------------------------------------------------


def _set(condition, **values) -> int:
    statement = (
        update(Delivery).where(*condition).values(**values).execution_options(synchronize_session=False)
    )
    return db.session.execute(statement).rowcount


def take_back_expired(now: datetime) -> tuple[int, int]:
    """Leases that ran out: a claimed delivery was never handed over and goes back to the
    queue; one that was being sent becomes uncertain (never sent twice)."""
    expired = (Delivery.lease_until.is_not(None), Delivery.lease_until <= now)
    retried = _set(
        (Delivery.status == DeliveryStatus.CLAIMED, *expired),
        status=DeliveryStatus.PENDING,
        worker="",
        lease_until=None,
    )
    doubtful = _set(
        (Delivery.status == DeliveryStatus.SENDING, *expired),
        status=DeliveryStatus.UNCERTAIN,
        lease_until=None,
        last_error=UNCERTAIN,
    )
    return retried, doubtful


def claim(worker: str, now: datetime, limit: int = BATCH) -> list[int]:
    """Claim up to `limit` due deliveries for this sender, under a lease; returns their ids."""
    candidates = (
        select(Delivery.id)
        .where(Delivery.status == DeliveryStatus.PENDING, Delivery.due_at <= now)
        .order_by(Delivery.due_at, Delivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    statement = (
        update(Delivery)
        .where(Delivery.id.in_(_picked(candidates)), Delivery.status == DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.CLAIMED, worker=worker, lease_until=now + LEASE)
        .returning(Delivery.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(db.session.scalars(statement))


# --- sending --------------------------------------------------------------------------------------


def compose(delivery: Delivery) -> tuple[str, str]:
    """(subject, text) of the message, in the portal's default language."""
    notification = delivery.notification
    title = translate(notification.title_msgid, notification.title_params)
    link = portal_url() + notification.url if notification.url else portal_url()
    return title, f"{title} {link}"


def portal_url() -> str:
    """Where the portal is, for links in messages (PORTAL_URL, e.g. https://shequ.example.cn)."""
    return (
        current_app.config.get("PORTAL_URL") or os.environ.get("PORTAL_URL") or "http://127.0.0.1:5000"
    ).rstrip("/")


def begin_sending(delivery_id: int, worker: str, now: datetime) -> Delivery | None:
    """Mark a delivery this sender holds as being sent (to be committed before the provider is
    called). None when the claim was lost, or when an SMS must wait for the end of quiet hours."""
    delivery = db.session.get(Delivery, delivery_id)
    held = (Delivery.id == delivery_id, Delivery.status == DeliveryStatus.CLAIMED, Delivery.worker == worker)
    if delivery.channel == Channel.SMS and is_quiet(now):
        _set(
            held,
            status=DeliveryStatus.PENDING,
            worker="",
            lease_until=None,
            due_at=next_allowed(Channel.SMS, now),
        )
        return None
    if (
        _set(held, status=DeliveryStatus.SENDING, lease_until=now + LEASE, attempts=Delivery.attempts + 1)
        != 1
    ):
        return None
    db.session.refresh(delivery)
    return delivery


def transmit(delivery: Delivery) -> None:
    """Hand the message to the email server or the SMS provider."""
    subject, text = compose(delivery)
    if delivery.channel == Channel.SMS:
        send_sms(delivery.address, f"【{current_app.config.get('SMS_SIGNATURE', '社区自治')}】{text}")
    else:
        send_email(delivery.address, subject, text)


def finish(delivery: Delivery, now: datetime, error: Exception | None = None) -> DeliveryStatus:
    """Record the outcome: sent; refused (retried later, or given up after a day); or
    uncertain after an unexpected error (the provider may have it)."""
    mine = (Delivery.id == delivery.id, Delivery.status == DeliveryStatus.SENDING)
    if error is None:
        status, values = DeliveryStatus.SENT, {"sent_at": now}
    elif not isinstance(error, DeliveryFailed):
        status, values = DeliveryStatus.UNCERTAIN, {"last_error": f"{UNCERTAIN} {error!r}"[:500]}
    elif now - delivery.created_at >= GIVE_UP_AFTER:
        status, values = DeliveryStatus.FAILED, {"last_error": str(error)[:500]}
    else:
        retry = next_allowed(delivery.channel, now + backoff(delivery.attempts))
        status, values = (
            DeliveryStatus.PENDING,
            {"last_error": str(error)[:500], "due_at": retry, "worker": ""},
        )
    _set(mine, status=status, lease_until=None, **values)
    return status


def send_claimed(delivery_id: int, worker: str, now: datetime) -> DeliveryStatus | None:
    """Send one claimed delivery: committed as sending, handed over, committed as the outcome."""
    delivery = begin_sending(delivery_id, worker, now)
    db.session.commit()
    if delivery is None:
        return None
    try:
        transmit(delivery)
    except Exception as error:
        log.warning("delivery %s on %s failed: %r", delivery.id, delivery.channel, error)
        outcome = finish(delivery, now, error)
    else:
        outcome = finish(delivery, now)
    db.session.commit()
    return outcome


# --- a round --------------------------------------------------------------------------------------


@dataclass
class Round:
    """What one round did."""

    planned: int = 0
    retried: int = 0
    uncertain: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _step(report: Round, name: str, work: Callable):
    """Run one step as its own transaction: committed, or rolled back and reported."""
    try:
        result = work()
        db.session.commit()
        return result
    except Exception as error:
        db.session.rollback()
        log.exception("notifications: %s failed", name)
        report.errors.append(f"{name}: {error!r}")
        return None


def scan_due(report: Round, now: datetime) -> None:
    """Let every capability create what follows from the clock, each in its own transaction."""
    for receiver in list(due.receivers_for("notifications")):
        _step(
            report,
            f"scan {getattr(receiver, '__qualname__', receiver)}",
            lambda r=receiver: r("notifications", now=now),
        )


def run_round(now: datetime | None = None, worker: str | None = None) -> Round:
    """One round of the delivery command: scan, take back expired leases, plan, send."""
    clock = (lambda: now) if now is not None else utcnow
    now, worker, report = clock(), worker or new_worker_name(), Round()
    scan_due(report, now)
    report.retried, report.uncertain = _step(report, "leases", lambda: take_back_expired(now)) or (0, 0)
    while planned := _step(report, "plan", lambda: plan(now)):
        report.planned += planned
    for delivery_id in _step(report, "claim", lambda: claim(worker, now)) or []:
        outcome = send_claimed(delivery_id, worker, clock())
        if outcome is not None:
            report.outcomes[outcome.value] = report.outcomes.get(outcome.value, 0) + 1
    return report
