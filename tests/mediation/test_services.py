"""Services of the station: filing (numbers, deadlines, drafts, attachments), every legal and
illegal transition of the one state machine, withdrawal, sessions, the agreement, failure,
closing, the one extension, rating, notifications and the to-do."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from portal.audit import AuditRecord
from portal.calendar.services import close_day
from portal.errors import DomainError
from portal.mediation import services
from portal.mediation.models import (
    COMPLAINT_WORKFLOW,
    CaseEvent,
    Category,
    Complaint,
    ComplaintStatus,
    DeclineReason,
    Respondent,
    Route,
)
from portal.notifications.models import Notification
from portal.uploads import open_upload
from portal.workflow import TransitionRefused
from tests.images import PDF, exif_with_gps, picture
from tests.mediation.conftest import NOW, upload

S = ComplaintStatus


def test_filing_numbers_the_case_and_sets_the_acceptance_deadline(db, world, people, new_complaint):
    first, second = new_complaint(), new_complaint(category=Category.NOISE)
    assert (first.number, second.number) == ("TJ-2026-000001", "TJ-2026-000002")
    assert first.status is S.SUBMITTED and first.street_office_id == world.office.id
    assert first.accept_by.isoformat() == "2026-11-30T15:59:59.999999+00:00"  # Wed → Monday, 24:00 Beijing
    assert [e.status for e in first.events] == ["submitted"]
    actions = db.session.scalars(select(AuditRecord.action).where(AuditRecord.subject_id == first.id)).all()
    assert "complaint_filed" in actions


def test_numbers_restart_each_year(db, new_complaint):
    new_complaint()
    assert new_complaint(now=NOW.replace(year=2027)).number == "TJ-2027-000001"


def test_the_stations_closed_days_push_the_deadline(db, world, new_complaint):
    close_day(world.office, date(2026, 11, 27), "培训")
    assert new_complaint().accept_by.date() == date(2026, 12, 1)


def test_only_a_resident_of_the_compound_files(db, world, people, new_complaint):
    with pytest.raises(DomainError):
        new_complaint(compound=world.compound_b)  # 甲 lives in A
    assert new_complaint(who="丙").complainant_id == people["丙"].id  # a pending claim is enough


def test_a_neighbour_must_be_named_and_the_description_long_enough(db, new_complaint):
    with pytest.raises(DomainError):
        new_complaint(respondent=Respondent.NEIGHBOUR)
    with pytest.raises(DomainError):
        new_complaint(description="漏水")
    assert new_complaint(respondent=Respondent.NEIGHBOUR, respondent_detail="3号楼 201").respondent_label


def test_photos_lose_their_exif_and_pdfs_are_kept(db, new_complaint):
    photo = picture(fmt="JPEG", exif=exif_with_gps())
    complaint = new_complaint(files=[upload(photo), upload(PDF, "证明.pdf")])
    stored = [a.upload for a in complaint.attachments]
    assert [u.content_type for u in stored] == ["image/jpeg", "application/pdf"]
    with open_upload(stored[0]) as handle:
        assert not Image.open(io.BytesIO(handle.read())).getexif()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"MZ\x90\x00 this is a program", "photo.jpg"),  # a renamed executable
        (b"plain text, not a picture", "notes.png"),  # the wrong type
        (b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024), "big.jpg"),  # too big
    ],
)
def test_refused_attachments_file_nothing(db, world, people, data, name):
    with pytest.raises(DomainError):
        services.file_complaint(
            people["甲"],
            world.compound_a,
            category=Category.FEES,
            respondent=Respondent.PROPERTY_COMPANY,
            description="物业费重复收取了两个月。",
            mediation_consent=True,
            files=[upload(data, name)],
            now=NOW,
        )
    db.session.rollback()
    assert db.session.scalar(select(func.count(Complaint.id))) == 0


def test_at_most_six_attachments(db, new_complaint):
    with pytest.raises(DomainError):
        new_complaint(files=[upload(picture(size=(20, 20))) for _ in range(7)])
    db.session.rollback()
    complaint = new_complaint(files=[upload(picture(size=(20, 20))) for _ in range(6)])
    with pytest.raises(DomainError):
        services.add_information(complaint, complaint.complainant, files=[upload(picture(size=(20, 20)))])


def test_drafts_are_kept_and_discarded_when_filed(db, people, new_complaint):
    services.save_draft(people["甲"], {"description": "楼上漏水", "category": "repairs", "other": "x"})
    assert services.draft_of(people["甲"]).data["description"] == "楼上漏水"
    assert "other" not in services.draft_of(people["甲"]).data
    new_complaint()
    assert services.draft_of(people["甲"]) is None


# --- the state machine ----------------------------------------------------------------------

#: Where each transition leads from a valid source.
LEGAL = {name: (t.sources, t.target) for name, t in COMPLAINT_WORKFLOW.transitions.items()}
PAIRS = [(name, state) for name in LEGAL for state in S]


@pytest.mark.parametrize(("name", "state"), PAIRS, ids=[f"{n}-from-{s.value}" for n, s in PAIRS])
def test_every_transition_from_every_state(db, world, new_complaint, name, state):
    complaint = new_complaint()
    db.session.execute(Complaint.__table__.update().values(status=state.value))
    db.session.expire_all()
    sources, target = LEGAL[name]
    if state in sources:
        COMPLAINT_WORKFLOW.move(complaint, name, actor=world.mediator)
        assert complaint.status is target
    else:
        with pytest.raises(TransitionRefused) as refused:
            COMPLAINT_WORKFLOW.move(complaint, name, actor=world.mediator)
        assert str(COMPLAINT_WORKFLOW.label(state)) in str(refused.value.message)
        assert db.session.get(Complaint, complaint.id).status is state


def test_the_machine_is_the_issues():
    assert LEGAL["accept"] == ({S.SUBMITTED}, S.ACCEPTED)
    assert LEGAL["decline"] == ({S.SUBMITTED}, S.DECLINED)
    assert LEGAL["assign"][1] is S.ASSIGNED and S.ACCEPTED in LEGAL["assign"][0]
    assert LEGAL["start"] == ({S.ASSIGNED}, S.IN_MEDIATION)
    assert LEGAL["agree"] == ({S.IN_MEDIATION}, S.AGREED)
    assert LEGAL["fail"] == ({S.IN_MEDIATION}, S.FAILED)
    assert LEGAL["close"] == ({S.AGREED, S.FAILED}, S.CLOSED)
    assert LEGAL["withdraw"] == ({S.SUBMITTED, S.ACCEPTED, S.ASSIGNED, S.IN_MEDIATION}, S.WITHDRAWN)


def _run_to_mediation(world, people, complaint):
    services.accept(complaint, world.mediator, now=NOW + timedelta(days=1))
    services.assign(complaint, world.mediator, people["钱"])
    services.record_session(
        complaint,
        people["钱"],
        held_on=date(2026, 11, 27),
        place="调解室",
        participants="甲、物业经理",
        notes="双方同意先修屋顶",
        shared=False,
    )
    return complaint


def test_a_case_from_intake_to_agreement_and_rating(db, world, people, new_complaint):
    complaint = _run_to_mediation(world, people, new_complaint())
    assert complaint.status is S.IN_MEDIATION and complaint.mediator_id == people["钱"].id
    assert complaint.conclude_by.date() == date(2026, 12, 28)  # 30 days after 26 Nov: Sat 26 Dec → Mon 28
    services.record_agreement(
        complaint,
        people["钱"],
        terms="物业12月10日前修好屋顶。",
        parties="甲；物业公司",
        signed_on=date(2026, 12, 1),
        scan=upload(PDF, "协议.pdf"),
    )
    assert complaint.status is S.AGREED and complaint.agreement.scan is not None
    services.close(complaint, world.mediator)
    services.rate(complaint, people["甲"], 5, "很及时")
    assert (complaint.status, complaint.rating) == (S.CLOSED, 5)
    with pytest.raises(DomainError):
        services.rate(complaint, people["甲"], 1)
    statuses = [e.status for e in complaint.events if e.status]
    assert statuses == ["submitted", "accepted", "assigned", "in_mediation", "agreed", "closed"]


def test_private_session_notes_are_not_on_the_complainants_timeline(db, world, people, new_complaint):
    complaint = _run_to_mediation(world, people, new_complaint())
    services.post_message(complaint, world.mediator, "物业态度强硬", internal=True)
    mine = services.timeline(complaint, staff=False)
    assert all("双方同意" not in e.text and "态度强硬" not in e.text for e in mine)
    staff = services.timeline(complaint, staff=True)
    assert any("双方同意" in e.text for e in staff) and any("态度强硬" in e.text for e in staff)


def test_failure_explains_the_routes(db, world, people, new_complaint):
    complaint = _run_to_mediation(world, people, new_complaint())
    with pytest.raises(DomainError):
        services.fail(complaint, world.mediator, [])
    services.fail(complaint, world.mediator, [Route.ARBITRATION, Route.COURT], "物业拒绝维修")
    assert complaint.status is S.FAILED and complaint.failure_routes == ["arbitration", "court"]


def test_judicial_confirmation_within_thirty_days(db, world, people, new_complaint):
    complaint = _run_to_mediation(world, people, new_complaint())
    with pytest.raises(DomainError):
        services.record_agreement(
            complaint,
            world.mediator,
            terms="修",
            parties="甲；物业",
            signed_on=date(2026, 12, 1),
            judicial_applied_on=date(2027, 1, 5),
        )
    services.record_agreement(
        complaint, world.mediator, terms="修", parties="甲；物业", signed_on=date(2026, 12, 1)
    )
    services.record_judicial_application(complaint, world.mediator, date(2026, 12, 20))
    assert complaint.agreement.judicial_applied_on == date(2026, 12, 20)


def test_decline_a_duplicate_links_the_earlier_case(db, world, people, new_complaint):
    earlier, later = new_complaint(), new_complaint()
    with pytest.raises(DomainError):
        services.decline(later, world.mediator, DeclineReason.DUPLICATE, duplicate_of_number="TJ-2026-999999")
    services.decline(
        later, world.mediator, DeclineReason.DUPLICATE, duplicate_of_number=earlier.number.lower()
    )
    assert later.status is S.DECLINED and later.duplicate_of_id == earlier.id


def test_decline_needs_a_reason_the_complainant_reads(db, world, new_complaint):
    complaint = new_complaint()
    with pytest.raises(DomainError):
        services.decline(complaint, world.mediator, DeclineReason.OUT_OF_SCOPE, "")
    services.decline(complaint, world.mediator, DeclineReason.PARTY_REFUSES, "物业公司拒绝调解")
    assert complaint.decline_reason is DeclineReason.PARTY_REFUSES


def test_only_a_mediator_of_the_station_is_assigned(db, world, people, new_complaint):
    complaint = new_complaint()
    services.accept(complaint, world.mediator)
    for wrong in (people["孙"], world.committee, None):
        with pytest.raises(DomainError):
            services.assign(complaint, world.mediator, wrong)


def test_the_deadline_extends_once_with_a_reason(db, world, new_complaint):
    complaint = new_complaint()
    services.accept(complaint, world.mediator, now=NOW)
    before = complaint.conclude_by
    with pytest.raises(DomainError):
        services.extend(complaint, world.mediator, " ")
    services.extend(complaint, world.mediator, "需要现场勘查")
    assert complaint.conclude_by > before + timedelta(days=29)
    with pytest.raises(DomainError):
        services.extend(complaint, world.mediator, "再次延期")


def test_withdrawal_before_an_agreement_only(db, world, people, new_complaint):
    complaint = _run_to_mediation(world, people, new_complaint())
    services.withdraw(complaint, people["甲"], "已私下解决")
    assert complaint.status is S.WITHDRAWN and complaint.withdraw_reason == "已私下解决"
    agreed = _run_to_mediation(world, people, new_complaint())
    services.record_agreement(
        agreed, world.mediator, terms="修", parties="甲；物业", signed_on=date(2026, 12, 1)
    )
    with pytest.raises(TransitionRefused) as refused:
        services.withdraw(agreed, people["甲"])
    assert "达成协议" in str(refused.value.message) or "Agreement reached" in str(refused.value.message)


def test_the_complainant_hears_of_every_move_and_the_station_of_new_cases(db, world, people, new_complaint):
    complaint = new_complaint()
    to_station = db.session.scalars(
        select(Notification.user_id).where(Notification.kind == "complaint_filed_at_station")
    )
    assert set(to_station) == {world.mediator.id, people["钱"].id}
    services.accept(complaint, world.mediator)
    services.assign(complaint, world.mediator, people["钱"])
    told = db.session.scalars(
        select(Notification.kind)
        .where(Notification.user_id == people["甲"].id, Notification.kind.like("complaint%"))
        .order_by(Notification.id)
    ).all()
    assert told == ["complaint_moved", "complaint_moved"]
    assert (
        db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.kind == "complaint_assigned_to_me", Notification.user_id == people["钱"].id
            )
        )
        == 1
    )


def test_staff_views_are_audited(db, world, new_complaint):
    complaint = new_complaint()
    services.record_view(complaint, world.mediator)
    services.record_view(complaint, complaint.complainant)
    viewed = db.session.scalars(
        select(AuditRecord.actor_id).where(AuditRecord.action == "complaint_viewed")
    ).all()
    assert viewed == [world.mediator.id]


def test_the_events_of_a_case_are_its_own(db, new_complaint):
    a, b = new_complaint(), new_complaint()
    assert {e.complaint_id for e in db.session.scalars(select(CaseEvent))} == {a.id, b.id}


def _told(db, kind):
    """Who was told of `kind`, with the title's case number and the way to the timeline."""
    rows = db.session.execute(
        select(Notification.user_id, Notification.url)
        .where(Notification.kind == kind)
        .order_by(Notification.id)
    )
    return [(user_id, url.endswith("#timeline")) for user_id, url in rows]


