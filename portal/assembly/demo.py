"""The assembly's part of the demo: 文宴雅居's assembly, established in 2021, with a meeting
open for voting now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from portal.assembly.establishment import assembly_of
from portal.assembly.models import AssemblyStatus, Meeting, MeetingForm, MeetingKind
from portal.assembly.rules import Matter
from portal.assembly.services import ItemDraft, create_meeting, publish
from portal.columns import utcnow
from portal.demo import DemoWorld, demo_step
from portal.extensions import db

DEMO_MEETING = "2026年第一次业主大会"


@demo_step(order=20)
def demo_meeting(world: DemoWorld) -> None:
    """A meeting of 文宴雅居 whose notice went out 16 days ago, so that voting is open now."""
    compound, committee = world.compounds["文宴雅居"], world.users["13900000002"]
    assembly = assembly_of(compound)
    if assembly.status == AssemblyStatus.NONE:  # established in 2021, before the portal
        assembly.status, assembly.established_at = (
            AssemblyStatus.ESTABLISHED,
            datetime(2021, 6, 1, tzinfo=UTC),
        )
    if db.session.scalar(
        select(Meeting).where(Meeting.compound_id == compound.id, Meeting.title == DEMO_MEETING)
    ):
        return
    now = utcnow()
    meeting = create_meeting(
        compound,
        title=DEMO_MEETING,
        kind=MeetingKind.REGULAR,
        form=MeetingForm.WRITTEN,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=9),
        items=[
            ItemDraft("修订《文宴雅居管理规约》", "增加电动自行车集中充电和停放的条款。", Matter.COVENANT),
            ItemDraft(
                "续聘业主自治管理小组", "物业费仍为每户每月 50 元，停车位每个每月 30 元。", Matter.OTHER_MAJOR
            ),
            ItemDraft("使用维修资金更换 2 号楼屋面防水", "预算约 8 万元，由维修资金列支。", Matter.FUND_USE),
        ],
        actor=committee,
    )
    publish(meeting, actor=committee, now=now - timedelta(days=16))
