"""The notice board's part of the demo: notices on each demo compound's board (the fee
schedule of 文宴雅居, the parking rent of 延中小区 ...), and the notifications that follow from
the clock (voting is open on 文宴雅居's meeting), so that the demo owner 13900000005 finds
notifications waiting."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.columns import utcnow
from portal.demo import DemoWorld, demo_step
from portal.extensions import db
from portal.notices.models import Notice, NoticeCategory
from portal.notices.services import publish_notice
from portal.notifications.signals import due

FEES = """经业主大会决定，文宴雅居实行业主自治管理，收费标准如下：

| 项目 | 标准 |
|---|---|
| 物业费 | 每户每月 50 元 |
| 停车位 | 每个每月 30 元 |

费用用于公共区域保洁、绿化、门卫和公共设施的日常维修，收支每季度在本公告栏公示。"""

PARKING = """延中小区停车位租金预收两年，共约 **20 万元**，全部用于小区改造（道路硬化、雨污分流、
照明）。改造完成后，租金收入用于小区日常维护。

每一笔收入和支出都记入小区公共收益账目，业主可随时查阅。"""

#: (compound, publisher's phone, title, category, body, options)
NOTICES = (
    (
        "文宴雅居",
        "13900000002",
        "文宴雅居物业费和停车费收费标准",
        NoticeCategory.FINANCE,
        FEES,
        {"pinned": True},
    ),
    (
        "文宴雅居",
        "13900000007",
        "2号楼屋面防水维修施工通知",
        NoticeCategory.NEWS,
        "施工期间请勿在 2 号楼北侧停放车辆。如有问题请联系业委会周卫东。",
        {},
    ),
    (
        "文宴雅居",
        "13900000002",
        "业委会第三次会议决定（仅限业主）",
        NoticeCategory.DECISION,
        "1. 同意续聘保洁人员两名；\n2. 同意更换 1 号楼单元门禁。",
        {"owners_only": True},
    ),
    (
        "文宴雅居",
        "13900000002",
        "春节期间垃圾清运安排",
        NoticeCategory.NEWS,
        "除夕至初三每日清运一次。",
        {"expired": True},
    ),
    ("延中小区", "13900000003", "延中小区停车位租金使用情况公示", NoticeCategory.FINANCE, PARKING, {}),
    (
        "三国苑",
        "13900000001",
        "关于开展电动自行车充电安全检查的通知",
        NoticeCategory.NEWS,
        "请勿在楼道内停放电动自行车或充电。",
        {},
    ),
    (
        "胥中街片区",
        "13900000001",
        "四个家属院统一物业服务合同签订公告",
        NoticeCategory.OTHER,
        "造纸厂、绿化站、农科所、电厂家属院已统一签订专业物业服务合同。",
        {},
    ),
)


@demo_step(order=30)
def demo_notices(world: DemoWorld) -> None:
    """Each demo compound's board gets its notices once (found again by title)."""
    now = utcnow()
    for compound_name, phone, title, category, body, options in NOTICES:
        compound = world.compounds[compound_name]
        if db.session.scalar(
            select(Notice.id).where(Notice.compound_id == compound.id, Notice.title == title)
        ):
            continue
        options = dict(options)
        when = now - timedelta(days=40) if options.pop("expired", False) else now - timedelta(days=2)
        expires = when + timedelta(days=10) if when < now - timedelta(days=30) else None
        publish_notice(
            compound,
            title=title,
            body=body,
            category=category,
            publisher=world.users[phone],
            now=when,
            expires_at=expires,
            **options,
        )
    for receiver in list(due.receivers_for("demo")):  # voting is open: the owners are told now
        receiver("demo", now=now)
