"""The workflow: every transition of every workflow refused from every state it may not start
from (naming the current state), carried out from the others, audited and signalled."""

from datetime import timedelta

import pytest
from flask_babel import force_locale

from portal.assembly.models import Assembly, AssemblyStatus, Meeting, MeetingStatus
from portal.audit import AuditRecord
from portal.registration.models import ClaimStatus, UnitClaim
from portal.registration.services import claim_unit
from portal.workflow import TransitionRefused, transitioned
from tests.assembly.conftest import NOW

STORED = {
    MeetingStatus.DRAFT: (MeetingStatus.DRAFT, 20),
    MeetingStatus.ANNOUNCED: (MeetingStatus.ANNOUNCED, 20),
    MeetingStatus.VOTING: (MeetingStatus.ANNOUNCED, -1),
    MeetingStatus.COLLECTING: (MeetingStatus.ANNOUNCED, -11),
    MeetingStatus.COUNTED: (MeetingStatus.ANNOUNCED, -30),
    MeetingStatus.FINAL: (MeetingStatus.FINAL, -30),
    MeetingStatus.CANCELLED: (MeetingStatus.CANCELLED, 20),
}


def _meeting_in(db, new_meeting, state) -> Meeting:
    stored, opens_in = STORED[state]
    meeting = new_meeting()
    meeting.status = stored
    meeting.voting_opens_at = NOW + timedelta(days=opens_in)
    meeting.voting_closes_at = meeting.voting_opens_at + timedelta(days=10)
    paper_days = 2 if state == MeetingStatus.COLLECTING else 0
    meeting.counted_at = meeting.voting_closes_at + timedelta(days=paper_days)
    db.session.commit()
    assert Meeting.workflow.state_of(meeting, NOW) == state
    return meeting


@pytest.mark.parametrize("transition", sorted(Meeting.workflow.transitions))
@pytest.mark.parametrize("state", list(MeetingStatus))
def test_meeting_transitions_from_every_state(app, db, world, new_meeting, transition, state):
    meeting = _meeting_in(db, new_meeting, state)
    allowed = state in Meeting.workflow.transitions[transition].sources
    assert meeting.can(transition, NOW) == allowed
    with app.test_request_context(), force_locale("zh_Hans_CN"):
        if allowed:
            Meeting.workflow.move(meeting, transition, actor=world.committee, now=NOW)
            assert meeting.status == Meeting.workflow.transitions[transition].target
        else:
            with pytest.raises(TransitionRefused) as refused:
                Meeting.workflow.move(meeting, transition, actor=world.committee, now=NOW)
            assert f"当前状态：{state.label}" in str(refused.value.message)
            assert Meeting.workflow.state_of(meeting, NOW) == state  # nothing changed


@pytest.mark.parametrize("transition", sorted(UnitClaim.workflow.transitions))
@pytest.mark.parametrize("state", list(ClaimStatus))
def test_claim_transitions_from_every_state(app, db, world, transition, state):
    claim = claim_unit(world.resident, world.compound_a.buildings[0].units[0], "CERT")
    claim.status = state
    db.session.commit()
    allowed = state in UnitClaim.workflow.transitions[transition].sources
    with app.test_request_context():
        if allowed:
            UnitClaim.workflow.move(claim, transition, actor=world.committee)
            assert claim.status == UnitClaim.workflow.transitions[transition].target
        else:
            with pytest.raises(TransitionRefused):
                UnitClaim.workflow.move(claim, transition, actor=world.committee)
            assert claim.status == state


@pytest.mark.parametrize("transition", sorted(Assembly.workflow.transitions))
@pytest.mark.parametrize("state", list(AssemblyStatus))
def test_assembly_transitions_from_every_state(app, db, world, transition, state):
    assembly = Assembly(compound_id=world.compound_a.id, status=state)
    db.session.add(assembly)
    db.session.commit()
    allowed = state in Assembly.workflow.transitions[transition].sources
    with app.test_request_context():
        if allowed:
            Assembly.workflow.move(assembly, transition, actor=world.staff)
            assert assembly.status == Assembly.workflow.transitions[transition].target
        else:
            with pytest.raises(TransitionRefused):
                Assembly.workflow.move(assembly, transition, actor=world.staff)


def test_a_move_is_audited_and_signalled_in_the_same_transaction(app, db, world, new_meeting):
    meeting = _meeting_in(db, new_meeting, MeetingStatus.DRAFT)
    heard = []

    def listener(sender, **kwargs):
        heard.append((sender, kwargs["transition"].name, kwargs["record"].id, kwargs["actor"].id))

    transitioned.connect(listener)
    try:
        with app.test_request_context():
            Meeting.workflow.move(
                meeting, "cancel", actor=world.committee, now=NOW, values={"cancel_reason": "改期"}
            )
    finally:
        transitioned.disconnect(listener)
    assert heard == [("meeting", "cancel", meeting.id, world.committee.id)]
    record = db.session.scalars(db.select(AuditRecord).where(AuditRecord.action == "meeting_cancelled")).one()
    assert (record.before, record.after) == ({"status": "draft"}, {"status": "cancelled"})
    assert meeting.cancel_reason == "改期"
    db.session.rollback()  # the move, its audit record and what listeners wrote go together
    assert (
        db.session.scalar(
            db.select(db.func.count(AuditRecord.id)).where(AuditRecord.action == "meeting_cancelled")
        )
        == 0
    )


def test_the_clock_is_read_in_the_conditional_update(app, db, world, new_meeting):
    """A cancellation decided just before voting opened is refused if, by the time the
    database row is updated, voting has opened (the condition compares with `now`)."""
    meeting = _meeting_in(db, new_meeting, MeetingStatus.ANNOUNCED)
    opening = meeting.voting_opens_at
    assert meeting.can("cancel", opening - timedelta(seconds=1))
    with app.test_request_context(), pytest.raises(TransitionRefused):
        Meeting.workflow.move(meeting, "cancel", actor=world.committee, now=opening)
