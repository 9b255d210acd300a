"""State races of the assembly, run with real threads: an edit against a publication, two
answers to one objection, first signatures of the establishment application. On PostgreSQL each
of these went wrong before the workflow held the rows (issue: the foundations)."""

from datetime import timedelta

from sqlalchemy import func, select

from portal.assembly.establishment import sign_application
from portal.assembly.models import Assembly, AssemblySignature, Meeting, MeetingStatus, Objection
from portal.assembly.rules import Matter
from portal.assembly.services import ItemDraft, answer_objection, publish, update_draft
from portal.audit import AuditRecord
from portal.auth.models import User
from portal.columns import utcnow
from portal.extensions import db as _db
from portal.places.models import Compound
from portal.registration.services import claim_unit, verify_claim
from tests.assembly.conftest import unit_named
from tests.conftest import make_user
from tests.races import race


def _edit_to_open_tomorrow(meeting_id, user_id):
    def edit():
        meeting, user = _db.session.get(Meeting, meeting_id), _db.session.get(User, user_id)
        opens = utcnow() + timedelta(days=1)
        update_draft(
            meeting,
            title="改过的标题",
            kind=meeting.kind,
            form=meeting.form,
            opens_at=opens,
            closes_at=opens + timedelta(days=10),
            items=[ItemDraft("改过的议题", "", Matter.FUND_RAISE)],
            actor=user,
        )

    return edit


def _publish(meeting_id, user_id):
    return lambda: publish(_db.session.get(Meeting, meeting_id), actor=_db.session.get(User, user_id))


def test_an_edit_racing_a_publication_never_changes_an_announced_meeting(app, db, world, new_meeting):
    for _attempt in range(5):
        opens_in = 20
        meeting = new_meeting(opens_in=opens_in)
        meeting.voting_opens_at = utcnow() + timedelta(days=opens_in)
        meeting.voting_closes_at = meeting.voting_opens_at + timedelta(days=10)
        db.session.commit()
        outcomes = race(
            app,
            _edit_to_open_tomorrow(meeting.id, world.committee.id),
            _publish(meeting.id, world.committee.id),
        )
        db.session.rollback()
        meeting = db.session.get(Meeting, meeting.id)
        assert "IntegrityError" not in outcomes and "OperationalError" not in outcomes, outcomes
        if meeting.status == MeetingStatus.ANNOUNCED:
            # What was announced was checked: the notice period holds, and no edit came after it.
            assert meeting.voting_opens_at >= meeting.announced_at + timedelta(days=15), outcomes
            assert meeting.title != "改过的标题", outcomes
            assert outcomes[0].startswith("refused"), outcomes
        else:
            # The edit came first: the publication saw the too-early opening and refused.
            assert outcomes == ["ok", outcomes[1]] and outcomes[1].startswith("refused"), outcomes


def test_an_edit_with_a_stale_copy_after_the_publication_is_refused(
    app, db, world, new_meeting, postgres_only
):
    """A copy read before another request's publication committed (possible on PostgreSQL; on
    SQLite a writing request holds the lock from its first read) is not trusted."""
    meeting = new_meeting()
    meeting.voting_opens_at = utcnow() + timedelta(days=20)
    meeting.voting_closes_at = meeting.voting_opens_at + timedelta(days=10)
    db.session.commit()
    stale = db.session.get(Meeting, meeting.id)  # loaded while still a draft
    assert race(app, _publish(meeting.id, world.committee.id)) == ["ok"]
    assert stale.status == MeetingStatus.DRAFT  # the copy in hand has not seen it
    with app.test_request_context(method="POST"):
        try:
            _edit_to_open_tomorrow(meeting.id, world.committee.id)()
        except Exception as error:
            refused = str(error)
        else:
            refused = ""
    db.session.rollback()
    assert "已公告" in refused or "Announced" in refused, refused
    assert db.session.get(Meeting, meeting.id).title == "2026年第一次业主大会"


def test_two_answers_to_one_objection_at_once_leave_the_first_and_refuse_the_second(
    app, db, world, owners, new_meeting
):
    meeting = new_meeting()
    objection = Objection(meeting_id=meeting.id, user_id=owners["B2"].id, text="计票有误")
    second = make_user("13955555555", "另一委员")
    from portal.auth.models import Role
    from portal.auth.services import grant_role

    grant_role(second, Role.COMMITTEE, world.compound_a)
    db.session.add(objection)
    db.session.commit()

    def answer(user_id, text):
        return lambda: answer_objection(
            _db.session.get(Objection, objection.id), _db.session.get(User, user_id), text
        )

    for _attempt in range(3):
        objection.answer, objection.answered_at, objection.answered_by_id = "", None, None
        db.session.commit()
        outcomes = race(app, answer(world.committee.id, "第一份答复"), answer(second.id, "第二份答复"))
        db.session.rollback()
        stored = db.session.get(Objection, objection.id)
        assert sorted(o[:7] for o in outcomes) == ["ok", "refused"], outcomes
        winner = "第一份答复" if outcomes[0] == "ok" else "第二份答复"
        assert stored.answer == winner


def test_first_signatures_at_once_all_count_and_make_one_application(app, db, world):
    compound = world.compound_c  # no assembly record yet
    compound_id, signers = compound.id, []
    for n, (building, unit) in enumerate([("1号楼", "101"), ("1号楼", "201"), ("2号楼", "101")]):
        owner = make_user(f"1396000000{n}", f"业主{n}")
        verify_claim(
            claim_unit(owner, unit_named(compound, building, unit), "CERT"),
            world.staff,
            certificate_checked=True,
        )
        signers.append(owner.id)
    db.session.commit()

    def sign(user_id):
        return lambda: sign_application(
            _db.session.get(Compound, compound_id), _db.session.get(User, user_id)
        )

    outcomes = race(app, *(sign(user_id) for user_id in signers))
    db.session.rollback()
    assert outcomes == ["ok"] * len(signers)
    assert db.session.scalar(select(func.count(Assembly.id)).where(Assembly.compound_id == compound_id)) == 1
    assert db.session.scalar(select(func.count(AssemblySignature.id))) == len(signers)
    assert db.session.scalar(
        select(func.count(AuditRecord.id)).where(AuditRecord.action == "assembly_application_signed")
    ) == len(signers)
