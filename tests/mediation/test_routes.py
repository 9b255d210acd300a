"""Pages of the station: filing from the form (nothing typed is lost on a refusal, drafts),
the case page for the complainant and the staff, the queue and the statistics."""

from __future__ import annotations

import io
from datetime import date

from sqlalchemy import func, select

from portal.audit import AuditRecord
from portal.mediation import services
from portal.mediation.models import Complaint, ComplaintStatus, Respondent
from tests.conftest import login
from tests.images import picture

FORM = {
    "category": "repairs",
    "respondent": "property_company",
    "respondent_detail": "",
    "description": "楼顶漏水三个月，物业一直不修。",
    "contact_method": "phone",
    "contact_phone": "13600000001",
    "mediation_consent": "y",
}


def _form(world, **changes):
    return {"compound": str(world.compound_a.id), **FORM, **changes}


def test_a_resident_files_with_a_photo(client, db, world, people):
    login(client, people["甲"])
    page = client.get("/mediation/new")
    assert page.status_code == 200 and "文宴雅居" in page.get_data(as_text=True)
    data = _form(world, attachments=[(io.BytesIO(picture()), "漏水.jpg")])
    response = client.post("/mediation/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    complaint = db.session.scalar(select(Complaint))
    assert complaint.number == f"TJ-{complaint.submitted_at.year}-000001" and len(complaint.attachments) == 1
    case = client.get(response.headers["Location"]).get_data(as_text=True)
    assert complaint.number in case and "漏水.jpg" in case and "时间线" in case


def test_a_validation_error_keeps_every_field_and_a_draft(client, db, world, people):
    login(client, people["甲"])
    data = _form(world, description="太短", respondent_detail="3号楼201", contact_phone="12345")
    page = client.post("/mediation/new", data=data)
    text = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "太短" in text and "3号楼201" in text and "12345" in text
    assert services.draft_of(people["甲"]).data["respondent_detail"] == "3号楼201"
    assert db.session.scalar(select(func.count(Complaint.id))) == 0


def test_a_refused_upload_keeps_every_field(client, db, world, people):
    login(client, people["甲"])
    data = _form(
        world,
        description="楼顶漏水三个月，已经影响到卧室。",
        attachments=[(io.BytesIO(b"MZ\x90exe"), "photo.jpg")],
    )
    page = client.post("/mediation/new", data=data, content_type="multipart/form-data")
    text = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "楼顶漏水三个月，已经影响到卧室。" in text and "13600000001" in text
    assert db.session.scalar(select(func.count(Complaint.id))) == 0


def test_save_as_draft_and_come_back(client, db, world, people):
    login(client, people["甲"])
    data = {"compound": str(world.compound_a.id), "description": "写到一半的投诉", "save": "draft"}
    assert client.post("/mediation/new", data=data).status_code == 302
    page = client.get("/mediation/new").get_data(as_text=True)
    assert "写到一半的投诉" in page
    assert "继续填写草稿" in client.get("/mediation/").get_data(as_text=True)


def test_the_complainant_sees_no_internal_note_and_staff_views_are_audited(
    client, db, world, people, new_complaint
):
    complaint = new_complaint()
    services.post_message(complaint, world.mediator, "内部：物业经理难沟通", internal=True)
    services.post_message(complaint, world.mediator, "请补充漏水照片")
    db.session.commit()
    login(client, people["甲"])
    mine = client.get(f"/mediation/complaints/{complaint.id}").get_data(as_text=True)
    assert "请补充漏水照片" in mine and "物业经理难沟通" not in mine and "受理案件" not in mine
    login(client, world.mediator)
    staff = client.get(f"/mediation/complaints/{complaint.id}").get_data(as_text=True)
    assert "物业经理难沟通" in staff and "受理案件" in staff
    assert (
        db.session.scalar(select(func.count(AuditRecord.id)).where(AuditRecord.action == "complaint_viewed"))
        == 1
    )


def test_a_mediator_runs_the_case_from_the_pages(client, db, world, people, new_complaint):
    complaint = new_complaint()
    login(client, world.mediator)
    base = f"/mediation/complaints/{complaint.id}"
    assert client.post(f"{base}/accept").status_code == 302
    assert client.post(f"{base}/assign", data={"mediator": people["钱"].id}).status_code == 302
    session = {
        "held_on": "2026-11-27",
        "place": "调解室",
        "participants": "甲、物业",
        "notes": "同意维修",
        "shared": "y",
    }
    assert client.post(f"{base}/sessions", data=session).status_code == 302
    agreement = {"terms": "物业于12月10日前修好屋顶", "parties": "甲；物业公司", "signed_on": "2026-12-01"}
    assert client.post(f"{base}/agreement", data=agreement).status_code == 302
    assert client.post(f"{base}/close").status_code == 302
    db.session.expire_all()
    assert db.session.get(Complaint, complaint.id).status is ComplaintStatus.CLOSED
    login(client, people["甲"])
    page = client.get(base).get_data(as_text=True)
    assert "同意维修" in page and "物业于12月10日前修好屋顶" in page
    assert client.post(f"{base}/rating", data={"rating": "4", "comment": "满意"}).status_code == 302
    assert db.session.get(Complaint, complaint.id).rating == 4


def test_an_invalid_move_names_the_current_state(client, db, world, new_complaint):
    complaint = new_complaint()
    login(client, world.mediator)
    client.post(f"/mediation/complaints/{complaint.id}/accept")
    page = client.post(f"/mediation/complaints/{complaint.id}/accept", follow_redirects=True).get_data(
        as_text=True
    )
    assert "已受理" in page and "当前状态" in page


def test_a_decline_form_refused_keeps_its_text(client, db, world, new_complaint):
    complaint = new_complaint()
    login(client, world.mediator)
    data = {"reason": "duplicate", "note": "与前一案相同", "duplicate_of": "TJ-2026-424242"}
    page = client.post(f"/mediation/complaints/{complaint.id}/decline", data=data)
    assert page.status_code == 422 and "TJ-2026-424242" in page.get_data(as_text=True)


def test_the_queue_filters_and_flags_overdue_cases(client, db, world, people, new_complaint):
    old = new_complaint()  # filed 25 November 2026: overdue after 30 November
    new_complaint(who="丁", compound=world.compound_c)
    login(client, world.mediator)
    page = client.get(f"/mediation/offices/{world.office.id}/queue").get_data(as_text=True)
    assert old.number in page and "TJ-2026-000002" in page
    filtered = client.get(f"/mediation/offices/{world.office.id}/queue?compound={world.compound_c.id}")
    assert old.number not in filtered.get_data(as_text=True)
    by_name = client.get(
        f"/mediation/offices/{world.office.id}/queue?compound_name={world.compound_c.name[1:]}"
    )
    assert old.number not in by_name.get_data(as_text=True) and "TJ-2026-000002" in by_name.get_data(
        as_text=True
    )
    wildcard = client.get(f"/mediation/offices/{world.office.id}/queue?compound_name=%25").get_data(
        as_text=True
    )
    assert old.number not in wildcard and "TJ-2026-000002" not in wildcard
    overdue = client.get(f"/mediation/offices/{world.office.id}/queue?overdue=1").get_data(as_text=True)
    if date.today() > date(2026, 11, 30):
        assert old.number in overdue and "逾期" in overdue
    else:
        assert old.number not in overdue


def test_bulk_assignment(client, db, world, people, new_complaint):
    cases = [new_complaint(), new_complaint()]
    for case in cases:
        services.accept(case, world.mediator)
    db.session.commit()
    login(client, world.mediator)
    data = {"case": [str(c.id) for c in cases], "mediator": str(people["钱"].id)}
    assert client.post(f"/mediation/offices/{world.office.id}/assign", data=data).status_code == 302
    db.session.expire_all()
    assert {db.session.get(Complaint, c.id).mediator_id for c in cases} == {people["钱"].id}


def test_statistics_page_and_export(client, db, world, new_complaint):
    new_complaint()
    login(client, world.mediator)
    page = client.get(f"/mediation/offices/{world.office.id}/statistics").get_data(as_text=True)
    assert "<svg" in page and "维修" in page
    csv = client.get(f"/mediation/offices/{world.office.id}/cases.csv")
    assert csv.status_code == 200 and "TJ-2026-000001" in csv.get_data(as_text=True)
    assert "楼顶漏水" not in csv.get_data(as_text=True)  # no description in the export
    xlsx = client.get(f"/mediation/offices/{world.office.id}/cases.xlsx?month=2026-11")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_the_station_sets_its_deadlines_for_new_cases(client, db, world, people, new_complaint):
    before = new_complaint()
    login(client, world.mediator)
    bad = client.post(
        f"/mediation/offices/{world.office.id}/deadlines",
        data={"accept_working_days": "0", "conclude_days": "30"},
    )
    assert bad.status_code == 422
    data = {"accept_working_days": "5", "conclude_days": "15"}
    assert client.post(f"/mediation/offices/{world.office.id}/deadlines", data=data).status_code == 302
    after = new_complaint()
    assert before.accept_by.date() == date(2026, 11, 30)
    assert after.accept_by.date() == date(2026, 12, 2)  # Wed 25 Nov + 5 working days
    services.accept(after, world.mediator, now=after.submitted_at)
    assert after.conclude_by.date() == date(2026, 12, 10)
    assert (
        db.session.scalar(
            select(func.count(AuditRecord.id)).where(AuditRecord.action == "mediation_deadlines_set")
        )
        == 1
    )


def test_a_party_sees_only_what_is_shared(client, db, world, people, new_complaint):
    complaint = new_complaint(respondent=Respondent.OWNERS_COMMITTEE)
    services.accept(complaint, world.mediator)
    services.assign(complaint, world.mediator, world.mediator)
    services.record_session(
        complaint,
        world.mediator,
        held_on=date(2026, 11, 27),
        place="调解室",
        participants="甲、业委会委员",
        notes="业委会同意重新公示",
        shared=True,
    )
    services.record_session(
        complaint,
        world.mediator,
        held_on=date(2026, 11, 28),
        place="调解室",
        participants="甲",
        notes="甲私下说明了家庭困难",
        shared=False,
    )
    services.post_message(complaint, people["甲"], "我的电话白天打不通")
    db.session.commit()
    url = f"/mediation/complaints/{complaint.id}"
    login(client, world.committee)
    assert (
        client.get(url).status_code == 404
    )  # the committee of the compound, before a session makes it a party
    login(client, world.mediator)
    bad = client.post(f"{url}/parties", data={"phone": "13711111111"})
    assert bad.status_code == 422 and "13711111111" in bad.get_data(as_text=True)
    assert client.post(f"{url}/parties", data={"phone": world.committee.phone}).status_code == 302
    login(client, world.committee)
    page = client.get(url)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "业委会同意重新公示" in text
    assert (
        "家庭困难" not in text
        and "白天打不通" not in text
        and "楼顶漏水" not in text
        and "13600000001" not in text
    )
    assert client.get(f"/api/v1/complaints/{complaint.id}").status_code in (401, 404)
    assert client.post(f"{url}/messages", data={"text": "你好"}).status_code == 404


def test_the_compound_page_offers_filing_to_its_residents_only(client, db, world, people, new_complaint):
    complaint = new_complaint()
    login(client, people["甲"])
    page = client.get(f"/places/compounds/{world.compound_a.id}").get_data(as_text=True)
    assert "物业管理投诉调解站" in page and complaint.number in page
    login(client, world.committee)
    page = client.get(f"/places/compounds/{world.compound_a.id}").get_data(as_text=True)
    assert complaint.number not in page and "/mediation/new" not in page
    login(client, people["甲"])
    assert 'value="13600000001"' in client.get("/mediation/new").get_data(as_text=True)  # phone filled in


def test_a_mediator_of_another_street_office_sees_nothing(client, db, world, people, new_complaint):
    complaint = new_complaint()
    login(client, people["孙"])
    assert client.get(f"/mediation/complaints/{complaint.id}").status_code == 404
    assert client.post(f"/mediation/complaints/{complaint.id}/accept").status_code == 404
    assert client.get(f"/mediation/attachments/{complaint.id}").status_code == 404
    assert client.get(f"/mediation/offices/{world.office.id}/queue").status_code == 404
    assert client.get(f"/mediation/offices/{world.office.id}/statistics").status_code == 404
    assert client.get(f"/mediation/offices/{world.other_office.id}/queue").status_code == 200
    assert complaint.number not in client.get(f"/mediation/offices/{world.other_office.id}/queue").get_data(
        as_text=True
    )


def test_the_station_closes_a_day_and_new_deadlines_skip_it(client, db, world, people, new_complaint):
    login(client, world.mediator)
    url = f"/mediation/offices/{world.office.id}"
    bad = client.post(f"{url}/closed-days", data={"day": "not a day", "reason": "培训日"})
    assert bad.status_code == 422 and "培训日" in bad.get_data(as_text=True)
    assert client.post(f"{url}/closed-days", data={"day": "2026-11-27", "reason": "培训"}).status_code == 302
    assert new_complaint().accept_by.date() == date(2026, 12, 1)  # Friday 27 November skipped
    assert client.post(f"{url}/closed-days/2026-11-27/reopen").status_code == 302
    assert new_complaint().accept_by.date() == date(2026, 11, 30)
    assert client.post(f"{url}/closed-days/yesterday/reopen").status_code == 404


def test_the_complainant_cannot_write_on_a_finished_case(client, db, world, people, new_complaint):
    """Withdrawn or declined: a direct POST of a message is refused with the state named; the
    station may still keep notes."""
    from portal.mediation.choices import DeclineReason
    from portal.mediation.models import CaseEvent

    withdrawn, declined = new_complaint(), new_complaint()
    services.withdraw(withdrawn, people["甲"])
    services.decline(declined, world.mediator, DeclineReason.OUT_OF_SCOPE, note="不属于物业纠纷")
    db.session.commit()
    login(client, people["甲"])
    for case, state in ((withdrawn, "已撤回"), (declined, "不予受理")):
        url = f"/mediation/complaints/{case.id}/messages"
        page = client.post(url, data={"text": "还在吗？"})
        text = page.get_data(as_text=True)
        assert page.status_code == 422 and "本案已结束" in text and "当前状态" in text, state
        assert not db.session.query(CaseEvent).filter_by(complaint_id=case.id, text="还在吗？").count()
    login(client, world.mediator)
    url = f"/mediation/complaints/{declined.id}/messages"
    assert client.post(url, data={"text": "已电话告知", "internal": "y"}).status_code == 302


def test_staff_opening_an_attachment_is_audited(client, db, world, people, new_complaint):
    from tests.images import png
    from tests.mediation.conftest import upload

    complaint = new_complaint(files=(upload(png(), "漏水.png"),))
    attachment = complaint.attachments[0]
    viewed = select(AuditRecord).where(AuditRecord.action == "complaint_viewed")
    login(client, people["甲"])
    assert client.get(f"/mediation/attachments/{attachment.id}").status_code == 200
    assert db.session.scalars(viewed).all() == []
    login(client, world.mediator)
    assert client.get(f"/mediation/attachments/{attachment.id}").status_code == 200
    records = db.session.scalars(viewed).all()
    assert [(r.actor_id, r.subject_id, r.after) for r in records] == [
        (world.mediator.id, complaint.id, {"attachment": attachment.id})
    ]
