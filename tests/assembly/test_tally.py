"""The tally: hand-computed cases, a property test against a brute-force reference, and the
race of two simultaneous ballots for one group."""

from __future__ import annotations

import itertools
import threading
from datetime import timedelta
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from portal.assembly.models import Ballot, BallotChannel, BallotChoice
from portal.assembly.rules import Matter
from portal.assembly.services import cast_online, enter_ballot, publish
from portal.assembly.tally import tally
from portal.errors import ConflictError
from portal.extensions import db as _db
from portal.places.models import Compound
from portal.places.roster import import_roster
from tests.assembly.conftest import NOW, authorisation

AGREE, OPPOSE, ABSTAIN = BallotChoice.AGREE, BallotChoice.OPPOSE, BallotChoice.ABSTAIN


@pytest.fixture
def voting(app, db, new_meeting, world, owners):
    meeting = new_meeting(matters=(Matter.COVENANT, Matter.FUND_RAISE))
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    db.session.commit()
    return meeting, meeting.voting_opens_at + timedelta(hours=1)


def test_hand_computed_tally(db, voting, owners, world):
    meeting, during = voting
    covenant, fund = meeting.items
    # A1 140.75 m² agrees on both; B2 75.00 opposes the covenant and agrees to raise the fund;
    # the developer 159.00 abstains on both; C3 90.00 does not vote. Total 464.75 m², 4 owners.
    cast_online(meeting, owners["A1"], {covenant.id: AGREE, fund.id: AGREE}, now=during)
    enter_ballot(
        meeting,
        owner_key="B2",
        channel=BallotChannel.PAPER,
        choices={covenant.id: OPPOSE, fund.id: AGREE},
        actor=world.committee,
        now=during,
    )
    enter_ballot(
        meeting,
        owner_key="@developer",
        channel=BallotChannel.PROXY,
        proxy_name="代表",
        authorisation=authorisation(),
        choices={covenant.id: ABSTAIN, fund.id: ABSTAIN},
        actor=world.committee,
        now=during,
    )
    while_voting = tally(meeting, during).as_dict()
    first = while_voting["items"][0]
    assert (first["participating_area"], first["participating_owners"], first["quorum_met"]) == (
        "374.75",
        3,
        True,
    )
    assert first["agree_area"] is None and first["passed"] is None  # no choices while voting
    result = tally(meeting, meeting.voting_closes_at).as_dict()
    assert result["status"] == "counted" and (result["total_area"], result["total_owners"]) == ("464.75", 4)
    covenant_result, fund_result = result["items"]
    # 374.75 ≥ ⅔ × 464.75 and 3 ≥ ⅔ × 4: quorum. Covenant: agree 140.75 of 374.75, 1 of 3: fails.
    assert (covenant_result["agree_area"], covenant_result["agree_owners"]) == ("140.75", 1)
    assert (covenant_result["oppose_area"], covenant_result["abstain_area"]) == ("75.00", "159.00")
    assert covenant_result["rule"] == "majority" and covenant_result["passed"] is False
    # Fund raise needs ¾: agree 215.75 of 374.75 (57.6 %) and 2 of 3: fails.
    assert fund_result["rule"] == "three_quarters" and fund_result["agree_area"] == "215.75"
    assert fund_result["passed"] is False


def test_no_quorum_when_too_few_take_part(db, voting, owners):
    meeting, during = voting
    cast_online(meeting, owners["A1"], {meeting.items[0].id: AGREE}, now=during)
    cast_online(meeting, owners["B2"], {meeting.items[0].id: AGREE}, now=during)
    item = tally(meeting, meeting.voting_closes_at).as_dict()["items"][0]
    # 2 of 4 owners, 215.75 of 464.75 m²: no quorum, so no pass although everyone agreed.
    assert item["quorum_met"] is False and item["passed"] is False


