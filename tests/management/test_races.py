"""Two keepers recording a fee schedule for the same day at the same moment: one is recorded,
the other refused (409), never a 500 (PostgreSQL)."""

from datetime import date

from portal.auth.models import User
from portal.extensions import db as _db
from portal.management import services
from portal.management.models import FeeBasis, FeeSchedule
from portal.places.models import Compound
from tests.races import race


def test_simultaneous_schedules_for_one_day(app, db, world, postgres_only):
    compound_id, keepers = world.compound_a.id, [world.committee.id, world.staff.id]
    db.session.commit()

    def record(user_id):
        return lambda: services.set_fees(
            _db.session.get(Compound, compound_id),
            effective_from=date(2026, 1, 1),
            property_fee_fen=5000,
            basis=FeeBasis.HOUSEHOLD,
            parking_fee_fen=3000,
            decided_by="业主大会 第3项",
            actor=_db.session.get(User, user_id),
        )

    for _ in range(3):
        outcomes = race(app, *[record(keepers[n % 2]) for n in range(4)])
        assert sorted(o.split(":")[0] for o in outcomes) == ["ok", "refused", "refused", "refused"], outcomes
        db.session.query(FeeSchedule).delete()
        db.session.commit()
