"""The committee's term and its meetings: reminders, posts, cross-posts, a member leaving with
the first alternate taking the seat, meetings and joint meetings with attendance, minutes and
decisions (more than half of ALL members), and the decisions posted as a notice."""

from datetime import date, timedelta

import pytest

from portal.elections import rules, services
from portal.elections.models import (
    Attendance,
    Body,
    CommitteeMeetingKind,
    CommitteeMeetingStatus,
    CommitteeTerm,
    MemberKind,
    Post,
    TermMember,
)
from portal.elections.services import committee_meetings as meetings
from portal.errors import DomainError
from portal.notices.models import Notice
from tests.elections.conftest import NOW


@pytest.mark.parametrize(
    ("votes_for", "members", "adopted"), [(3, 5, True), (2, 5, False), (2, 4, False), (3, 4, True)]
)
def test_a_decision_needs_more_than_half_of_all_members(votes_for, members, adopted):
    assert rules.decision_adopted(votes_for, members) is adopted


def test_only_members_present_vote(app):
    with app.test_request_context(), pytest.raises(DomainError):
        rules.check_votes(3, 1, 0, 3)


def test_reminders_of_a_new_term():
    start = date(2026, 12, 1)
    found = rules.term_reminders(start, date(2031, 12, 1), None, has_chair=False, today=start)
    assert [(r.code, r.due_on) for r in found] == [
        ("first_meeting", date(2026, 12, 8)),
        ("filing", date(2026, 12, 31)),
    ]
    late = rules.term_reminders(start, date(2031, 12, 1), start, has_chair=True, today=date(2031, 9, 1))
    assert [(r.code, r.due_on) for r in late] == [("reelection", date(2031, 9, 1))]


def test_months_before_the_end_of_a_short_month():
    assert rules.months_before(date(2031, 5, 31), 3) == date(2031, 2, 28)


@pytest.fixture
def term(db, world):
    """A running term of compound A: five members and two alternates."""
    today = date.today()
    from portal.elections.models import Election, ElectionStatus

    election = Election(
        compound_id=world.compound_a.id,
        title="第一届",
        status=ElectionStatus.FINAL,
        seats=5,
        alternates=2,
        term_years=5,
        nominations_close_at=NOW,
        voting_opens_at=NOW,
        voting_closes_at=NOW + timedelta(days=5),
        counted_at=NOW + timedelta(days=5),
        objection_days=7,
    )
    db.session.add(election)
    db.session.flush()
    names = "甲乙丙丁戊己庚"
    found = CommitteeTerm(
        compound_id=world.compound_a.id,
        election_id=election.id,
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=1800),
        members=[
            TermMember(
                rank=n + 1,
                name=name,
                owner_key=f"K{n}",
                kind=MemberKind.MEMBER if n < 5 else MemberKind.ALTERNATE,
            )
            for n, name in enumerate(names)
        ],
    )
    db.session.add(found)
    db.session.commit()
    return found


def test_posts_and_cross_posts(app, db, world, term):
    members = term.members
    with app.test_request_context():
        with pytest.raises(DomainError):
            services.assign_posts(
                term, chair_id=members[0].id, vice_chair_id=members[0].id, actor=world.committee
            )
        with pytest.raises(DomainError):
            services.assign_posts(term, chair_id=members[5].id, vice_chair_id=None, actor=world.committee)
        services.assign_posts(
            term, chair_id=members[0].id, vice_chair_id=members[1].id, actor=world.committee
        )
        services.mark_cross_post(members[2], "社区党支部委员", actor=world.committee)
    assert (members[0].post, members[1].post, members[2].post) == (Post.CHAIR, Post.VICE_CHAIR, Post.MEMBER)
    assert services.has_chair(term) and members[2].cross_post == "社区党支部委员"
    assert [r.code for r in services.reminders(term)] == ["filing"]


def test_the_first_alternate_takes_the_seat_of_a_member_who_leaves(app, db, world, term):
    with app.test_request_context():
        with pytest.raises(DomainError):
            services.member_leaves(term.members[1], " ", actor=world.committee)
        successor = services.member_leaves(term.members[1], "本人书面辞职", actor=world.committee)
    assert successor.name == "己" and successor.kind == MemberKind.MEMBER
    assert len(meetings.sitting_members(term)) == 5
    notice = db.session.query(Notice).one()
    assert "乙" in notice.body and "己" in notice.body


