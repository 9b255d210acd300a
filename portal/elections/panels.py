"""Elections and the committee on the compound page: the committee's current members and the
way to its elections, with the election open for voting (if any) for those who vote; and, for
overviews, each compound's committee status and its elections under way."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import Select, bindparam, func, select

from portal.auth.permissions import can_view_elections
from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.elections.models import CommitteeTerm, Election, ElectionStatus
from portal.elections.services import current_term
from portal.extensions import db
from portal.panels import compound_fact, compound_panel
from portal.statements import built_once


@compound_panel("elections", order=25, template="elections/_panel.html")
def elections_panel(compound, user) -> dict:
    """The current term's sitting members, and whether the person may see the elections."""
    term = current_term(compound)
    members = [m for m in term.members if m.left_on is None and m.kind.value == "member"] if term else []
    return {"term": term, "members": members, "elections_visible": can_view_elections(user, compound)}


class CommitteeStatus(NamedTuple):
    """A compound's committee for the overview: `current` (a term runs today) or `expired` (the
    latest term ended), that term's end and the day it was filed with the street office."""

    state: str
    ends_on: date
    filed_on: date | None


@compound_fact("committee_status")
def committee_statuses(compounds) -> dict[int, CommitteeStatus]:
    """The term running today, else the latest term that has started, per compound (one query;
    compounds that never had a committee are absent)."""
    today = beijing_date(utcnow())
    rows = db.session.execute(_terms_started(), {"ids": [c.id for c in compounds], "today": today})
    latest = {compound_id: (ends, filed) for compound_id, ends, filed in rows}
    return {
        compound_id: CommitteeStatus("current" if ends_on > today else "expired", ends_on, filed_on)
        for compound_id, (ends_on, filed_on) in latest.items()
    }


#: An election is under way from its nominations to its final announcement.
UNDER_WAY = frozenset({ElectionStatus.NOMINATING, ElectionStatus.PUBLISHED})


@compound_fact("elections_in_progress")
def elections_in_progress(compounds) -> dict[int, int]:
    """Elections between nominations and the final announcement, per compound (one GROUP BY)."""
    rows = db.session.execute(_elections_under_way(), {"ids": [c.id for c in compounds]})
    return {compound_id: int(n) for compound_id, n in rows}


@built_once
def _terms_started() -> Select:
    """The terms of the compounds `ids` that started by `today`, the latest last."""
    return (
        select(CommitteeTerm.compound_id, CommitteeTerm.ends_on, CommitteeTerm.filed_on)
        .where(
            CommitteeTerm.compound_id.in_(bindparam("ids", expanding=True)),
            CommitteeTerm.starts_on <= bindparam("today"),
        )
        .order_by(CommitteeTerm.compound_id, CommitteeTerm.starts_on, CommitteeTerm.id)
    )


@built_once
def _elections_under_way() -> Select:
    return (
        select(Election.compound_id, func.count(Election.id))
        .where(Election.compound_id.in_(bindparam("ids", expanding=True)), Election.status.in_(UNDER_WAY))
        .group_by(Election.compound_id)
    )
