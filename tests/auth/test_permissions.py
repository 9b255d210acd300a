"""Each permission predicate, for each role, on its own scope and on another."""

import pytest
from flask_login import AnonymousUserMixin

from portal.auth import permissions as perm
from portal.registration.services import claim_unit
from tests.conftest import make_user

ANON = AnonymousUserMixin()


@pytest.fixture
def ctx(app, world):
    with app.test_request_context():
        yield world


def test_admin_rules(ctx):
    w = ctx
    assert perm.is_admin(w.admin) and perm.can_manage_roles(w.admin) and perm.can_view_audit(w.admin)
    for user in (w.committee, w.staff, w.mediator, w.resident, ANON):
        assert not perm.can_manage_roles(user) and not perm.can_view_audit(user)


def test_roster_rules(ctx):
    w = ctx
    assert perm.can_view_roster(w.committee, w.compound_a)
    assert not perm.can_view_roster(w.committee, w.compound_b)
    assert not perm.can_view_roster(w.fred, w.compound_a)
    assert perm.can_view_roster(w.staff, w.compound_a) and perm.can_view_roster(w.staff, w.compound_c)
    assert not perm.can_view_roster(w.staff, w.compound_b)
    assert perm.can_view_roster(w.admin, w.compound_b)
    assert not perm.can_view_roster(w.resident, w.compound_a) and not perm.can_view_roster(ANON, w.compound_a)


def test_import_rules(ctx):
    w = ctx
    assert perm.can_import_roster(w.admin, w.compound_b)
    assert perm.can_import_roster(w.staff, w.compound_a) and not perm.can_import_roster(w.staff, w.compound_b)
    assert not perm.can_import_roster(w.committee, w.compound_a)
    assert perm.can_import_any_roster(w.staff) and not perm.can_import_any_roster(w.committee)


def test_committee_reviews_its_compound_and_staff_only_where_there_is_no_committee(ctx):
    w = ctx
    assert perm.can_review_claims(w.committee, w.compound_a)
    assert not perm.can_review_claims(w.committee, w.compound_c)
    assert not perm.can_review_claims(w.fred, w.compound_a)
    assert not perm.can_review_claims(w.staff, w.compound_a)  # A has a committee
    assert perm.can_review_claims(w.staff, w.compound_c)  # C has none
    assert not perm.can_review_claims(w.staff, w.compound_b)
    for user in (w.admin, w.mediator, w.resident, ANON):
        assert not perm.can_review_claims(user, w.compound_a)


def test_claims_are_seen_by_the_claimant_and_reviewers_only(ctx, db):
    w = ctx
    unit = w.compound_a.buildings[0].units[0]
    claim = claim_unit(w.resident, unit, "CERT")
    assert perm.can_view_claim(w.resident, claim) and not perm.can_decide_claim(w.resident, claim)
    assert perm.can_view_claim(w.committee, claim) and perm.can_decide_claim(w.committee, claim)
    for user in (w.fred, w.staff, w.admin, w.mediator, make_user("13700000000"), ANON):
        assert not perm.can_view_claim(user, claim) and not perm.can_decide_claim(user, claim)
    assert getattr(perm.can_view_claim, "hides_existence", False)


def test_reviewers_never_decide_their_own_claim(ctx):
    w = ctx
    own = claim_unit(w.committee, w.compound_a.buildings[0].units[0], "CERT")
    assert perm.can_view_claim(w.committee, own)
    assert not perm.can_decide_claim(w.committee, own)
