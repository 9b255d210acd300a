"""Election services: settings, nominations and eligibility, publishing the list (frozen
electorate, notice period, notice), ballots on every channel, the count and the final result
with the committee's term."""

from datetime import timedelta

import pytest

from portal.assembly.models import BallotChannel
from portal.elections import services
from portal.elections.models import CandidateStatus, ElectionStatus, MemberKind
from portal.errors import ConflictError, DomainError
from portal.notices.models import Notice
from portal.notifications.models import Notification
from tests.conftest import login, make_user
from tests.elections.conftest import CLOSES, DURING, NOW, authorisation, settings


def test_a_wrong_seat_count_is_refused_with_the_rule(app, world, db):
    with app.test_request_context(), pytest.raises(DomainError) as refused:
        services.create_election(world.compound_a, settings(seats=4), actor=world.committee)
    assert "5" in str(refused.value.message) and "11" in str(refused.value.message)


def test_a_term_over_five_years_is_refused(app, world, db):
    with app.test_request_context(), pytest.raises(DomainError):
        services.create_election(world.compound_a, settings(term_years=6), actor=world.committee)


def test_an_owner_nominates_themself_once(app, db, world, owners, new_election):
    election = new_election()
    with app.test_request_context():
        services.open_nominations(election, actor=world.committee, now=NOW)
        candidate = services.nominate_self(election, owners["A1"], statement="服务大家", now=NOW)
        assert (candidate.owner_key, candidate.name, candidate.number) == ("A1", "甲", 1)
        with pytest.raises(ConflictError):
            services.nominate_self(election, owners["A1"], statement="再来", now=NOW)


def test_co_owners_are_one_group_so_one_candidate(app, db, world, owners, new_election):
    election = new_election()
    with app.test_request_context():
        services.open_nominations(election, actor=world.committee, now=NOW)
        services.nominate_self(election, owners["C3"], statement="", now=NOW)
        with pytest.raises(ConflictError):
            services.nominate_self(election, owners["C3b"], statement="", now=NOW)


def test_only_verified_owners_of_the_compound_stand(app, db, world, owners, new_election):
    election = new_election()
    with app.test_request_context():
        services.open_nominations(election, actor=world.committee, now=NOW)
        with pytest.raises(DomainError):
            services.nominate_self(election, make_user("13655555555", "路人"), statement="", now=NOW)
        with pytest.raises(DomainError):
            services.nominate_owner(election, "@developer", statement="", actor=world.committee, now=NOW)
        with pytest.raises(DomainError):
            services.nominate_owner(election, "ZZ9", statement="", actor=world.committee, now=NOW)


def test_nominations_close_at_their_time(app, db, world, owners, new_election):
    election = new_election()
    with app.test_request_context():
        services.open_nominations(election, actor=world.committee, now=NOW)
        with pytest.raises(DomainError):
            services.nominate_self(election, owners["A1"], statement="", now=NOW + timedelta(days=3))


def test_a_rejected_nomination_is_not_listed(app, db, world, owners, new_election):
    election = new_election()
    with app.test_request_context():
        services.open_nominations(election, actor=world.committee, now=NOW)
        candidate = services.nominate_self(election, owners["A1"], statement="", now=NOW)
        with pytest.raises(DomainError):
            services.reject(candidate, " ", actor=world.committee, now=NOW)
        services.reject(candidate, "不符合条件", actor=world.committee, now=NOW)
        assert candidate.status == CandidateStatus.REJECTED
        with pytest.raises(DomainError):
            services.publish_list(election, actor=world.committee, now=NOW + timedelta(days=2))


def test_publishing_too_late_for_the_notice_period_is_refused(app, db, world, owners, new_election):
    election = new_election()
    with app.test_request_context():
        services.open_nominations(election, actor=world.committee, now=NOW)
        services.nominate_self(election, owners["A1"], statement="", now=NOW)
        with pytest.raises(DomainError) as refused:
            services.publish_list(election, actor=world.committee, now=NOW + timedelta(days=6))
    assert "15" in str(refused.value.message)


