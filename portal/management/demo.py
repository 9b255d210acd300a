"""Management's part of the demo: the fee schedules (文宴雅居: 50 yuan a household a month, 30 a
parking space; 三国苑: per m²) and the service contracts of the professionally managed compounds
(胥中街片区's four courtyards under one contract)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, select

from portal.demo import DemoWorld, demo_step
from portal.extensions import db
from portal.management import services
from portal.management.models import FeeBasis, FeeSchedule

CONTRACTS = (
    (
        "三国苑",
        "许昌汉都物业服务有限公司",
        date(2021, 9, 1),
        date(2027, 8, 31),
        "保洁：楼道每日清扫，每周拖洗一次；秩序维护：24 小时门岗，夜间巡逻两次；"
        "绿化：每月修剪一次；设施维修：报修 24 小时内上门。",
        "2021年三国苑业主大会 第2项（选聘物业服务企业）",
    ),
    (
        "胥中街片区",
        "长葛市安居物业服务有限公司",
        date(2021, 10, 1),
        date(2027, 9, 30),
        "造纸厂、绿化站、农科所、电厂四个家属院统一保洁、秩序维护和公共设施维修；"
        "垃圾日产日清，门岗 24 小时值守。",
        "胥中街社区联席会议决定（2021年9月）",
    ),
)
FEES = (
    (
        "文宴雅居",
        date(2021, 6, 1),
        5000,
        FeeBasis.HOUSEHOLD,
        3000,
        "13900000002",
        "2021年文宴雅居业主大会 第3项（收费标准）",
    ),
    (
        "三国苑",
        date(2021, 9, 1),
        120,
        FeeBasis.AREA,
        10000,
        "13900000001",
        "2021年三国苑业主大会 第2项（选聘物业服务企业）",
    ),
)


@demo_step(order=45)
def management_demo(world: DemoWorld) -> None:
    """Fee schedules and contracts, once."""
    for name, provider, starts, ends, standard, decided_by in CONTRACTS:
        compound = world.compounds[name]
        if not services.contracts_of(compound):
            services.record_contract(
                [compound],
                provider=provider,
                starts_on=starts,
                ends_on=ends,
                service_standard=standard,
                decided_by=decided_by,
                actor=None,
            )
    for name, day, fee, basis, parking, phone, decided_by in FEES:
        compound = world.compounds[name]
        if not db.session.scalar(select(exists().where(FeeSchedule.compound_id == compound.id))):
            services.set_fees(
                compound,
                effective_from=day,
                property_fee_fen=fee,
                basis=basis,
                parking_fee_fen=parking,
                decided_by=decided_by,
                actor=world.users[phone],
            )
