"""The mediator's to-do (new cases to decide, overdue cases) and the statistics on a known data
set; and CSRF: the station's buttons need the form's token."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.mediation import services
from portal.mediation.models import Category, Complaint
from portal.mediation.todo import cases_to_handle
from tests.conftest import login
from tests.mediation.conftest import NOW


def test_the_mediators_to_do(app, db, world, people, new_complaint):
    fresh = new_complaint()
    with app.test_request_context():
        items = cases_to_handle(world.mediator)
        assert [i.title for i in items] == [f"受理或不予受理投诉 {fresh.number}"]
        assert items[0].url.endswith(f"/complaints/{fresh.id}") and items[0].priority == 50
        assert cases_to_handle(world.committee) == [] and cases_to_handle(people["孙"]) == []


def test_an_overdue_case_is_urgent_in_the_to_do(app, db, world, people, new_complaint):
    long_ago = NOW - timedelta(days=400)
    case = new_complaint(now=long_ago)
    services.accept(case, world.mediator, now=long_ago)
    db.session.commit()
    with app.test_request_context():
        (item,) = cases_to_handle(world.mediator)
        assert item.priority == 10 and item.url.endswith(f"/complaints/{case.id}")
        assert cases_to_handle(people["钱"])  # unassigned cases are every mediator's


def test_statistics_on_a_known_data_set(db, world, people, new_complaint):
    """Four cases of November 2026: one agreed (accepted after 1 day, concluded 10 days later,
    rated 4), one failed (accepted after 3 days, concluded after 40 days: late), one declined in
    time, one still submitted; and one of December, withdrawn."""
    day = timedelta(days=1)
    agreed = new_complaint()
    services.accept(agreed, world.mediator, now=NOW + day)
    services.assign(agreed, world.mediator, people["钱"])
    services.record_session(
        agreed, people["钱"], held_on=date(2026, 11, 30), place="站里", participants="双方"
    )
    services.record_agreement(
        agreed, people["钱"], terms="修", parties="双方", signed_on=date(2026, 12, 6), now=NOW + 11 * day
    )
    services.close(agreed, world.mediator)
    services.rate(agreed, people["甲"], 4)
    failed = new_complaint(category=Category.FEES)
    services.accept(failed, world.mediator, now=NOW + 3 * day)
    services.assign(failed, world.mediator, people["钱"])
    services.record_session(
        failed, people["钱"], held_on=date(2026, 12, 1), place="站里", participants="双方"
    )
    services.fail(failed, people["钱"], [services.handling.Route.COURT], now=NOW + 43 * day)
    declined = new_complaint(who="丁", compound=world.compound_c, category=Category.FEES)
    services.decline(
        declined, world.mediator, services.handling.DeclineReason.OUT_OF_SCOPE, "属于法院", now=NOW + day
    )
    new_complaint(category=Category.NOISE)
    december = new_complaint(now=NOW + 10 * day)
    services.withdraw(december, people["甲"])
    db.session.commit()

    november = services.figures(world.office.id, "2026-11")
    assert november.total == 4
    assert dict(november.by_category) == {"fees": 2, "repairs": 1, "noise": 1}
    assert dict(november.by_compound) == {"文宴雅居": 3, "延中小区": 1}
    assert dict(november.by_state) == {"closed": 1, "failed": 1, "declined": 1, "submitted": 1}
    assert november.median_days_to_acceptance == 2.0
    assert november.median_days_to_conclusion == 25.0  # 10 and 40 days
    assert (november.concluded, november.agreed, november.share_agreed) == (2, 1, 50)
    assert (november.decided, november.decided_in_time, november.share_decided_in_time) == (3, 3, 100)
    assert november.share_concluded_in_time == 50
    assert (november.ratings, november.mean_rating) == (1, 4.0)
    everything = services.figures(world.office.id)
    assert everything.total == 5 and dict(everything.by_month) == {"2026-11": 4, "2026-12": 1}
    assert services.figures(world.other_office.id).total == 0


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_buttons_without_the_token_are_refused(client, db, world, people, new_complaint, csrf_on):
    complaint = new_complaint()
    login(client, world.mediator)
    assert client.post(f"/mediation/complaints/{complaint.id}/accept").status_code == 400
    login(client, people["甲"])
    assert client.post(f"/mediation/complaints/{complaint.id}/withdraw").status_code == 400
    db.session.expire_all()
    assert db.session.get(Complaint, complaint.id).status.value == "submitted"
    # Open311 is a token API for other systems: its POST needs its api_key, not a CSRF token.
    assert client.post("/open311/v2/requests.json", data={}).status_code == 403