def test_publishing_freezes_the_electorate_and_posts_the_list(app, db, world, listed_election):
    election = listed_election
    assert election.status == ElectionStatus.PUBLISHED
    assert (election.total_owners, election.total_area_hundredths) == (4, 46475)
    notice = db.session.query(Notice).filter_by(source=f"election:{election.id}:list").one()
    assert "甲" in notice.body and "王五" in notice.body
    assert db.session.query(Notification).filter_by(kind="election_list").count() == 4


def _vote(app, election, user, numbers, now=DURING):
    with app.test_request_context():
        return services.cast_online(
            election, user, services.read_candidates(election, numbers, by="number"), now=now
        )


def test_voting_only_inside_the_window(app, db, world, owners, listed_election):
    with pytest.raises(DomainError):
        _vote(app, listed_election, owners["A1"], [1], now=NOW)


def test_more_than_seats_is_refused(app, db, world, owners, listed_election):
    listed_election.seats = 1
    with pytest.raises(DomainError):
        _vote(app, listed_election, owners["A1"], [1, 2])


def test_co_owners_share_one_ballot_and_a_later_online_vote_replaces_it(
    app, db, world, owners, listed_election
):
    _vote(app, listed_election, owners["C3"], [1])
    _vote(app, listed_election, owners["C3b"], [2, 3])
    with app.test_request_context():
        result = services.count(listed_election, CLOSES)
    assert (result.participating_owners, result.participating_area) == (1, 9000)
    agree = {c.number: s.agree_owners for c, s in result.standings()}
    assert agree == {1: 0, 2: 1, 3: 1}


def test_a_paper_ballot_after_an_online_one_is_a_conflict(app, db, world, owners, listed_election):
    _vote(app, listed_election, owners["A1"], [1])
    with app.test_request_context(), pytest.raises(ConflictError):
        services.enter_ballot(
            listed_election,
            owner_key="A1",
            channel=BallotChannel.PAPER,
            candidates=[],
            actor=world.committee,
            now=DURING,
        )


def test_a_proxy_ballot_needs_the_authorisation(app, db, world, owners, listed_election):
    with app.test_request_context(), pytest.raises(DomainError):
        services.enter_ballot(
            listed_election,
            owner_key="@developer",
            channel=BallotChannel.PROXY,
            proxy_name="开发商代表",
            candidates=[],
            actor=world.committee,
            now=DURING,
        )


def _elect(app, db, world, owners, election):
    """A1 approves 1 and 3, C3 approves 1 and 2, the developer's proxy 1 and 3: 3 of 4 owners
    with 389.75 of 464.75 m² take part (quorum met). Candidate 1: 3 owners, 389.75 m² —
    elected; 3: 2 owners, 299.75 — elected; 2: 1 owner — not elected."""
    _vote(app, election, owners["A1"], [1, 3])
    _vote(app, election, owners["C3"], [1, 2])
    with app.test_request_context():
        services.enter_ballot(
            election,
            owner_key="@developer",
            channel=BallotChannel.PROXY,
            proxy_name="开发商代表",
            authorisation=authorisation(),
            candidates=services.read_candidates(election, [1, 3], by="number"),
            actor=world.committee,
            now=DURING,
        )
    db.session.commit()


def test_the_count_by_the_rule(app, db, world, owners, listed_election):
    _elect(app, db, world, owners, listed_election)
    with app.test_request_context():
        during = services.count(listed_election, DURING).as_dict()
        after = services.count(listed_election, CLOSES).as_dict()
    assert during["participating_area"] is None and during["candidates"][0]["outcome"] is None
    assert after["quorum_met"] is True and after["participating_area"] == "389.75"
    outcomes = {c["name"]: c["outcome"] for c in after["candidates"]}
    assert outcomes == {"甲": "elected", "王五": "elected", "乙": "not_elected"}
    assert after["open_seats"] == 1


def test_a_blank_ballot_counts_as_taking_part(app, db, world, owners, listed_election):
    _vote(app, listed_election, owners["B2"], [])
    with app.test_request_context():
        result = services.count(listed_election, CLOSES)
    assert (result.participating_owners, result.participating_area) == (1, 7500)


