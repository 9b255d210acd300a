"""Delivery by SMS and email: planned from each person's choices, sent at most once even when
a sender is killed, retried with backoff, given up after a day, quiet at night."""

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from portal.messaging import DeliveryFailed, sms_sender
from portal.notifications import delivery
from portal.notifications.choices import save_choices
from portal.notifications.models import Channel, Delivery, DeliveryStatus
from portal.notifications.quiet_hours import backoff, is_quiet, next_allowed
from tests.conftest import login
from tests.notifications.conftest import tell

#: 10:00 in Beijing; 22:30 in Beijing.
MORNING = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
NIGHT = datetime(2026, 12, 1, 14, 30, tzinfo=UTC)


def deliveries(db) -> list[Delivery]:
    db.session.expire_all()
    return list(db.session.scalars(select(Delivery).order_by(Delivery.id)))


def test_deliveries_follow_each_persons_choices(db, world, sms, mails):
    save_choices(world.resident, "resident@example.com", {"notice_published": (True, True)})
    save_choices(world.staff, "", {"notice_published": (True, False)})  # email wanted, none given
    for user in (world.resident, world.staff, world.committee):  # the committee keeps the defaults
        tell(user)
    db.session.commit()
    report = delivery.run_round(now=MORNING)
    assert report.errors == [] and report.planned == 3
    assert [(d.channel, d.address) for d in deliveries(db)] == [
        (Channel.SMS, world.resident.phone),
        (Channel.EMAIL, "resident@example.com"),
    ]
    assert report.outcomes == {"sent": 2}
    assert sms == [(world.resident.phone, "【社区自治】测试通知 http://127.0.0.1:5000/notices/1")]
    assert [(m.to, m.subject) for m in mails] == [(["resident@example.com"], "测试通知")]
    assert delivery.run_round(now=MORNING + timedelta(minutes=1)).outcomes == {}  # nothing twice


def test_a_sender_killed_holding_a_claim_is_replaced_and_the_message_goes_once(db, world, sms):
    tell(world.resident, kind="meeting_announced")  # SMS by default
    db.session.commit()
    delivery.plan(MORNING)
    assert delivery.claim("killed-worker", MORNING) == [deliveries(db)[0].id]
    db.session.commit()  # ...and the sender dies here, before handing the message over
    assert delivery.run_round(now=MORNING + timedelta(minutes=1)).outcomes == {}  # still leased
    report = delivery.run_round(now=MORNING + delivery.LEASE + timedelta(seconds=1))
    assert report.retried == 1 and report.outcomes == {"sent": 1}
    assert len(sms) == 1
    assert delivery.run_round(now=MORNING + 3 * delivery.LEASE).outcomes == {}
    assert len(sms) == 1 and deliveries(db)[0].status == DeliveryStatus.SENT


def test_a_sender_killed_while_handing_over_never_sends_twice(client, db, world, sms):
    tell(world.resident, kind="meeting_announced")
    db.session.commit()
    delivery.plan(MORNING)
    [claimed] = delivery.claim("killed-worker", MORNING)
    db.session.commit()
    handed = delivery.begin_sending(claimed, "killed-worker", MORNING)
    db.session.commit()
    delivery.transmit(handed)  # the provider has it, and the sender dies before recording it
    assert len(sms) == 1
    report = delivery.run_round(now=MORNING + delivery.LEASE + timedelta(seconds=1))
    assert report.uncertain == 1 and report.outcomes == {}
    assert len(sms) == 1 and deliveries(db)[0].status == DeliveryStatus.UNCERTAIN
    delivery.run_round(now=MORNING + timedelta(hours=2))
    assert len(sms) == 1
    login(client, world.admin)
    page = client.get("/notifications/failed").get_data(as_text=True)
    assert world.resident.phone in page and "测试通知" in page


def test_two_senders_never_claim_the_same_delivery(db, world):
    for _ in range(3):
        tell(world.resident, kind="meeting_announced")
    db.session.commit()
    delivery.plan(MORNING)
    first = delivery.claim("one", MORNING, limit=2)
    second = delivery.claim("two", MORNING, limit=5)
    assert len(first) == 2 and len(second) == 1 and not set(first) & set(second)


