"""Volunteer service's part of the demo: 张建国 (南关社区's staff) runs a weekly safety patrol
(治安巡逻) in 文宴雅居 for eight weeks: four evenings done, with hours recorded (one volunteer
not come, one check-out still to correct), tomorrow's full with a waitlist, the next one full,
and the demo owner 陈桂芳 with hours and a certificate. A community clean-up comes next."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from portal.auth.models import User
from portal.auth.services import register_user
from portal.columns import utcnow
from portal.demo import DEMO_PASSWORD, DemoWorld, demo_step
from portal.extensions import db
from portal.registration.services import claim_unit, verify_claim
from portal.volunteering import rules, services
from portal.volunteering.models import Activity, Category

PATROL = "文宴雅居夜间治安巡逻"
CLEAN_UP = "南关社区周末环境整治"
#: Residents of 文宴雅居 who volunteer: (phone, building, unit); names from the roster.
VOLUNTEERS = (
    ("13900000101", "4号楼", "1单元101"),
    ("13900000102", "4号楼", "1单元201"),
    ("13900000103", "4号楼", "2单元101"),
    ("13900000104", "4号楼", "2单元201"),
)


def _evening(day, hour: int) -> datetime:
    """`hour` o'clock (Beijing) of a day, in UTC."""
    return datetime.combine(day, time(hour), tzinfo=rules.BEIJING).astimezone(UTC)


def _volunteer(world: DemoWorld, phone: str, building: str, unit_name: str) -> User:
    """A resident with a verified claim (verified by the committee)."""
    user = db.session.scalar(select(User).where(User.phone == phone))
    compound = world.compounds["文宴雅居"]
    unit = next(u for b in compound.buildings if b.name == building for u in b.units if u.name == unit_name)
    if user is None:
        user = register_user(phone, unit.owner_group.owner_name, DEMO_PASSWORD)
        verify_claim(
            claim_unit(user, unit, f"豫(2021)许昌市不动产权第{unit.id:07d}号"), world.users["13900000002"]
        )
    return user


@demo_step(order=40)
def demo_patrol(world: DemoWorld) -> None:
    compound, staff = world.compounds["文宴雅居"], world.users["13900000003"]
    if db.session.scalar(
        select(Activity.id).where(Activity.compound_id == compound.id, Activity.title == PATROL)
    ):
        return
    people = [world.users["13900000005"], world.users["13900000002"]]
    people += [_volunteer(world, *spec) for spec in VOLUNTEERS]
    now = utcnow()
    tomorrow = now.astimezone(rules.BEIJING).date() + timedelta(days=1)
    days = [tomorrow + timedelta(weeks=week) for week in range(-4, 4)]
    sessions = [services.SessionDraft(_evening(day, 19), _evening(day, 21), 4) for day in days]
    patrol = services.create_activity(
        compound=compound,
        title=PATROL,
        category=Category.PATROL,
        place="文宴雅居北门值班室集合",
        description="每周一次晚间巡逻：检查楼道消防通道、电动车充电和门禁，提醒邻居关好门窗。"
        "请穿舒适的鞋，社区提供红马甲、手电和对讲机。",
        contact="张建国 13900000003",
        sessions=sessions,
        signup_closes_at=sessions[-1].starts_at,
        cancel_closes_at=sessions[-1].starts_at,
        min_age=16,
        actor=staff,
        now=sessions[0].starts_at - timedelta(days=7),
    )
    _past_evenings(patrol, people, staff)
    _coming_evenings(patrol, people, sessions[0].starts_at - timedelta(days=6))
    services.set_leaderboard(people[0], True)
    services.set_leaderboard(people[2], True)
    services.issue_certificate(people[0], compound.community, now=now - timedelta(days=1))
    _clean_up(world, people, now)


#: Each past evening: (volunteer index, minutes late, minutes early, what happened).
PAST = (
    ((0, 0, 0), (1, 10, 0), (2, 0, 30), (3, 0, 0)),
    ((0, 5, 0), (2, 0, 0), (3, 0, 0), (4, None, None)),
    ((0, 0, 15), (1, 0, 0), (4, 20, 0), (5, 0, "no check-out")),
    ((0, 0, 0), (2, 0, 0), (3, 40, 0), (5, 0, 0)),
)


def _past_evenings(patrol: Activity, people: list[User], staff: User) -> None:
    """Sign-ups a week before each past evening; check-ins and outs as they happened."""
    for session, evening in zip(patrol.sessions[:4], PAST, strict=True):
        for index, late, early in evening:
            result = services.sign_up(session, people[index], now=session.starts_at - timedelta(days=6))
            if late is None:
                services.mark_no_show(
                    result.signup, actor=staff, now=session.starts_at + timedelta(minutes=30)
                )
                continue
            services.check_in(result.signup, actor=staff, now=session.starts_at + timedelta(minutes=late))
            if early != "no check-out":
                services.check_out(result.signup, actor=staff, now=session.ends_at - timedelta(minutes=early))


def _coming_evenings(patrol: Activity, people: list[User], when: datetime) -> None:
    """Tomorrow's evening full with two on the waitlist; the next full; one more begun."""
    coming = patrol.sessions[4:]
    for index in (0, 1, 2, 3, 4, 5):
        services.sign_up(coming[0], people[index], now=when)
    for index in (2, 3, 4, 0):
        services.sign_up(coming[1], people[index], now=when)
    for index in (3, 5):
        services.sign_up(coming[2], people[index], now=when)


def _clean_up(world: DemoWorld, people: list[User], now: datetime) -> None:
    """A community-wide clean-up on Saturday week, for residents of every compound."""
    day = now.astimezone(rules.BEIJING).date() + timedelta(days=8)
    starts = _evening(day, 8)
    activity = services.create_activity(
        community=world.compounds["文宴雅居"].community,
        title=CLEAN_UP,
        category=Category.ENVIRONMENT,
        place="南关社区党群服务中心门前集合",
        description="清理各小区楼道堆放物和绿化带垃圾，社区提供手套、夹子和垃圾袋。未成年人需监护人同意。",
        contact="张建国 13900000003",
        sessions=[services.SessionDraft(starts, starts + timedelta(hours=3), 20)],
        signup_closes_at=starts - timedelta(hours=12),
        cancel_closes_at=starts - timedelta(days=1),
        actor=world.users["13900000003"],
        now=now,
    )
    services.sign_up(activity.sessions[0], people[1], now=now)
