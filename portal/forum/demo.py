"""The forum's part of the demo: in 文宴雅居, the demo owner 陈桂芳 asks about parking at the
north gate, a neighbour and the committee reply, and the committee takes the topic up with a
link to the fee schedule's notice; a second topic about a broken street lamp waits."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import exists, select

from portal.columns import utcnow
from portal.demo import DemoWorld, demo_step
from portal.extensions import db
from portal.forum import services
from portal.forum.models import ForumCategory, ForumPost
from portal.notifications import path_for


@demo_step(order=60)
def forum_demo(world: DemoWorld) -> None:
    compound = world.compounds["文宴雅居"]
    if db.session.scalar(select(exists().where(ForumPost.compound_id == compound.id))):
        return
    owner, committee, member = (
        world.users["13900000005"],
        world.users["13900000002"],
        world.users["13900000007"],
    )
    start = utcnow() - timedelta(days=3)
    parking = services.create_topic(
        compound,
        author=owner,
        category=ForumCategory.PARKING,
        title="北门晚上停车太挤，能不能划车位？",
        body="每天晚上九点以后北门一带停满了车，消防通道也被占了。建议划线定位，按月收停车费。",
        now=start,
    )
    services.reply_to(
        parking, author=member, body="同意，可以先统计一下有多少户需要车位。", now=start + timedelta(hours=2)
    )
    services.support(parking, member)
    services.support(parking, committee)
    services.reply_to(
        parking,
        author=committee,
        body="业委会已把停车位收费标准（每个车位每月 30 元）报业主大会表决通过，近期划线。",
        now=start + timedelta(days=1),
    )
    fees = _fee_notice_path(compound)
    services.take_up(
        parking, member=committee, link=fees, note="停车位收费标准", now=start + timedelta(days=1)
    )
    services.create_topic(
        compound,
        author=owner,
        category=ForumCategory.REPAIRS,
        title="3号楼前路灯坏了",
        body="3号楼前的路灯已经坏了一个星期，晚上很黑，老人出门不方便。",
        now=start + timedelta(days=2),
    )


def _fee_notice_path(compound) -> str:
    """The fee schedule's notice of the compound (from management's demo), else its board."""
    from portal.management.services import fee_history

    history = fee_history(compound)
    if history and history[0].notice_id:
        return path_for("notices.notice", notice_id=history[0].notice_id)
    return path_for("places.compound", compound_id=compound.id)