def test_the_complainant_hears_of_the_station_s_messages_not_of_internal_notes(
    db, world, people, new_complaint
):
    complaint = new_complaint()
    services.post_message(complaint, world.mediator, "请补充漏水位置的照片。")
    services.post_message(complaint, world.mediator, "内部：先联系物业", internal=True)
    db.session.commit()
    assert _told(db, "complaint_station_wrote") == [(people["甲"].id, True)]
    assert _told(db, "complaint_complainant_wrote") == []


def test_the_complainant_s_words_reach_all_mediators_until_one_is_assigned(db, world, people, new_complaint):
    complaint = new_complaint()
    services.post_message(complaint, people["甲"], "什么时候受理？")
    db.session.commit()
    assert {user_id for user_id, _ in _told(db, "complaint_complainant_wrote")} == {
        world.mediator.id,
        people["钱"].id,
    }
    assert _told(db, "complaint_station_wrote") == []
    services.accept(complaint, world.mediator, now=NOW + timedelta(days=1))
    services.assign(complaint, world.mediator, people["钱"])
    services.add_information(complaint, people["甲"], text="漏水在卧室天花板")
    services.post_message(complaint, people["甲"], "谢谢")
    db.session.commit()
    after_assignment = _told(db, "complaint_complainant_wrote")[2:]
    assert after_assignment == [(people["钱"].id, True), (people["钱"].id, True)]
    titles = db.session.scalars(
        select(Notification.title_params).where(Notification.kind == "complaint_complainant_wrote")
    ).all()
    assert all(complaint.number in str(params) for params in titles)


