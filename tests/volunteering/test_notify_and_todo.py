"""Whom volunteer service tells (the promoted volunteer, the volunteers of a cancelled
activity), organisers' to-do (sessions to check in, check-outs to correct) and the export."""

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from portal.notifications.models import Notification
from portal.todo import todo_for
from portal.volunteering import services
from tests.conftest import login
from tests.volunteering.conftest import NOW


@pytest.fixture
def todo(app):
    def of(user, kind):
        with app.test_request_context():
            return [item for item in todo_for(user) if item.kind == kind]

    return of


def _told(db, kind):
    return db.session.scalars(
        select(Notification).where(Notification.kind == kind).order_by(Notification.id)
    ).all()


def test_the_promoted_volunteer_is_told_at_once(app, db, world, residents, new_activity):
    session = new_activity(capacity=1).sessions[0]
    first = services.sign_up(session, residents["甲"], now=NOW).signup
    waiting = services.sign_up(session, residents["乙"], now=NOW).signup
    assert _told(db, "volunteer_promoted") == []
    with app.test_request_context():
        services.cancel_signup(first, actor=residents["甲"], now=NOW)
    [told] = _told(db, "volunteer_promoted")
    assert told.user_id == residents["乙"].id and told.subject_id == waiting.id
    assert told.url == f"/volunteering/activities/{session.activity_id}#session-{session.id}"
    assert told.title_params["title"] == "夜间巡逻"


def test_volunteers_of_a_cancelled_activity_are_told(app, db, world, residents, new_activity):
    activity = new_activity(capacity=1, sessions=2)
    services.sign_up(activity.sessions[0], residents["甲"], now=NOW)
    services.sign_up(activity.sessions[0], residents["乙"], now=NOW)  # waiting
    services.sign_up(activity.sessions[1], residents["甲"], now=NOW)
    with app.test_request_context():
        services.cancel_activity(activity, "暴雨", actor=world.staff, now=NOW)
    assert sorted(n.user_id for n in _told(db, "volunteer_activity_cancelled")) == sorted(
        [residents["甲"].id, residents["乙"].id]
    )


def test_organisers_see_sessions_to_check_in_and_check_outs_to_correct(
    db, world, residents, new_activity, todo
):
    session = new_activity(capacity=2).sessions[0]
    signup = services.sign_up(session, residents["甲"], now=NOW).signup
    db.session.commit()
    with time_machine.travel(session.starts_at - timedelta(hours=1), tick=False):
        [item] = todo(world.staff, "volunteer_check_in")
        assert item.url == f"/volunteering/sessions/{session.id}/check-in" and "夜间巡逻" in item.title
        assert todo(world.committee, "volunteer_check_in")  # a committee of the compound organises it too
        assert (
            todo(world.fred, "volunteer_check_in") == [] and todo(residents["甲"], "volunteer_check_in") == []
        )
        services.check_in(signup, actor=world.staff)
        db.session.commit()
    with time_machine.travel(session.ends_at + timedelta(hours=13), tick=False):
        assert todo(world.staff, "volunteer_check_in") == []
        [fix] = todo(world.staff, "volunteer_corrections")
        assert fix.title == "夜间巡逻 有 1 位志愿者没有签退"


def test_organisers_export_attendance_as_csv_and_xlsx(client, db, world, residents, new_activity):
    session = new_activity(capacity=2).sessions[0]
    signup = services.sign_up(session, residents["甲"], now=NOW).signup
    services.check_in(signup, actor=world.staff, now=session.starts_at)
    services.check_out(signup, actor=world.staff, now=session.ends_at)
    db.session.commit()
    login(client, world.staff)
    csv = client.get(f"/volunteering/activities/{session.activity_id}/attendance.csv")
    assert csv.status_code == 200 and csv.headers["Cache-Control"] == "no-store"
    text = csv.get_data().decode("utf-8-sig")
    assert "志愿者" in text and "13600000001" in text and "2.00" in text
    xlsx = client.get(f"/volunteering/activities/{session.activity_id}/attendance.xlsx")
    assert xlsx.status_code == 200 and xlsx.get_data()[:2] == b"PK"
    assert client.get(f"/volunteering/activities/{session.activity_id}/attendance.pdf").status_code == 404