class Refusing:
    """An SMS provider that refuses every message."""

    def __init__(self, config) -> None:
        self.calls = 0

    def send(self, phone, text):
        self.calls += 1
        raise DeliveryFailed("provider refused")


def test_refusals_are_retried_with_backoff_and_given_up_after_a_day(app, db, world):
    app.extensions["portal_sms"] = refusing = Refusing(app.config)
    try:
        tell(world.resident, kind="meeting_announced")
        db.session.commit()
        delivery.run_round(now=MORNING)
        [row] = deliveries(db)
        assert (row.status, row.attempts, row.last_error) == (DeliveryStatus.PENDING, 1, "provider refused")
        assert row.due_at == MORNING + timedelta(minutes=1)
        delivery.run_round(now=MORNING + timedelta(seconds=30))  # not due yet
        assert refusing.calls == 1
        delivery.run_round(now=MORNING + timedelta(minutes=1))
        assert deliveries(db)[0].due_at == MORNING + timedelta(minutes=3)  # waited 2 minutes more
        assert [backoff(n).total_seconds() for n in (1, 2, 3, 10)] == [60, 120, 240, 3600]
        delivery.run_round(now=MORNING + timedelta(days=1, minutes=1))
        row = deliveries(db)[0]
        assert row.status == DeliveryStatus.FAILED and refusing.calls == 3
        delivery.run_round(now=MORNING + timedelta(days=2))
        assert refusing.calls == 3
    finally:
        app.extensions.pop("portal_sms")


def test_no_sms_at_night_email_at_any_time(db, world, sms, mails):
    save_choices(world.resident, "r@example.com", {"meeting_announced": (True, True)})
    with time_machine.travel(NIGHT, tick=False):
        tell(world.resident, kind="meeting_announced")
        db.session.commit()
        delivery.run_round()
        assert len(mails) == 1 and sms == []
        sms_row = next(d for d in deliveries(db) if d.channel == Channel.SMS)
        assert sms_row.due_at == datetime(2026, 12, 2, 0, 0, tzinfo=UTC)  # 08:00 in Beijing
    with time_machine.travel(datetime(2026, 12, 1, 23, 59, tzinfo=UTC), tick=False):  # 07:59
        delivery.run_round()
        assert sms == []
    with time_machine.travel(datetime(2026, 12, 2, 0, 0, 30, tzinfo=UTC), tick=False):
        delivery.run_round()
        assert len(sms) == 1


def test_quiet_hours_are_beijing_time():
    assert not is_quiet(datetime(2026, 12, 1, 12, 59, tzinfo=UTC))  # 20:59
    assert is_quiet(datetime(2026, 12, 1, 13, 0, tzinfo=UTC))  # 21:00
    assert is_quiet(datetime(2026, 12, 1, 23, 59, tzinfo=UTC))  # 07:59
    assert not is_quiet(datetime(2026, 12, 2, 0, 0, tzinfo=UTC))  # 08:00
    early = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)  # 02:00 on the 2nd
    assert next_allowed(Channel.SMS, early) == datetime(2026, 12, 2, 0, 0, tzinfo=UTC)
    assert next_allowed(Channel.EMAIL, early) == early


def test_an_sms_claimed_just_before_the_quiet_hours_waits_for_the_morning(db, world, sms):
    tell(world.resident, kind="meeting_announced")
    db.session.commit()
    evening = datetime(2026, 12, 1, 12, 59, tzinfo=UTC)  # 20:59
    delivery.plan(evening)
    [claimed] = delivery.claim("w", evening)
    db.session.commit()
    assert delivery.send_claimed(claimed, "w", evening + timedelta(minutes=2)) is None
    assert sms == [] and deliveries(db)[0].status == DeliveryStatus.PENDING


def test_the_command_runs_one_round(app, db, world, sms):
    tell(world.resident, kind="meeting_announced")
    db.session.commit()
    with time_machine.travel(MORNING, tick=False):
        result = app.test_cli_runner().invoke(args=["notifications", "deliver", "--once"])
    assert result.exit_code == 0, result.output
    assert "planned 1; sent 1" in result.output and len(sms_sender().sent) == 1