def test_cli_prints_the_same_tally(app, db, voting, owners):
    import json

    meeting, during = voting
    cast_online(meeting, owners["A1"], {meeting.items[0].id: AGREE}, now=during)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["assembly", "tally", str(meeting.id), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == tally(meeting).as_dict()


# --- property test ------------------------------------------------------------------------------

CHOICES = [AGREE, OPPOSE, ABSTAIN, None]
MATTERS = [Matter.COVENANT, Matter.REBUILD, Matter.COMMITTEE]
_counter = itertools.count()


@st.composite
def rosters(draw):
    """Owners with one to three units each, some unsold or undelivered units, and each group's
    choice (or silence) and channel on each of three items. Online groups may have a co-owner
    who voted first (`earlier`); the later online vote replaces it item by item."""
    owners = draw(st.integers(min_value=1, max_value=12))
    rows = []
    for owner in range(owners):
        for _unit in range(draw(st.integers(min_value=1, max_value=3))):
            rows.append((f"K{owner}", draw(st.integers(min_value=1, max_value=20000)), "delivered"))
    for _unit in range(draw(st.integers(min_value=0, max_value=3))):
        rows.append(
            (
                "",
                draw(st.integers(min_value=1, max_value=20000)),
                draw(st.sampled_from(["unsold", "undelivered"])),
            )
        )
    keys = sorted({key or "@developer" for key, _, _ in rows})
    votes = {key: [draw(st.sampled_from(CHOICES)) for _ in MATTERS] for key in keys}
    channels = {
        key: BallotChannel.PROXY if key == "@developer" else draw(st.sampled_from(list(BallotChannel)))
        for key in keys
    }
    earlier = {
        key: [draw(st.sampled_from(CHOICES)) for _ in MATTERS]
        for key in keys
        if channels[key] == BallotChannel.ONLINE and draw(st.booleans())
    }
    on_paper = [key for key in keys if channels[key] != BallotChannel.ONLINE]
    sheets = {
        "blank_counts_as_abstain": draw(st.booleans()),
        "spoilt": {key for key in on_paper if draw(st.integers(0, 4)) == 0},
        "voided": {key for key in on_paper if draw(st.integers(0, 4)) == 0},
    }
    return rows, votes, channels, earlier, sheets


def effective(votes, earlier, channels, sheets):
    """What each group's ballot on each item finally counts as: online, the later vote where it
    answered the item, else the co-owner's earlier one; on paper, a voided sheet not at all, a
    spoilt sheet or a blank item as abstaining when the rules of procedure say so, else not."""
    blank = ABSTAIN if sheets["blank_counts_as_abstain"] else None
    final = {}
    for key, choices in votes.items():
        if channels[key] == BallotChannel.ONLINE:
            before = earlier.get(key, [None] * len(choices))
            final[key] = [v if v is not None else e for v, e in zip(choices, before, strict=True)]
        elif key in sheets["voided"] or not (any(c is not None for c in choices) or key in sheets["spoilt"]):
            final[key] = [None] * len(choices)
        elif key in sheets["spoilt"]:
            final[key] = [blank] * len(choices)
        else:
            final[key] = [c if c is not None else blank for c in choices]
    return final


def reference(rows, votes, item_index, matter):
    """Brute force in fractions: who took part, who agreed, and the verdict of DESIGN §3."""
    area = {}
    for key, hundredths, _status in rows:
        area[key or "@developer"] = area.get(key or "@developer", 0) + hundredths
    total_area, total_owners = sum(area.values()), len(area)
    voters = {k: v[item_index] for k, v in votes.items() if v[item_index] is not None}
    part_area, part_owners = sum(area[k] for k in voters), len(voters)
    agree = [k for k, choice in voters.items() if choice == AGREE]
    agree_area, agree_owners = sum(area[k] for k in agree), len(agree)
    quorum = (
        total_owners > 0
        and Fraction(part_area, total_area) >= Fraction(2, 3)
        and Fraction(part_owners, total_owners) >= Fraction(2, 3)
    )
    if part_owners == 0:
        passed = False
    elif matter == Matter.REBUILD:
        passed = Fraction(agree_area, part_area) >= Fraction(3, 4) and Fraction(
            agree_owners, part_owners
        ) >= Fraction(3, 4)
    else:
        passed = Fraction(agree_area, part_area) > Fraction(1, 2) and Fraction(
            agree_owners, part_owners
        ) > Fraction(1, 2)
    return (
        total_area,
        total_owners,
        part_area,
        part_owners,
        agree_area,
        agree_owners,
        quorum,
        quorum and passed,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=rosters())
def test_sql_tally_matches_the_brute_force_reference(app, db, world, data):
    rows, votes, channels, earlier, sheets = data
    compound = Compound(name=f"随机小区{next(_counter)}", community=world.community)
    db.session.add(compound)
    db.session.flush()
    lines = ["building,unit,area_m2,area_source,owner_key,owner_name,owner_phone,status"]
    for n, (key, hundredths, status) in enumerate(rows):
        lines.append(f"1号楼,{n:03d},{hundredths / 100:.2f},,{key},,,{status}")
    import_roster(compound, ("\n".join(lines) + "\n").encode())
    from portal.assembly.establishment import assembly_of
    from portal.assembly.models import Ballot, MeetingForm, MeetingKind
    from portal.assembly.services import ItemDraft, create_meeting, void_sheet

    assembly_of(compound).blank_counts_as_abstain = sheets["blank_counts_as_abstain"]
    opens = NOW + timedelta(days=20)
    meeting = create_meeting(
        compound,
        title="随机",
        kind=MeetingKind.REGULAR,
        form=MeetingForm.WRITTEN,
        opens_at=opens,
        closes_at=opens + timedelta(days=5),
        items=[ItemDraft(f"议题{m}", "", m) for m in MATTERS],
        actor=world.committee,
    )
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    during = opens + timedelta(hours=1)
    for key, choices in votes.items():
        chosen = {item.id: c for item, c in zip(meeting.items, choices, strict=True) if c is not None}
        if channels[key] == BallotChannel.ONLINE:
            _vote_online(meeting, compound, key, earlier.get(key), chosen, world, during)
        elif chosen or key in sheets["spoilt"]:
            enter_ballot(
                meeting,
                owner_key=key,
                channel=channels[key],
                proxy_name="代理",
                authorisation=authorisation(),
                choices=chosen,
                spoilt=key in sheets["spoilt"],
                actor=world.committee,
                now=during,
            )
    for key in sheets["voided"]:
        sheet = _db.session.scalar(
            select(Ballot)
            .join(Ballot.owner)
            .where(Ballot.meeting_id == meeting.id, Ballot.owner.has(owner_key=key))
        )
        if sheet is not None:
            void_sheet(sheet, world.committee, "录错了业主", now=meeting.counted_at + timedelta(hours=1))
    result = tally(meeting, meeting.voting_closes_at)
    final = effective(votes, earlier, channels, sheets)
    for index, (item, matter) in enumerate(zip(result.items, MATTERS, strict=True)):
        total_area, total_owners, part_area, part_owners, agree_area, agree_owners, quorum, passed = (
            reference(rows, final, index, matter)
        )
        assert (result.total_area, result.total_owners) == (total_area, total_owners)
        assert (item.participating_area, item.participating_owners) == (part_area, part_owners)
        assert item.figures(AGREE) == (agree_area, agree_owners)
        assert (item.quorum_met, item.passed) == (quorum, passed)
    db.session.rollback()


def _vote_online(meeting, compound, key, earlier, chosen, world, during):
    """Verified owners of the group vote online: a co-owner first (if any), then the owner."""
    from portal.places.models import OwnerGroup, Unit
    from portal.registration.services import claim_unit, verify_claim
    from tests.conftest import make_user

    unit = _db.session.scalar(
        select(Unit)
        .join(OwnerGroup)
        .where(OwnerGroup.compound_id == compound.id, OwnerGroup.owner_key == key)
    )
    voters = []
    for _ in range(2 if earlier else 1):
        voter = make_user(f"136{next(_counter):08d}")
        verify_claim(claim_unit(voter, unit, "CERT"), world.committee, certificate_checked=True)
        voters.append(voter)
    if earlier:
        first = {item.id: c for item, c in zip(meeting.items, earlier, strict=True) if c is not None}
        if first:
            cast_online(meeting, voters[0], first, now=during)
    if chosen:
        cast_online(meeting, voters[-1], chosen, now=during + timedelta(minutes=5))


# --- the race -----------------------------------------------------------------------------------


def test_two_simultaneous_ballots_for_one_group_leave_exactly_one(app, db, voting, owners, world):
    meeting, during = voting
    item_id, meeting_id, committee_id, owner_id = (
        meeting.items[0].id,
        meeting.id,
        world.committee.id,
        owners["B2"].id,
    )
    outcomes, barrier = [], threading.Barrier(2)

    def submit(channel):
        from portal.assembly.models import Meeting
        from portal.auth.models import User

        with app.app_context():
            target = _db.session.get(Meeting, meeting_id)
            barrier.wait()
            try:
                if channel == "paper":
                    enter_ballot(
                        target,
                        owner_key="B2",
                        channel=BallotChannel.PAPER,
                        choices={item_id: AGREE},
                        actor=_db.session.get(User, committee_id),
                        now=during,
                    )
                else:
                    cast_online(target, _db.session.get(User, owner_id), {item_id: OPPOSE}, now=during)
                _db.session.commit()
                outcomes.append(channel)
            except ConflictError:
                _db.session.rollback()
                outcomes.append("conflict")
            except Exception as error:
                _db.session.rollback()
                outcomes.append(type(error).__name__)
            finally:
                _db.session.remove()

    with app.test_request_context():
        threads = [threading.Thread(target=submit, args=(c,)) for c in ("paper", "online")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    db.session.rollback()  # a fresh transaction sees what the threads committed
    assert db.session.scalar(select(func.count(Ballot.id)).where(Ballot.item_id == item_id)) == 1
    assert sum(o in ("paper", "online") for o in outcomes) == 1, outcomes
