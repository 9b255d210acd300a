"""The home page starts with the signed-in person's to-do (from every role they hold); with
nothing to do it says so; anonymous visitors get the normal home. Its query count does not grow
with the number of meetings or claims."""

from datetime import timedelta

import pytest
import time_machine

from portal.assembly.models import BallotChoice
from portal.assembly.services import cast_online, publish
from portal.extensions import db as _db
from portal.places.models import Compound
from portal.places.roster import import_roster
from portal.registration.services import claim_unit, verify_claim
from tests.assembly.conftest import NOW, unit_named
from tests.conftest import ROSTER, count_queries, login, make_user


def _published(app, world, make, **kwargs):
    meeting = make(**kwargs)
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    return meeting


def test_anonymous_visitors_get_the_normal_home(client, world):
    page = client.get("/").get_data(as_text=True)
    assert "我的待办" not in page and "文宴雅居" in page and "注册账号" in page


def test_an_owner_sees_the_vote_first_and_after_voting_nothing_to_do(
    app, client, db, world, owners, new_meeting
):
    meeting = _published(app, world, new_meeting)
    db.session.commit()
    with time_machine.travel(meeting.voting_opens_at + timedelta(hours=1), tick=False):
        login(client, owners["A1"])
        page = client.get("/").get_data(as_text=True)
        assert page.index("我的待办") < page.index("<h1")  # the to-do comes first
        todo = page[page.index("我的待办") : page.index("</section>")]
        assert "对《2026年第一次业主大会》投票" in todo and "还剩 9 天" in todo
        assert f'href="/assembly/meetings/{meeting.id}/vote"' in todo and "立即投票" in todo
        cast_online(meeting, owners["A1"], {item.id: BallotChoice.AGREE for item in meeting.items})
        db.session.commit()
        page = client.get("/").get_data(as_text=True)
        assert "对《2026年第一次业主大会》投票" not in page
        assert "您现在没有需要办理的事项" in page and "文宴雅居" in page  # the normal home below


def test_a_committee_member_who_owns_a_unit_sees_the_work_of_both_roles(
    app, client, db, world, owners, new_meeting
):
    verify_claim(
        claim_unit(world.committee, unit_named(world.compound_a, "2号楼", "101"), "CERT"),
        world.staff,
        certificate_checked=True,
    )
    claim_unit(world.resident, unit_named(world.compound_a, "1号楼", "102"), "CERT")
    meeting = _published(app, world, new_meeting)
    db.session.commit()
    with time_machine.travel(meeting.voting_opens_at + timedelta(hours=1), tick=False):
        login(client, world.committee)
        page = client.get("/").get_data(as_text=True)
    for words in (
        "对《2026年第一次业主大会》投票",
        "录入《2026年第一次业主大会》的书面表决票",
        "核验文宴雅居的 1 份业主认领",
    ):
        assert words in page, words
    assert page.index("对《2026年第一次业主大会》投票") < page.index("核验文宴雅居")  # votes first


def _load(app, db, world, make, n: int) -> None:
    """n meetings voting, n drafts and n pending claims in a compound of the committee member,
    who also owns a unit there; plus n compounds without a committee for the staff."""
    for _ in range(n):
        _published(app, world, make)
        make()
    compound = Compound(name=f"大院{n}", community=world.community)
    db.session.add(compound)
    db.session.flush()
    import_roster(compound, ROSTER)
    for k in range(n):
        claim_unit(make_user(f"1370000{n}{k:03d}"), unit_named(world.compound_a, "1号楼", "102"), "CERT")
        db.session.add(Compound(name=f"无业委会{n}-{k}", community=world.community))
    db.session.commit()


@pytest.mark.parametrize("who", ["committee", "staff", "owner"])
def test_the_home_page_does_not_grow_with_meetings_and_claims(
    app, client, db, world, owners, new_meeting, who
):
    verify_claim(
        claim_unit(world.committee, unit_named(world.compound_a, "2号楼", "101"), "CERT"),
        world.staff,
        certificate_checked=True,
    )
    user = {"committee": world.committee, "staff": world.staff, "owner": owners["A1"]}[who]
    counts = []
    for n in (1, 4):
        _load(app, db, world, new_meeting, n)
        with time_machine.travel(NOW + timedelta(days=20, hours=1), tick=False):
            login(client, user)
            with count_queries(_db.engine) as counted:
                page = client.get("/").get_data(as_text=True)
            counts.append(counted())
    assert "我的待办" in page
    assert counts[0] == counts[1], counts
    # The budget (was 19, 14 and 11 before the to-do's election ballots and the person's
    # compounds took one query each): the signed-in user, the page of compounds, the person's
    # compounds, each capability's to-do in one or two queries, the unread count.
    assert counts[0] <= {"committee": 17, "staff": 14, "owner": 9}[who], counts
