"""The objects the elections' access tables name: a draft election of compound A, one open for
voting now with a candidate (with a photo), and a committee term of compound A."""

from __future__ import annotations

import io
from datetime import timedelta

from werkzeug.datastructures import FileStorage

from portal.auth.models import User
from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.elections import services
from portal.elections.models import (
    CommitteeMeetingKind,
    CommitteeTerm,
    ElectionObjection,
    MemberKind,
    TermMember,
)
from portal.elections.services import committee_meetings as meetings
from tests.images import picture


def election_ids(world, db, owner: User) -> dict:
    now = utcnow()
    published = now - timedelta(days=20)

    def make(title, opens):
        return services.create_election(
            world.compound_a,
            services.Settings(title, 3, 1, 5, opens - timedelta(days=19), opens, opens + timedelta(days=10)),
            actor=world.committee,
        )

    draft = make("草稿选举", now + timedelta(days=30))
    voting = make("第二届业委会选举", now - timedelta(hours=1))
    services.open_nominations(voting, actor=world.committee, now=published)
    photo = FileStorage(io.BytesIO(picture()), filename="照片.jpg")
    candidate = services.nominate_self(voting, owner, statement="服务业主", photo=photo, now=published)
    services.publish_list(voting, actor=world.committee, now=published + timedelta(days=1))
    today = beijing_date(now)
    term = CommitteeTerm(
        compound_id=world.compound_a.id,
        election_id=voting.id,
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=1000),
        members=[
            TermMember(rank=n, name=name, owner_key=key, kind=MemberKind.MEMBER)
            for n, (name, key) in enumerate((("甲", "A1"), ("乙", "B2"), ("王五", "C3")), start=1)
        ],
    )
    db.session.add(term)
    db.session.flush()
    draft_meeting = meetings.schedule(
        term,
        kind=CommitteeMeetingKind.COMMITTEE,
        title="第五次会议",
        held_at=now,
        place="",
        agenda="",
        actor=world.committee,
    )
    published_meeting = meetings.schedule(
        term,
        kind=CommitteeMeetingKind.COMMITTEE,
        title="第四次会议",
        held_at=now - timedelta(days=7),
        place="",
        agenda="",
        actor=world.committee,
    )
    meetings.write_minutes(published_meeting, "会议纪要", actor=world.committee)
    meetings.publish_minutes(published_meeting, actor=world.committee)
    objection = ElectionObjection(election_id=voting.id, user_id=owner.id, text="异议")
    db.session.add(objection)
    db.session.commit()
    return {
        "draft": draft.id,
        "voting": voting.id,
        "candidate": candidate.id,
        "term": term.id,
        "member": term.members[0].id,
        "cm_draft": draft_meeting.id,
        "cm_published": published_meeting.id,
        "objection": objection.id,
    }