def test_the_queue_answers_for_its_office_filters_and_time(db, world, people, new_complaint):
    """The queue's statements are built once per combination of filters: each call answers for
    its own office, values and time."""
    from portal.mediation.services.queue import QueueFilter, queue

    old = new_complaint()
    other = new_complaint(who="丁", compound=world.compound_c, category=Category.NOISE)
    office = world.office.id
    assert {c.id for c in queue(office, QueueFilter())} == {old.id, other.id}
    assert [c.id for c in queue(office, QueueFilter(compound_id=world.compound_c.id))] == [other.id]
    assert [c.id for c in queue(office, QueueFilter(compound_id=world.compound_a.id))] == [old.id]
    assert [c.id for c in queue(office, QueueFilter(category=Category.REPAIRS.value))] == [old.id]
    assert [c.id for c in queue(office, QueueFilter(category=Category.NOISE.value))] == [other.id]
    assert queue(world.other_office.id, QueueFilter()) == []
    late = max(old.accept_by, other.accept_by) + timedelta(days=1)
    assert {c.id for c in queue(office, QueueFilter(overdue=True), now=late)} == {old.id, other.id}
    assert queue(office, QueueFilter(overdue=True), now=old.submitted_at) == []
    [first] = queue(office, QueueFilter(sort="newest"))[:1]
    assert first.id == other.id and first.compound.name == world.compound_c.name
