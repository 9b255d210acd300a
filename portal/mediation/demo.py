"""The mediation station's part of the demo: complaints at 南关街道's station in several states.
陈桂芳 (文宴雅居) has a leak complaint past its acceptance deadline (overdue in the queue and in
赵志强's to-do), a parking dispute settled by an agreement, and a noise case in mediation; 刘洋
(延中小区) has a fee complaint closed after a failed mediation and rated, and one just filed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.demo import DemoWorld, demo_step
from portal.extensions import db
from portal.mediation import services
from portal.mediation.models import Category, Complaint, Respondent, Route


def _file(
    world: DemoWorld,
    phone: str,
    compound: str,
    category: Category,
    respondent: Respondent,
    description: str,
    days_ago: int,
    **extra,
) -> Complaint:
    return services.file_complaint(
        world.users[phone],
        world.compounds[compound],
        category=category,
        respondent=respondent,
        description=description,
        mediation_consent=True,
        contact_phone=phone,
        now=utcnow() - timedelta(days=days_ago),
        **extra,
    )


@demo_step(order=60)
def demo_complaints(world: DemoWorld) -> None:
    office_id = world.compounds["文宴雅居"].community.street_office_id
    if db.session.scalar(select(Complaint.id).where(Complaint.street_office_id == office_id).limit(1)):
        return
    mediator, now = world.users["13900000004"], utcnow()
    _file(
        world,
        "13900000005",
        "文宴雅居",
        Category.REPAIRS,
        Respondent.PROPERTY_COMPANY,
        "1号楼顶层屋面漏水，雨天卧室天花板滴水，已报修三次未修。",
        days_ago=9,
    )

    parking = _file(
        world,
        "13900000005",
        "文宴雅居",
        Category.PARKING,
        Respondent.OWNERS_COMMITTEE,
        "业委会重新划分车位后，我家长期租用的车位被分给别人，未事先告知。",
        days_ago=40,
    )
    services.accept(parking, mediator, now=now - timedelta(days=38))
    services.assign(parking, mediator, mediator, now=now - timedelta(days=38))
    services.record_session(
        parking,
        mediator,
        held_on=beijing_date(now - timedelta(days=30)),
        place="南关街道调解室",
        participants="陈桂芳、业委会主任李秀兰、调解员赵志强",
        notes="双方同意按租用先后顺序重新排车位。",
        shared=True,
        now=now - timedelta(days=30),
    )
    services.record_agreement(
        parking,
        mediator,
        terms="业委会于下月1日前恢复陈桂芳原租用车位，车位费按原标准每月30元。",
        parties="陈桂芳；文宴雅居业主委员会",
        signed_on=beijing_date(now - timedelta(days=28)),
        now=now - timedelta(days=28),
    )

    noise = _file(
        world,
        "13900000005",
        "文宴雅居",
        Category.NOISE,
        Respondent.NEIGHBOUR,
        "楼上住户每晚十一点后装修敲打，多次沟通无果。",
        days_ago=12,
        respondent_detail="1号楼 1单元201",
    )
    services.accept(noise, mediator, now=now - timedelta(days=11))
    services.assign(noise, mediator, mediator, now=now - timedelta(days=11))
    services.record_session(
        noise,
        mediator,
        held_on=beijing_date(now - timedelta(days=5)),
        place="1号楼楼下",
        participants="陈桂芳、邻居、调解员赵志强",
        notes="邻居情绪激动，约下周再谈。",
        now=now - timedelta(days=5),
    )

    fees = _file(
        world,
        "13900000006",
        "延中小区",
        Category.FEES,
        Respondent.PROPERTY_COMPANY,
        "物业把停车场租金预收两年用于改造，但没有公布收支明细。",
        days_ago=60,
    )
    services.accept(fees, mediator, now=now - timedelta(days=59))
    services.assign(fees, mediator, mediator, now=now - timedelta(days=59))
    services.record_session(
        fees,
        mediator,
        held_on=beijing_date(now - timedelta(days=50)),
        place="南关街道调解室",
        participants="刘洋、物业经理、调解员赵志强",
        now=now - timedelta(days=50),
    )
    services.fail(
        fees,
        mediator,
        [Route.ADMINISTRATIVE, Route.COURT],
        "物业不同意公布明细。可向区住建局投诉，或向人民法院起诉。",
        now=now - timedelta(days=45),
    )
    services.close(fees, mediator, now=now - timedelta(days=44))
    services.rate(
        fees, world.users["13900000006"], 4, "调解员很耐心，虽然没谈成。", now=now - timedelta(days=43)
    )

    _file(
        world,
        "13900000006",
        "文宴雅居",
        Category.SANITATION,
        Respondent.PROPERTY_COMPANY,
        "2号楼垃圾桶三天没清运，气味很大。",
        days_ago=0,
    )
    db.session.flush()
