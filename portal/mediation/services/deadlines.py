"""The station's deadlines: its settings (working days to accept in, days to conclude in) and
the deadlines of a case counted with the office's closed days."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, Select, and_, bindparam, select

from portal import audit
from portal.calendar import beijing_date
from portal.calendar.models import ClosedDay
from portal.calendar.services import closed_days
from portal.errors import DomainError
from portal.extensions import db
from portal.mediation import rules
from portal.mediation.models import MediationStation
from portal.statements import built_once


def station_of(street_office_id: int) -> MediationStation:
    """The station's settings (its deadlines), the defaults when it has set none."""
    station = db.session.get(MediationStation, street_office_id)
    if station is None:
        station = MediationStation(
            street_office_id=street_office_id,
            accept_working_days=rules.DEFAULT_ACCEPT_WORKING_DAYS,
            conclude_days=rules.DEFAULT_CONCLUDE_DAYS,
        )
    return station


def accept_by(street_office_id: int, submitted_at: datetime):
    """The acceptance deadline of a complaint submitted at that moment, with the office's closed
    days: the station's setting and the closed days it may need in one query (those of the
    longest setting's span; a shorter deadline never reaches the later ones)."""
    start = beijing_date(submitted_at)
    params = {"office": street_office_id, "start": start, "end": start + timedelta(days=3 * 30 + 30)}
    rows = db.session.execute(_station_and_closed_days(), params).all()
    n = rows[0][0] if rows and rows[0][0] is not None else rules.DEFAULT_ACCEPT_WORKING_DAYS
    return rules.accept_deadline(start, n, {day for _n, day in rows if day is not None})


@built_once
def _station_and_closed_days() -> Select:
    """The station's working days to accept in (NULL: the default) beside each of the office's
    closed days from `start` to `end` (one row with NULL when none), built once."""
    office = select(bindparam("office", type_=Integer()).label("id")).subquery("office")
    return (
        select(MediationStation.accept_working_days, ClosedDay.day)
        .select_from(office)
        .outerjoin(MediationStation, MediationStation.street_office_id == office.c.id)
        .outerjoin(
            ClosedDay,
            and_(
                ClosedDay.street_office_id == office.c.id,
                ClosedDay.day.between(bindparam("start"), bindparam("end")),
            ),
        )
    )


def conclude_by(street_office_id: int, accepted_at: datetime, days: int | None = None):
    """The conclusion deadline counted from acceptance (or from a previous deadline)."""
    start = beijing_date(accepted_at)
    n = days or station_of(street_office_id).conclude_days
    closed = closed_days(street_office_id, start, start + timedelta(days=n + 30))
    return rules.conclude_deadline(start, n, closed)


def set_deadlines(
    street_office_id: int, actor, *, accept_working_days: int, conclude_days: int
) -> MediationStation:
    """Change the station's deadlines (for cases filed or accepted from now on). Audited."""
    if not 1 <= accept_working_days <= 30 or not 1 <= conclude_days <= 180:
        raise DomainError(_l("Accept within 1 to 30 working days and conclude within 1 to 180 days."))
    station = db.session.get(MediationStation, street_office_id)
    before = None
    if station is None:
        station = MediationStation(street_office_id=street_office_id)
        db.session.add(station)
    else:
        before = {"accept_working_days": station.accept_working_days, "conclude_days": station.conclude_days}
    station.accept_working_days, station.conclude_days = accept_working_days, conclude_days
    db.session.flush()
    after = {"accept_working_days": accept_working_days, "conclude_days": conclude_days}
    audit.record("mediation_deadlines_set", station, before=before, after=after, actor=actor)
    return station
