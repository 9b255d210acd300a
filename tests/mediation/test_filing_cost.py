"""What filing a complaint costs: a constant handful of SQL statements however many mediators
the station has, closed days it keeps or cases it holds; the station's staff all told, once."""

from datetime import timedelta

from sqlalchemy import select

from portal.auth.models import Role
from portal.auth.services import grant_role
from portal.calendar import beijing_date
from portal.calendar.models import ClosedDay
from portal.columns import utcnow
from portal.extensions import db as _db
from portal.mediation import services
from portal.mediation.models import CaseEvent, Complaint
from portal.notifications.models import Notification
from tests.conftest import count_queries, login, make_user

#: The filing POST: begin, the user, their claims, their compounds (with the community), the
#: case number, the station's deadline with its closed days, the complaint, the audit record,
#: its first timeline event, the draft's deletion, the station's notifications.
FILING_STATEMENTS = 11
FORM = {
    "category": "repairs",
    "respondent": "property_company",
    "respondent_detail": "",
    "description": "楼顶漏水三个月，物业一直不修。",
    "contact_method": "phone",
    "contact_phone": "13600000001",
    "mediation_consent": "y",
}


def _filing_statements(client, world) -> int:
    data = {"compound": str(world.compound_a.id), **FORM}
    assert client.get("/mediation/").status_code == 200  # the session is marked seen
    with count_queries(_db.engine) as counted:
        response = client.post("/mediation/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return counted()


def test_filing_runs_the_same_few_statements_however_many_mediators_and_cases(client, db, world, people):
    login(client, people["甲"])
    _filing_statements(client, world)  # the year's first case also makes the year's counter
    first = _filing_statements(client, world)
    for n in range(3):
        grant_role(make_user(f"1350000000{n}", f"调解员{n}"), Role.MEDIATOR, world.office)
    today = beijing_date(utcnow())
    db.session.add_all(
        [
            ClosedDay(street_office_id=world.office.id, day=today + timedelta(days=d), reason="停电")
            for d in (1, 2)
        ]
    )
    services.save_draft(people["甲"], {"description": "草稿"})
    db.session.commit()
    second = _filing_statements(client, world)
    assert first == second <= FILING_STATEMENTS, (first, second)
    assert services.draft_of(people["甲"]) is None


def test_the_stations_mediators_are_each_told_once_and_the_case_starts_its_timeline(
    client, db, world, people
):
    login(client, people["甲"])
    _filing_statements(client, world)
    complaint = db.session.scalar(select(Complaint))
    told = db.session.scalars(
        select(Notification.user_id).where(Notification.kind == "complaint_filed_at_station")
    ).all()
    mediators = {world.mediator.id, people["钱"].id}  # not 孙, of another station
    assert sorted(told) == sorted(mediators)  # each once
    [notification] = db.session.scalars(
        select(Notification).where(Notification.user_id == world.mediator.id)
    ).all()
    assert notification.title_params["number"] == complaint.number
    assert notification.url == f"/mediation/complaints/{complaint.id}"
    assert notification.subject_type == "complaint" and notification.subject_id == complaint.id
    assert notification.created_at == complaint.submitted_at and notification.planned is False
    [event] = db.session.scalars(select(CaseEvent).where(CaseEvent.complaint_id == complaint.id)).all()
    assert event.status == "submitted" and event.actor_id == people["甲"].id