def test_final_announcement_creates_the_term(app, db, world, owners, listed_election):
    _elect(app, db, world, owners, listed_election)
    with app.test_request_context():
        with pytest.raises(DomainError):
            services.finalise(listed_election, actor=world.committee, now=CLOSES + timedelta(days=1))
        final_at = CLOSES + timedelta(days=listed_election.objection_days)
        services.finalise(listed_election, actor=world.committee, now=final_at)
        term = services.current_term(world.compound_a, (final_at + timedelta(days=1)).date())
    assert listed_election.status == ElectionStatus.FINAL
    assert [(m.name, m.kind) for m in term.members] == [
        ("甲", MemberKind.MEMBER),
        ("王五", MemberKind.MEMBER),
    ]
    assert term.ends_on.year == term.starts_on.year + 5
    assert db.session.query(Notice).filter_by(source=f"election:{listed_election.id}:final").count() == 1


def test_objections_are_answered_before_the_final_announcement(app, db, world, owners, listed_election):
    _elect(app, db, world, owners, listed_election)
    with app.test_request_context():
        with pytest.raises(DomainError):
            services.file_objection(listed_election, owners["B2"], "太早了", now=DURING)
        with pytest.raises(DomainError):
            services.file_objection(
                listed_election, world.resident, "我不是业主", now=CLOSES + timedelta(hours=1)
            )
        objection = services.file_objection(
            listed_election, owners["B2"], "请公布纸质票", now=CLOSES + timedelta(hours=1)
        )
        final_at = CLOSES + timedelta(days=listed_election.objection_days)
        with pytest.raises(DomainError):
            services.finalise(listed_election, actor=world.committee, now=final_at)
        services.answer_objection(objection, world.committee, "已在办公室公示")
        with pytest.raises(DomainError):
            services.answer_objection(objection, world.committee, "再答一次")
        services.finalise(listed_election, actor=world.committee, now=final_at)
    assert listed_election.status == ElectionStatus.FINAL


def test_paper_ballots_are_corrected_only_in_the_objection_period(app, db, world, owners, listed_election):
    _elect(app, db, world, owners, listed_election)
    after_close = CLOSES + timedelta(hours=1)
    with app.test_request_context():
        two = services.read_candidates(listed_election, [2], by="number")
        with pytest.raises(DomainError):
            services.correct_ballot(
                listed_election, "@developer", two, "录错", actor=world.committee, now=DURING
            )
        with pytest.raises(DomainError):  # online ballots belong to the voter
            services.correct_ballot(
                listed_election, "A1", two, "录错", actor=world.committee, now=after_close
            )
        with pytest.raises(DomainError):
            services.correct_ballot(
                listed_election, "@developer", two, " ", actor=world.committee, now=after_close
            )
        services.correct_ballot(
            listed_election, "@developer", two, "录错了候选人", actor=world.committee, now=after_close
        )
        result = services.count(listed_election, after_close)
    agree = {c.number: s.agree_owners for c, s in result.standings()}
    assert agree == {1: 2, 2: 2, 3: 1}


def _committee_holders(db, compound):
    from portal.auth.models import Role, RoleGrant

    grants = db.session.query(RoleGrant).filter_by(role=Role.COMMITTEE, compound_id=compound.id).all()
    return {g.user.name: g.preparatory for g in grants}


def test_the_elected_term_carries_the_committee_powers(app, db, world, owners, listed_election):
    from portal.auth.models import Role
    from portal.auth.services import grant_role

    preparatory = make_user("13600000099", "筹备组成员")
    grant_role(preparatory, Role.COMMITTEE, world.compound_a, preparatory=True)
    db.session.commit()
    _elect(app, db, world, owners, listed_election)
    with app.test_request_context():
        final_at = CLOSES + timedelta(days=listed_election.objection_days)
        services.finalise(listed_election, actor=world.committee, now=final_at)
    db.session.commit()
    holders = _committee_holders(db, world.compound_a)
    assert "筹备组成员" not in holders
    assert holders["甲"] is False  # elected with an account
    assert "乙" not in holders  # not elected
    term = services.terms_of(world.compound_a)[0]
    first = next(m for m in term.members if m.name == "甲")
    with app.test_request_context():
        services.member_leaves(first, "本人书面辞职", actor=world.committee)
    db.session.commit()
    assert "甲" not in _committee_holders(db, world.compound_a)


