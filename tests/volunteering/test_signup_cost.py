"""A sign-up reads its session's places, the person's own sign-up and its new check-in code's
freedom in one query: the POST runs the same few statements however many have signed up, and a
code already taken is never given twice."""

import time_machine

from portal.extensions import db as _db
from portal.volunteering import services
from portal.volunteering.services import signups
from tests.conftest import count_queries, login
from tests.volunteering.conftest import NOW

#: begin, the session with its activity, the user, their claims, the session's lock, its places,
#: the insert (with the session's counter), the audit record, the person's overlapping sessions.
SIGNUP_STATEMENTS = 10


def _sign_up_statements(client, session) -> int:
    url = f"/volunteering/sessions/{session.id}/signup"
    with time_machine.travel(NOW, tick=False):
        assert client.get("/volunteering/me").status_code == 200  # the session is marked seen
        with count_queries(_db.engine) as counted:
            assert client.post(url, data={}).status_code == 302
    return counted()


def test_the_signup_post_runs_the_same_few_statements_however_many_signed_up(
    client, db, residents, new_activity
):
    first, second = new_activity(capacity=50, sessions=2).sessions
    login(client, residents["甲"])
    empty = _sign_up_statements(client, first)
    for person in ("乙", "丙"):
        services.sign_up(second, residents[person], now=NOW)
    db.session.commit()
    busy = _sign_up_statements(client, second)
    assert empty == busy <= SIGNUP_STATEMENTS, (empty, busy)


def test_a_check_in_code_already_taken_is_drawn_again(db, residents, new_activity, monkeypatch):
    session = new_activity(capacity=5).sessions[0]
    taken = services.sign_up(session, residents["甲"], now=NOW).signup.code
    draws = iter([taken, taken, "000001"])  # the first draw is checked in the places' query
    monkeypatch.setattr(signups, "_random_code", lambda: next(draws))
    again = services.sign_up(session, residents["乙"], now=NOW).signup
    assert again.code == "000001"
