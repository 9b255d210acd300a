"""The assembly on the notice board and in owners' inboxes: the meeting notice and "meeting
announced" on publish, "voting opens" and "closes in two days" by the scan, the preliminary
result by the scan once the vote has closed, the final announcement on finalise; each once."""

from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from portal.assembly import notices as assembly_notices
from portal.assembly import notify as assembly_notify
from portal.assembly.models import Meeting
from portal.assembly.services import answer_objection, file_objection, finalise, publish
from portal.notices.models import NoticeCategory, PublisherKind
from portal.notices.services import notice_from
from portal.notifications.delivery import Round, scan_due
from portal.notifications.models import Notification
from tests.assembly.conftest import NOW
from tests.assembly.test_after_the_vote import counted  # noqa: F401  (fixture)


def told(db) -> Counter:
    """How many notifications of each kind were written."""
    return Counter(db.session.scalars(select(Notification.kind)))


def recipients(db, kind: str) -> set[int]:
    return set(db.session.scalars(select(Notification.user_id).where(Notification.kind == kind)))


def scan(now) -> Round:
    report = Round()
    scan_due(report, now)
    assert report.errors == []
    return report


def test_publishing_posts_the_notice_and_tells_the_owners_once(app, db, world, owners, new_meeting):
    meeting = new_meeting()
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    notice = notice_from(f"meeting:{meeting.id}:notice")
    assert (notice.category, notice.publisher, notice.author_id) == (
        NoticeCategory.MEETING,
        PublisherKind.COMMITTEE,
        None,
    )
    assert notice.publish_at == NOW and not notice.owners_only
    for text in ("议题1", "议题2", "管理规约", "四分之三", f"{meeting.total_owners}", "2026-12-21 10:00"):
        assert text in notice.body, text
    assert recipients(db, "meeting_announced") == {user.id for user in owners.values()}
    again = Meeting.workflow.transitions["publish"]
    for listener in (assembly_notices.on_meeting_moved, assembly_notify.on_meeting_moved):
        listener("meeting", record=meeting, transition=again, actor=world.committee, now=NOW)
    assert told(db)["meeting_announced"] == len(owners)
    assert notice_from(f"meeting:{meeting.id}:notice").id == notice.id


def test_the_scan_tells_when_voting_opens_and_who_has_not_voted_before_it_closes(db, world, owners, counted):  # noqa: F811
    meeting, _after = counted
    scan(meeting.voting_opens_at + timedelta(minutes=5))
    scan(meeting.voting_opens_at + timedelta(minutes=10))
    assert told(db)["voting_opens"] == len(owners)
    assert told(db)["voting_closes_soon"] == 0
    scan(meeting.voting_closes_at - timedelta(days=1))
    scan(meeting.voting_closes_at - timedelta(hours=1))
    # 甲 (A1) voted online and 乙 (B2) on paper; 丙 and 丁 own C3, which has not voted.
    assert recipients(db, "voting_closes_soon") == {owners["C3"].id, owners["C3b"].id}


def test_the_preliminary_result_follows_the_close_of_voting(db, world, owners, counted):  # noqa: F811
    meeting, after = counted
    scan(meeting.voting_closes_at - timedelta(minutes=1))
    assert notice_from(f"meeting:{meeting.id}:preliminary") is None
    scan(after)
    scan(after + timedelta(minutes=1))
    notice = notice_from(f"meeting:{meeting.id}:preliminary")
    assert notice.category == NoticeCategory.RESULT and "议题1" in notice.body and "| " in notice.body
    assert told(db)["preliminary_result"] == len(owners)


def test_finalising_posts_the_final_announcement_and_tells_the_owners(app, db, world, owners, counted):  # noqa: F811
    meeting, after = counted
    objection = file_objection(meeting, owners["B2"], "纸质票统计有误", now=after)
    answer_objection(objection, world.committee, "已复核，无误。", now=after)
    assert recipients(db, "objection_answered") == {owners["B2"].id}
    closing = meeting.voting_closes_at + timedelta(days=meeting.objection_days, hours=1)
    with app.test_request_context():
        finalise(meeting, actor=world.committee, now=closing)
    final = notice_from(f"meeting:{meeting.id}:final")
    assert final.category == NoticeCategory.RESULT and final.publish_at == closing
    assert notice_from(f"meeting:{meeting.id}:preliminary") is not None
    assert recipients(db, "final_announcement") == {user.id for user in owners.values()}
    scan(closing + timedelta(minutes=1))
    assert told(db)["final_announcement"] == len(owners) and told(db)["preliminary_result"] == 0