def test_an_election_that_elects_nobody_starts_no_term(app, db, world, owners, listed_election):
    from portal.audit import AuditRecord
    from portal.elections.models import CommitteeTerm

    _vote(app, listed_election, owners["B2"], [2])  # 1 of 4 owners: no quorum, nobody elected
    db.session.commit()
    with app.test_request_context():
        final_at = CLOSES + timedelta(days=listed_election.objection_days)
        services.finalise(listed_election, actor=world.committee, now=final_at)
    db.session.commit()
    assert listed_election.status == ElectionStatus.FINAL
    assert db.session.query(CommitteeTerm).count() == 0
    record = db.session.query(AuditRecord).filter_by(action="election_finalised").one()
    assert record.after["term_started"] is False
    notice = db.session.query(Notice).filter_by(source=f"election:{listed_election.id}:final").one()
    assert "无人当选" in notice.body or "Nobody was elected" in notice.body


def test_a_ballot_entered_for_the_wrong_owner_is_voided_in_the_objection_period(
    app, client, db, world, owners, listed_election
):
    from portal.audit import AuditRecord

    _elect(app, db, world, owners, listed_election)
    after_close = CLOSES + timedelta(hours=1)
    with app.test_request_context():
        with pytest.raises(DomainError):  # not during voting
            services.void_ballot(listed_election, "@developer", "录错业主", actor=world.committee, now=DURING)
        with pytest.raises(DomainError):  # online ballots belong to the voter
            services.void_ballot(listed_election, "A1", "录错业主", actor=world.committee, now=after_close)
        with pytest.raises(DomainError):  # a reason is needed
            services.void_ballot(listed_election, "@developer", " ", actor=world.committee, now=after_close)
        services.void_ballot(
            listed_election, "@developer", "录错业主", actor=world.committee, now=after_close
        )
        result = services.count(listed_election, after_close)
    db.session.commit()
    assert (result.participating_owners, {c.number: s.agree_owners for c, s in result.standings()}) == (
        2,
        {1: 2, 2: 1, 3: 1},
    )
    record = db.session.query(AuditRecord).filter_by(action="election_ballot_voided").one()
    assert record.before["candidates"] == [1, 3] and record.after["reason"] == "录错业主"
    (kept,) = services.voided_ballots_of(listed_election)  # kept as it was, not deleted
    assert (kept.owner.owner_key, kept.numbers, kept.reason) == ("@developer", [1, 3], "录错业主")
    assert kept.voided_by_id == world.committee.id and kept.channel.value in ("paper", "proxy")
    # The organisers see it on the election page (with the reason); owners do not.
    login(client, world.committee)
    page = client.get(f"/elections/{listed_election.id}").get_data(as_text=True)
    assert "作废的选票" in page and "@developer" in page and "录错业主" in page and "开发商代表" in page
    login(client, owners["A1"])
    assert "录错业主" not in client.get(f"/elections/{listed_election.id}").get_data(as_text=True)


def test_the_list_is_published_only_after_nominations_close(app, db, world, owners, new_election):
    election = new_election()
    with app.test_request_context():
        services.open_nominations(election, actor=world.committee, now=NOW)
        services.nominate_self(election, owners["A1"], statement="", now=NOW)
        with pytest.raises(DomainError) as refused:
            services.publish_list(election, actor=world.committee, now=NOW + timedelta(days=1))
        assert election.published_at is None
        services.publish_list(election, actor=world.committee, now=NOW + timedelta(days=2))
    assert election.nominations_close_at.strftime("%Y-%m-%d") in str(refused.value.message)