def test_a_joint_meeting_with_minutes_and_decisions_posted(app, db, world, term):
    held = NOW
    with app.test_request_context():
        with pytest.raises(DomainError):
            meetings.schedule(
                term,
                kind=CommitteeMeetingKind.JOINT,
                title="联席会议",
                held_at=held,
                place="",
                agenda="",
                actor=world.committee,
            )
        meeting = meetings.schedule(
            term,
            kind=CommitteeMeetingKind.JOINT,
            title="第三季度联席会议",
            held_at=held,
            place="社区活动室",
            agenda="1. 停车收费\n2. 绿化",
            guests=[meetings.Guest(Body.PARTY, "社区党支部书记"), meetings.Guest(Body.PROPERTY, "物业经理")],
            actor=world.committee,
        )
        members = meetings.sitting_members(term)
        meetings.record_attendance(
            meeting,
            {m.id: Attendance.PRESENT if n < 3 else Attendance.LEAVE for n, m in enumerate(members)},
            actor=world.committee,
        )
        with pytest.raises(DomainError):
            meetings.add_decision(
                meeting, "超员", votes_for=4, votes_against=0, abstentions=0, actor=world.committee
            )
        adopted = meetings.add_decision(
            meeting, "调整停车收费", votes_for=3, votes_against=0, abstentions=0, actor=world.committee
        )
        rejected = meetings.add_decision(
            meeting, "更换绿化公司", votes_for=2, votes_against=1, abstentions=0, actor=world.committee
        )
        with pytest.raises(DomainError):
            meetings.publish_minutes(meeting, actor=world.committee, now=held + timedelta(hours=3))
        meetings.write_minutes(meeting, "会议讨论了停车和绿化。", actor=world.committee)
        meetings.publish_minutes(meeting, actor=world.committee, now=held + timedelta(hours=3))
    assert adopted.adopted and not rejected.adopted and rejected.members == 5
    assert meeting.status == CommitteeMeetingStatus.PUBLISHED
    notice = db.session.query(Notice).filter_by(source=f"committee_meeting:{meeting.id}:decisions").one()
    assert "调整停车收费" in notice.body and "5" in notice.body
    with app.test_request_context(), pytest.raises(DomainError):
        meetings.write_minutes(meeting, "改", actor=world.committee)


def test_staff_run_the_election_when_the_committee_cannot_act(app, db, world, term):
    from portal.auth.permissions import can_run_elections

    with app.app_context(), app.test_request_context():  # a fresh `g` for each look
        assert can_run_elections(world.committee, world.compound_a)
        assert not can_run_elections(world.staff, world.compound_a)
    for member in term.members[:3]:
        member.left_on = date.today()
    db.session.commit()
    with app.app_context(), app.test_request_context():  # a fresh `g` for each look
        assert can_run_elections(world.staff, world.compound_a)  # 2 of 5 seats filled
        assert can_run_elections(world.admin, world.compound_a)
    term.ends_on = date.today() - timedelta(days=1)
    for member in term.members:
        member.left_on = None
    db.session.commit()
    with app.app_context(), app.test_request_context():  # a fresh `g` for each look
        assert can_run_elections(world.staff, world.compound_a)  # the term has expired
        assert not can_run_elections(world.fred, world.compound_a)


def test_the_alternate_who_takes_the_seat_gets_the_committee_role(app, db, world, term):
    from portal.auth.models import Role, RoleGrant
    from portal.auth.services import grant_role
    from tests.conftest import make_user

    leaver, alternate = make_user("13600000081", "乙"), make_user("13600000082", "己")
    term.members[1].user_id, term.members[5].user_id = leaver.id, alternate.id
    grant_role(leaver, Role.COMMITTEE, world.compound_a)
    db.session.commit()
    with app.test_request_context():
        services.member_leaves(term.members[1], "本人书面辞职", actor=world.committee)
    db.session.commit()
    grants = db.session.query(RoleGrant).filter_by(role=Role.COMMITTEE, compound_id=world.compound_a.id)
    holders = {g.user_id for g in grants}
    assert leaver.id not in holders and alternate.id in holders


def test_minutes_are_published_once_even_from_a_stale_page(app, db, world, term):
    from sqlalchemy.orm.attributes import set_committed_value

    from portal.audit import AuditRecord

    with app.test_request_context():
        meeting = meetings.schedule(
            term,
            kind=CommitteeMeetingKind.COMMITTEE,
            title="第一次会议",
            held_at=NOW,
            place="",
            agenda="选举主任",
            actor=world.committee,
        )
        meetings.write_minutes(meeting, "选举了主任。", actor=world.committee)
        meetings.publish_minutes(meeting, actor=world.committee, now=NOW + timedelta(hours=2))
        db.session.commit()
        # A second request that read the meeting while it was still a draft.
        set_committed_value(meeting, "status", CommitteeMeetingStatus.DRAFT)
        with pytest.raises(DomainError):
            meetings.publish_minutes(meeting, actor=world.committee, now=NOW + timedelta(hours=3))
    assert meeting.status == CommitteeMeetingStatus.PUBLISHED
    assert db.session.query(AuditRecord).filter_by(action="committee_minutes_published").count() == 1


def test_the_running_term_among_the_terms_is_the_current_term(db, world, finished_election):
    """The committee's page picks the running term out of all the terms (read once); it is the
    term `current_term` reads, on every day around starts, ends and a tie on the start."""
    spans = [
        (date(2020, 1, 1), date(2025, 1, 1)),
        (date(2024, 6, 1), date(2029, 6, 1)),
        (date(2024, 6, 1), date(2024, 7, 1)),  # the same start: the later created wins
    ]
    for starts, ends in spans:
        db.session.add(
            CommitteeTerm(
                compound_id=world.compound_a.id,
                election_id=finished_election().id,
                starts_on=starts,
                ends_on=ends,
            )
        )
    db.session.commit()
    terms = services.terms_of(world.compound_a)
    days = {day + timedelta(days=shift) for span in spans for day in span for shift in (-1, 0, 1)}
    for day in sorted(days):
        assert services.running_term(terms, day) is services.current_term(world.compound_a, day), day
