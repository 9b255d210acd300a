"""List pages run the same number of SQL statements for 1 row as for 50 (no N+1)."""

import pytest

from portal.extensions import db as _db
from portal.places.models import Community, Compound
from portal.places.roster import import_roster
from portal.registration.services import claim_unit
from tests.conftest import count_queries, login, make_user


def _roster(units: int) -> bytes:
    header = "building,unit,area_m2,area_source,owner_key,owner_name,owner_phone,status\n"
    rows = "".join(f"{n % 3 + 1}号楼,{n:04d},60.00,,K{n},业主{n},,\n" for n in range(units))
    return (header + rows).encode()


def _queries(client, url):
    with count_queries(_db.engine) as counted:
        assert client.get(url).status_code == 200
    return counted()


@pytest.mark.parametrize("kind", ["home", "roster", "queue"])
def test_list_pages_do_not_grow_with_rows(client, world, db, kind):
    counts = []
    for rows in (1, 50):
        compound = Compound(name=f"测试{kind}{rows}", community=world.community)
        extra = [Compound(name=f"附加{kind}{rows}-{n}", community=world.community) for n in range(rows)]
        db.session.add_all([compound, *extra])
        db.session.flush()
        import_roster(compound, _roster(rows))
        for n, unit in enumerate(compound.buildings[0].units[:rows] if kind == "queue" else []):
            claim_unit(make_user(f"137{rows:02d}{n:06d}"), unit, "CERT")
        db.session.commit()
        login(client, world.staff)
        url = {
            "home": "/",
            "roster": f"/places/compounds/{compound.id}/roster",
            "queue": f"/registration/review/{compound.id}",
        }[kind]
        counts.append(_queries(client, url))
    assert counts[0] == counts[1], counts


def test_verification_queue_has_fifty_claims_in_few_queries(client, world, db):
    compound = Compound(name="大小区", community=db.session.get(Community, world.community.id))
    db.session.add(compound)
    db.session.flush()
    import_roster(compound, _roster(60))
    units = sorted((u for b in compound.buildings for u in b.units), key=lambda u: u.id)
    for n, unit in enumerate(units[:50]):
        claim_unit(make_user(f"13600{n:06d}"), unit, "CERT")
    db.session.commit()
    login(client, world.staff)
    assert _queries(client, f"/registration/review/{compound.id}") <= 10
