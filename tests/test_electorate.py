"""The frozen electorate: totals at the notice, and who votes for which frozen group by the
units they held at the notice (a unit moved to another owner afterwards stays with the group
that held it)."""

from datetime import timedelta

from sqlalchemy import select

from portal.assembly.models import Ballot
from portal.assembly.services import cast_online, publish, voting_groups
from portal.assembly.tally import tally
from portal.electorate import ElectorateGroup, freeze, group_by_key
from portal.places.roster import import_roster
from portal.registration.models import ClaimStatus
from portal.registration.services import claim_unit, reject_claim, verify_claim
from tests.assembly.conftest import NOW, unit_named
from tests.conftest import ROSTER, make_user

AGREE = "agree"


def test_a_freeze_keeps_each_owner_group_once_with_its_area(db, world):
    frozen = freeze(world.compound_a, now=NOW)
    groups = {
        g.owner_key: g
        for g in db.session.scalars(select(ElectorateGroup).where(ElectorateGroup.electorate_id == frozen.id))
    }
    assert set(groups) == {"A1", "B2", "C3", "@developer"}
    assert groups["A1"].area_hundredths == 8050 + 6025 and groups["A1"].units == "1号楼 101、1号楼 102"
    assert (frozen.total_owners, frozen.total_area_hundredths) == (4, 46475)


def _announced(app, db, world, new_meeting):
    meeting = new_meeting()
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    db.session.commit()
    return meeting, meeting.voting_opens_at + timedelta(hours=1)


def test_a_unit_given_to_another_owner_after_the_notice_is_voted_for_by_the_group_that_held_it(
    app, db, world, new_meeting
):
    a = world.compound_a
    owner_a, owner_c = make_user("13600000001", "甲"), make_user("13600000003", "丙")
    verify_claim(
        claim_unit(owner_a, unit_named(a, "1号楼", "101"), "CERT"), world.committee, certificate_checked=True
    )
    verify_claim(
        claim_unit(owner_c, unit_named(a, "2号楼", "101"), "CERT"), world.committee, certificate_checked=True
    )
    meeting, during = _announced(app, db, world, new_meeting)
    # After the notice the roster gives 1号楼 101 to C3; 甲's claim goes back to the queue.
    with app.test_request_context(method="POST"):
        moved = ROSTER.decode().replace(
            "1号楼,101,80.50,registered,A1,张三,13800000011", "1号楼,101,80.50,registered,C3,王五,"
        )
        import_roster(a, moved.encode())
    db.session.commit()
    assert unit_named(a, "1号楼", "101").owner_group.owner_key == "C3"
    # 丙 is now verified on 1号楼 101 as well.
    verify_claim(
        claim_unit(owner_c, unit_named(a, "1号楼", "101"), "CERT"), world.committee, certificate_checked=True
    )
    db.session.commit()
    assert [g.owner_key for g in voting_groups(owner_a, meeting)] == ["A1"]  # held it at the notice
    assert [g.owner_key for g in voting_groups(owner_c, meeting)] == ["C3"]  # not A1's vote
    item = meeting.items[0]
    cast_online(meeting, owner_a, {item.id: AGREE}, now=during)
    cast_online(meeting, owner_c, {item.id: AGREE}, now=during)
    db.session.commit()
    voted = {b.owner.owner_key: b.owner.area_hundredths for b in db.session.scalars(select(Ballot))}
    assert voted == {"A1": 8050 + 6025, "C3": 9000}  # the areas frozen at the notice
    counted = tally(meeting, during + timedelta(days=20)).items[0]
    assert (counted.participating_owners, counted.participating_area) == (2, 8050 + 6025 + 9000)


def test_an_owner_verified_after_the_notice_votes_for_the_unchanged_unit(app, db, world, new_meeting):
    meeting, _during = _announced(app, db, world, new_meeting)
    late = make_user("13600000002", "乙")
    verify_claim(
        claim_unit(late, unit_named(world.compound_a, "1号楼", "201"), "CERT"),
        world.committee,
        certificate_checked=True,
    )
    db.session.commit()
    assert [g.owner_key for g in voting_groups(late, meeting)] == ["B2"]


def test_a_holder_whose_claim_was_refused_since_does_not_vote(app, db, world, new_meeting):
    a = world.compound_a
    holder = make_user("13600000002", "乙")
    claim = claim_unit(holder, unit_named(a, "1号楼", "201"), "CERT")
    verify_claim(claim, world.committee, certificate_checked=True)
    meeting, _during = _announced(app, db, world, new_meeting)
    claim.status = ClaimStatus.PENDING  # sent back for review ...
    db.session.commit()
    assert [g.owner_key for g in voting_groups(holder, meeting)] == ["B2"]  # ... still stands
    reject_claim(claim, world.committee, "证件不符")  # ... and found false
    db.session.commit()
    assert voting_groups(holder, meeting) == []


def test_the_developer_group_is_never_voted_for_online(app, db, world, new_meeting):
    meeting, _during = _announced(app, db, world, new_meeting)
    assert group_by_key(meeting.electorate, "@developer") is not None
    assert all(not g.is_developer for g in voting_groups(world.committee, meeting))
