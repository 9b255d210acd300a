"""Committee elections' part of the demo: 文宴雅居 elected its owners' committee this autumn (5
members and an alternate, entered as paper ballots), the term is running with its chair, vice
chair and a member also on the residents' committee (交叉任职), filed with the street office;
a joint meeting (联席会议) with the party branch, the residents' committee and the property
service centre has published minutes and decisions, and the next committee meeting is drafted."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.assembly.models import BallotChannel
from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.demo import DemoWorld, demo_step
from portal.elections import services
from portal.elections.models import Attendance, Body, CommitteeMeetingKind, Election
from portal.elections.services import committee_meetings as meetings
from portal.extensions import db
from portal.places.models import DEVELOPER_OWNER_KEY
from portal.places.services import roster_units

DEMO_ELECTION = "文宴雅居第一届业主委员会选举"
STATEMENTS = (
    "退休教师，熟悉小区情况，愿意为大家服务。",
    "从事财务工作二十年，负责公共收益账目公开。",
    "热心公益，参与过连片改造的协调工作。",
    "在小区居住三十年，了解两个家属院的历史。",
    "工程师，关注屋面防水和电动车充电设施。",
    "年轻业主，会用电脑，愿意做信息公开工作。",
)


def _owner_keys(compound) -> list[str]:
    """The roster's owner keys (not the developer's), in roster order."""
    keys = []
    for row in roster_units(compound):
        if row.owner_key != DEVELOPER_OWNER_KEY and row.owner_key not in keys:
            keys.append(row.owner_key)
    return keys


def _candidates(compound, count: int) -> list[str]:
    """The first `count` owners of the roster with distinct names."""
    names, keys = set(), []
    for row in roster_units(compound):
        if row.owner_key != DEVELOPER_OWNER_KEY and row.owner_name and row.owner_name not in names:
            names.add(row.owner_name)
            keys.append(row.owner_key)
    return keys[:count]


@demo_step(order=30)
def demo_election(world: DemoWorld) -> None:
    compound, committee = world.compounds["文宴雅居"], world.users["13900000002"]
    if db.session.scalar(
        select(Election.id).where(Election.compound_id == compound.id, Election.title == DEMO_ELECTION)
    ):
        return
    start = utcnow() - timedelta(days=80)
    election = services.create_election(
        compound,
        services.Settings(
            DEMO_ELECTION,
            5,
            1,
            5,
            start + timedelta(days=2),
            start + timedelta(days=20),
            start + timedelta(days=27),
        ),
        actor=committee,
    )
    services.open_nominations(election, actor=committee, now=start)
    keys = _owner_keys(compound)
    for key, statement in zip(_candidates(compound, 6), STATEMENTS, strict=True):
        services.nominate_owner(election, key, statement=statement, actor=committee, now=start)
    services.publish_list(election, actor=committee, now=start + timedelta(days=2))
    _paper_ballots(election, committee, keys, start + timedelta(days=21))
    services.finalise(election, actor=committee, now=start + timedelta(days=37))
    term = services.current_term(compound)
    members = [m for m in term.members if m.kind.value == "member"]
    services.assign_posts(term, chair_id=members[0].id, vice_chair_id=members[1].id, actor=committee)
    services.mark_cross_post(members[2], "南关社区居民委员会委员", actor=committee)
    term.filed_on = term.starts_on + timedelta(days=12)
    _joint_meeting(term, committee)


def _paper_ballots(election, committee, keys, during) -> None:
    """Three quarters of the owner groups vote on paper, each approving five of the six
    candidates: the first five are left out of one sheet in eight, the sixth of three in eight
    (so the sixth is the alternate); every tenth sheet is blank."""
    listed = services.standing_candidates(election)
    voters = keys[: len(keys) * 3 // 4 + 1]
    for n, key in enumerate(voters):
        if n % 10 == 9:
            chosen = []
        else:
            left_out = n % 8 if n % 8 < 5 else 5
            chosen = [c for i, c in enumerate(listed) if i != left_out]
        services.enter_ballot(
            election,
            owner_key=key,
            channel=BallotChannel.PAPER,
            candidates=chosen,
            actor=committee,
            collected_on=beijing_date(during),
            now=during,
        )


def _joint_meeting(term, committee) -> None:
    now = utcnow()
    joint = meetings.schedule(
        term,
        kind=CommitteeMeetingKind.JOINT,
        title="第四季度联席会议",
        held_at=now - timedelta(days=10),
        place="南关社区党群服务中心",
        agenda="1. 电动自行车集中充电桩选址\n2. 冬季供暖管道检修安排\n3. 公共收益公开",
        guests=[
            meetings.Guest(Body.PARTY, "南关社区党支部 书记"),
            meetings.Guest(Body.RESIDENTS_COMMITTEE, "南关社区居委会 主任"),
            meetings.Guest(Body.PROPERTY, "南关社区物业服务中心 负责人"),
        ],
        actor=committee,
    )
    sitting = meetings.sitting_members(term)
    meetings.record_attendance(
        joint,
        {m.id: Attendance.LEAVE if n == 4 else Attendance.PRESENT for n, m in enumerate(sitting)},
        actor=committee,
    )
    meetings.write_minutes(
        joint,
        "会议由业委会主任主持。社区党支部、居委会、物业服务中心和业委会四方共同商议："
        "充电桩设在 4 号楼北侧空地；供暖管道检修安排在 12 月第一周；公共收益每季度公布一次。",
        actor=committee,
    )
    meetings.add_decision(
        joint,
        "在 4 号楼北侧空地建设电动自行车集中充电桩。",
        votes_for=4,
        votes_against=0,
        abstentions=0,
        actor=committee,
    )
    meetings.add_decision(
        joint,
        "公共收益收支每季度在公告栏公布一次。",
        votes_for=4,
        votes_against=0,
        abstentions=0,
        actor=committee,
    )
    meetings.publish_minutes(joint, actor=committee, now=now - timedelta(days=9))
    meetings.schedule(
        term,
        kind=CommitteeMeetingKind.COMMITTEE,
        title="第五次业委会会议",
        held_at=now + timedelta(days=5),
        place="文宴雅居业委会办公室",
        agenda="1. 充电桩施工方案\n2. 年度工作报告提纲",
        actor=committee,
    )
