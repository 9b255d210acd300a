"""Services of volunteer service: capacity and the waitlist, promotion on cancellation,
deadlines, who may sign up (to an activity and to each session), minors, overlaps, cancelling an activity."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.audit import AuditRecord
from portal.auth import permissions
from portal.errors import ConflictError, DomainError
from portal.volunteering import services
from portal.volunteering.models import SignupStatus
from portal.volunteering.services import MinorDeclaration
from tests.volunteering.conftest import NOW


def test_capacity_then_the_waitlist_in_arrival_order(db, residents, new_activity):
    session = new_activity(capacity=2).sessions[0]
    results = [services.sign_up(session, residents[name], now=NOW) for name in "甲乙丙"]
    assert [r.signup.status for r in results] == [
        SignupStatus.CONFIRMED,
        SignupStatus.CONFIRMED,
        SignupStatus.WAITLISTED,
    ]
    assert [r.position for r in results] == [None, None, 1]
    assert services.activity_counts([session.id]) == {session.id: (2, 1)}


def test_cancelling_before_the_deadline_promotes_the_first_on_the_waitlist(
    db, world, residents, new_activity
):
    session = new_activity(capacity=1, compound=None).sessions[0]
    first = services.sign_up(session, residents["甲"], now=NOW).signup
    second = services.sign_up(session, residents["乙"], now=NOW).signup
    third = services.sign_up(session, residents["丁"], now=NOW).signup
    assert services.waitlist_positions([second, third]) == {second.id: 1, third.id: 2}
    promoted = services.cancel_signup(first, actor=residents["甲"], now=NOW)
    assert promoted.id == second.id and second.status == SignupStatus.CONFIRMED and second.promoted_at == NOW
    assert first.status == SignupStatus.CANCELLED
    assert services.waitlist_positions([third]) == {third.id: 1}
    actions = db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)).all()
    assert actions[-2:] == ["volunteer_signup_cancelled", "volunteer_promoted"]


def test_leaving_the_waitlist_promotes_nobody(db, residents, new_activity):
    session = new_activity(capacity=1).sessions[0]
    services.sign_up(session, residents["甲"], now=NOW)
    waiting = services.sign_up(session, residents["乙"], now=NOW).signup
    assert services.cancel_signup(waiting, actor=residents["乙"], now=NOW) is None
    assert waiting.status == SignupStatus.CANCELLED


def test_no_cancellation_of_a_place_after_the_deadline(db, residents, new_activity):
    activity = new_activity(capacity=1, cancel_closes_at=NOW + timedelta(days=1))
    session = activity.sessions[0]
    signup = services.sign_up(session, residents["甲"], now=NOW).signup
    waiting = services.sign_up(session, residents["乙"], now=NOW).signup
    with pytest.raises(DomainError, match="取消截止时间已过"):
        services.cancel_signup(signup, actor=residents["甲"], now=NOW + timedelta(days=1))
    assert signup.status == SignupStatus.CONFIRMED and waiting.status == SignupStatus.WAITLISTED
    # a place on the waitlist can still be given up until the session starts
    services.cancel_signup(waiting, actor=residents["乙"], now=NOW + timedelta(days=2))


def test_no_double_signup_but_signing_up_again_after_cancelling_goes_to_the_end(db, residents, new_activity):
    session = new_activity(capacity=1).sessions[0]
    mine = services.sign_up(session, residents["甲"], now=NOW).signup
    with pytest.raises(ConflictError):
        services.sign_up(session, residents["甲"], now=NOW)
    services.sign_up(session, residents["乙"], now=NOW)
    services.cancel_signup(mine, actor=residents["甲"], now=NOW)
    again = services.sign_up(session, residents["甲"], now=NOW)
    assert again.signup.id == mine.id and again.position == 1 and again.signup.seq == 3


def test_no_signup_after_the_deadline_or_once_the_session_started(db, residents, new_activity):
    activity = new_activity(signup_closes_at=NOW + timedelta(days=1), sessions=2)
    with pytest.raises(DomainError, match="报名已截止"):
        services.sign_up(activity.sessions[1], residents["甲"], now=NOW + timedelta(days=1))
    late = new_activity(title="之后的巡逻")
    with pytest.raises(DomainError, match="报名已截止"):
        services.sign_up(late.sessions[0], residents["甲"], now=late.sessions[0].starts_at)


def test_only_residents_of_the_compound_or_community_sign_up(db, world, residents, new_activity):
    own = new_activity().sessions[0]
    services.sign_up(own, residents["丙"], now=NOW)  # a pending claim: a registered resident
    with pytest.raises(DomainError, match="仅限"):
        services.sign_up(own, residents["丁"], now=NOW)  # compound C
    whole = new_activity(compound=None, title="社区活动").sessions[0]
    services.sign_up(whole, residents["丁"], now=NOW)
    with pytest.raises(DomainError):
        services.sign_up(whole, residents["戊"], now=NOW)  # another community
    with pytest.raises(DomainError):
        services.sign_up(whole, world.staff, now=NOW)  # staff, not a resident


def test_who_may_sign_up_to_an_activity_may_to_each_of_its_sessions(db, world, residents, new_activity):
    """The activity page asks `can_sign_up_to` once for all its sessions."""
    own, whole = new_activity(sessions=2), new_activity(compound=None, title="社区活动")
    for activity in (own, whole):
        for person in (*residents.values(), world.staff):
            allowed = permissions.can_sign_up_to(person, activity)
            assert all(permissions.can_sign_up(person, s) == allowed for s in activity.sessions)
    assert permissions.can_sign_up_to(residents["甲"], own) and not permissions.can_sign_up_to(
        residents["丁"], own
    )
    assert permissions.can_sign_up_to(residents["丁"], whole) and not permissions.can_sign_up_to(
        residents["戊"], whole
    )


def test_a_minor_needs_the_guardians_name_phone_and_consent(db, residents, new_activity):
    session = new_activity(capacity=5).sessions[0]
    born = date(2012, 5, 1)
    with pytest.raises(DomainError, match="监护人"):
        services.sign_up(session, residents["甲"], minor=MinorDeclaration(born), now=NOW)
    with pytest.raises(DomainError, match="手机号"):
        services.sign_up(session, residents["甲"], minor=MinorDeclaration(born, "陈父", "123"), now=NOW)
    with pytest.raises(DomainError, match="同意"):
        services.sign_up(
            session, residents["甲"], minor=MinorDeclaration(born, "陈父", "13800000000"), now=NOW
        )
    signup = services.sign_up(
        session, residents["甲"], minor=MinorDeclaration(born, "陈父", "13800000000", True), now=NOW
    ).signup
    assert (signup.birth_date, signup.guardian_name, signup.guardian_phone, signup.guardian_consent) == (
        born,
        "陈父",
        "13800000000",
        True,
    )
    assert signup.is_minor


def test_minimum_age_and_an_adult_declaring_a_minor(db, residents, new_activity):
    session = new_activity(min_age=16, consent=False).sessions[0]
    with pytest.raises(DomainError, match="16"):
        services.sign_up(session, residents["甲"], minor=MinorDeclaration(date(2011, 1, 1)), now=NOW)
    with pytest.raises(DomainError, match="未满 18"):
        services.sign_up(session, residents["甲"], minor=MinorDeclaration(date(1990, 1, 1)), now=NOW)
    # without the consent requirement, a 16-year-old declares only the birth date
    assert (
        services.sign_up(session, residents["甲"], minor=MinorDeclaration(date(2010, 1, 1)), now=NOW).position
        is None
    )
    adults_only = new_activity(min_age=18, title="成人").sessions[0]
    with pytest.raises(DomainError, match="18"):
        services.sign_up(
            adults_only,
            residents["乙"],
            minor=MinorDeclaration(date(2010, 1, 1), "家长", "13800000000", True),
            now=NOW,
        )
    services.sign_up(adults_only, residents["乙"], now=NOW)


def test_overlapping_sessions_are_a_warning_not_a_refusal(db, residents, new_activity):
    patrol = new_activity().sessions[0]
    other = new_activity(title="同一晚的宣传").sessions[0]
    services.sign_up(patrol, residents["甲"], now=NOW)
    result = services.sign_up(other, residents["甲"], now=NOW)
    assert result.position is None and [s.id for s in result.overlaps] == [patrol.id]


def test_cancelling_an_activity_cancels_the_signups_still_to_come(db, world, residents, new_activity):
    activity = new_activity(capacity=1, sessions=2)
    for session in activity.sessions:
        services.sign_up(session, residents["甲"], now=NOW)
    services.sign_up(activity.sessions[0], residents["乙"], now=NOW)
    with pytest.raises(DomainError):
        services.cancel_activity(activity, " ", actor=world.staff, now=NOW)
    assert services.cancel_activity(activity, "暴雨预警", actor=world.staff, now=NOW) == 3
    assert activity.cancel_reason == "暴雨预警"
    with pytest.raises(DomainError, match="已取消"):
        services.sign_up(activity.sessions[0], residents["丙"], now=NOW)
    assert services.upcoming_activities(now=NOW) == []


def test_creating_an_activity_checks_its_sessions_and_deadlines(db, world):
    draft = services.SessionDraft(NOW + timedelta(days=1), NOW + timedelta(days=1, hours=2), 5)
    common = {
        "compound": world.compound_a,
        "title": "巡逻",
        "category": services.activities.Category.PATROL,
        "place": "北门",
        "actor": world.staff,
        "now": NOW,
    }
    deadline = draft.starts_at
    for sessions, message in [
        ([], "1"),
        ([services.SessionDraft(NOW - timedelta(hours=1), NOW + timedelta(hours=1), 5)], "将来"),
        ([services.SessionDraft(draft.starts_at, draft.starts_at, 5)], "24"),
        ([services.SessionDraft(draft.starts_at, draft.ends_at, 0)], "1000"),
    ]:
        with pytest.raises(DomainError, match=message):
            services.create_activity(
                **common, sessions=sessions, signup_closes_at=deadline, cancel_closes_at=deadline
            )
    with pytest.raises(DomainError, match="截止"):
        services.create_activity(
            **common,
            sessions=[draft],
            signup_closes_at=deadline + timedelta(days=1),
            cancel_closes_at=deadline,
        )
    activity = services.create_activity(
        **common, sessions=[draft], signup_closes_at=deadline, cancel_closes_at=deadline
    )
    assert activity.community_id == world.community.id and activity.sessions[0].capacity == 5


def test_lists_show_upcoming_activities_open_to_a_compound(db, world, residents, new_activity):
    own, whole = new_activity(), new_activity(compound=None, title="社区活动", days=1)
    listed = services.upcoming_activities(compound=world.compound_a, now=NOW)
    assert [a.id for a in listed] == [whole.id, own.id]  # the sooner first
    assert services.upcoming_activities(compound=world.compound_b, now=NOW) == []
    assert [a.id for a in services.activities_of_compound(world.compound_a, now=NOW)] == [own.id]
    assert {a.id for a in services.organised_by(world.staff, now=NOW)} == {own.id, whole.id}
    assert services.organised_by(world.fred, now=NOW) == []
