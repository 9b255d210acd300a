"""The public ledger's part of the demo: 延中小区 prepaid two years of parking rent (201,600
yuan), spent on its renovation and then on upkeep. The community's staff (张建国) keep its
ledger, since it has no owners' committee; every month that is over is published, and one owner
(13900000201) is verified so that an owner can read it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, select

from portal.auth.models import User
from portal.auth.services import register_user
from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.demo import DEMO_PASSWORD, DemoWorld, demo_step
from portal.extensions import db
from portal.ledger import rules, services
from portal.ledger.models import Direction, LedgerCategory, LedgerEntry
from portal.registration.services import claim_unit, verify_claim

OWNER_PHONE = "13900000201"
INCOME, SPENDING = Direction.INCOME, Direction.SPENDING
C = LedgerCategory
#: (months before this one, day, direction, category, yuan, counterparty, note)
ENTRIES = (
    (
        6,
        8,
        INCOME,
        C.PARKING_RENT,
        "201600.00",
        "延中小区车位承租业主（84 个车位）",
        "预收两年车位租金，每位每月 100 元，用于小区改造",
    ),
    (6, 20, SPENDING, C.RENOVATION, "86500.00", "许昌市建安市政工程有限公司", "雨污分流管网改造"),
    (5, 12, SPENDING, C.RENOVATION, "62300.00", "许昌市建安市政工程有限公司", "小区主路面硬化"),
    (5, 26, SPENDING, C.RENOVATION, "18740.50", "魏都区明亮照明工程部", "楼道声控照明改造"),
    (4, 9, SPENDING, C.RENOVATION, "9850.00", "许昌绿源园林绿化有限公司", "改造后补种绿化"),
    (3, 3, INCOME, C.ADVERTISING, "3600.00", "许昌某某传媒有限公司", "小区门口广告位一年租金"),
    (3, 15, SPENDING, C.REPAIRS, "1260.00", "魏都区安泰门禁维修部", "单元门禁维修"),
    (2, 6, SPENDING, C.CLEANING, "2400.00", "南关社区物业服务中心", "垃圾清运（三个月）"),
    (1, 18, SPENDING, C.GREENING, "860.00", "许昌绿源园林绿化有限公司", "秋季修剪"),
    (0, 2, SPENDING, C.SECURITY, "1500.00", "南关社区物业服务中心", "夜间值守补贴"),
)


def _months_before(period: int, n: int) -> int:
    for _ in range(n):
        period = rules.previous_period(period)
    return period


def _owner(world: DemoWorld) -> User:
    """A verified owner of 延中小区 (verified by the community's staff)."""
    user = db.session.scalar(select(User).where(User.phone == OWNER_PHONE))
    if user is None:
        compound = world.compounds["延中小区"]
        unit = next(
            u for b in compound.buildings if b.name == "2号楼" for u in b.units if u.name == "1单元101"
        )
        user = register_user(OWNER_PHONE, unit.owner_group.owner_name, DEMO_PASSWORD)
        verify_claim(
            claim_unit(user, unit, f"豫(2021)许昌市不动产权第{unit.id:07d}号"), world.users["13900000003"]
        )
    return user


@demo_step(order=50)
def ledger_demo(world: DemoWorld) -> None:
    """延中小区's ledger over the last six months, published up to last month."""
    _owner(world)
    compound = world.compounds["延中小区"]
    if db.session.scalar(select(exists().where(LedgerEntry.compound_id == compound.id))):
        return
    staff = world.users["13900000003"]
    today = beijing_date(utcnow())
    this_month = rules.period_of(today)
    for back, day, direction, category, amount, counterparty, note in ENTRIES:
        month = rules.month_start(_months_before(this_month, back))
        services.record_entry(
            compound,
            entry_date=min(date(month.year, month.month, day), today),
            category=category,
            direction=direction,
            amount_fen=rules.parse_amount(amount),
            counterparty=counterparty,
            note=note,
            actor=staff,
        )
    for back in range(6, 0, -1):
        services.publish_month(compound, _months_before(this_month, back), actor=staff)
