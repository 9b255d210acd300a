"""Demo data loads, and loading it again changes nothing."""

from sqlalchemy import func, select

from portal.auth.models import RoleGrant, User
from portal.demo import load_demo
from portal.places.models import Compound, Courtyard, Unit
from portal.places.services import find_compound, roster_summary
from portal.registration.models import UnitClaim


def _counts(db):
    return [
        db.session.scalar(select(func.count(model.id)))
        for model in (Compound, Courtyard, Unit, User, RoleGrant, UnitClaim)
    ]


def test_demo_is_idempotent(app, db):
    load_demo()
    db.session.commit()
    first = _counts(db)
    load_demo()
    db.session.commit()
    assert _counts(db) == first
    wenyan = find_compound("文宴雅居")
    assert [c.name for c in wenyan.courtyards] == ["南关三组家属院", "南关村小学家属院"]
    assert len(find_compound("胥中街片区").courtyards) == 4
    summary = roster_summary(find_compound("三国苑"))
    assert summary.owner_groups < summary.units


def test_demo_command_if_empty(app, db):
    runner = app.test_cli_runner()
    assert "Demo data loaded" in runner.invoke(args=["demo", "--if-empty"]).output
    result = runner.invoke(args=["demo", "--if-empty"])
    assert "not loaded" in result.output and "13900000002" in result.output


def test_each_demo_claim_is_on_a_unit_the_roster_gives_the_claimant(app, db):
    """陈桂芳 verified as the owner of 文宴雅居 1号楼 1单元101 is the owner the roster names there."""
    from sqlalchemy import select

    from portal.registration.models import UnitClaim

    load_demo()
    db.session.commit()
    claims = db.session.scalars(select(UnitClaim)).all()
    assert claims
    for claim in claims:
        assert claim.unit.owner_group.owner_name == claim.user.name, (claim.unit.name, claim.user.name)
