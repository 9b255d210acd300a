"""The SQL count of an election against the brute-force reference of tests/elections/test_rules.py
(fractions, plain counting), on random rosters with owners of several units and the developer,
random approvals and blank ballots, entered as paper and proxy ballots."""

from __future__ import annotations

import itertools
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.assembly.models import BallotChannel
from portal.elections import services
from portal.elections.rules import Figures
from portal.places.models import Compound
from portal.places.roster import import_roster
from tests.elections.conftest import CLOSES, DURING, NOW, OPENS, authorisation
from tests.elections.test_rules import reference

_counter = itertools.count()


@st.composite
def elections(draw):
    """Units as (owner key or "" for the developer, hundredths, status), which groups vote and
    which candidates (numbers 1..n, standing for the first n named owners) each approves."""
    owners = draw(st.integers(3, 8))
    units = [
        (f"K{draw(st.integers(0, owners - 1))}", draw(st.integers(1000, 20000)), "delivered")
        for _ in range(draw(st.integers(owners, owners + 4)))
    ]
    units += [(f"K{n}", draw(st.integers(1000, 20000)), "delivered") for n in range(owners)]
    if draw(st.booleans()):
        units.append(("", draw(st.integers(1000, 30000)), "unsold"))
    seats = draw(st.sampled_from([3, 5]))
    candidates = draw(st.integers(1, min(owners, 6)))
    keys = sorted({key or "@developer" for key, _a, _s in units})
    ballots = {}
    for key in keys:
        if draw(st.integers(0, 4)):  # four in five vote
            ballots[key] = draw(st.lists(st.integers(1, candidates), max_size=seats, unique=True))
    return units, seats, draw(st.integers(0, 2)), candidates, ballots


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=elections())
def test_sql_count_matches_the_brute_force_reference(app, db, world, data):
    units, seats, alternates, candidates, ballots = data
    compound = Compound(name=f"随机选举小区{next(_counter)}", community=world.community)
    db.session.add(compound)
    db.session.flush()
    lines = ["building,unit,area_m2,area_source,owner_key,owner_name,owner_phone,status"]
    for n, (key, hundredths, status) in enumerate(units):
        name = f"业主{key}" if key else ""
        lines.append(f"1号楼,{n:03d},{hundredths / 100:.2f},,{key},{name},,{status}")
    import_roster(compound, ("\n".join(lines) + "\n").encode())
    with app.test_request_context():
        election = services.create_election(
            compound,
            services.Settings("随机", seats, alternates, 5, NOW + timedelta(days=1), OPENS, CLOSES),
            actor=world.committee,
        )
        services.open_nominations(election, actor=world.committee, now=NOW)
        for n in range(candidates):
            services.nominate_owner(election, f"K{n}", statement="", actor=world.committee, now=NOW)
        services.publish_list(election, actor=world.committee, now=NOW + timedelta(days=1))
        for key, numbers in ballots.items():
            proxy = key == "@developer"
            services.enter_ballot(
                election,
                owner_key=key,
                channel=BallotChannel.PROXY if proxy else BallotChannel.PAPER,
                proxy_name="代理人" if proxy else "",
                authorisation=authorisation() if proxy else None,
                candidates=services.read_candidates(election, numbers, by="number"),
                actor=world.committee,
                now=DURING,
            )
        result = services.count(election, CLOSES)
    area: dict[str, int] = {}
    for key, hundredths, _status in units:
        area[key or "@developer"] = area.get(key or "@developer", 0) + hundredths
    ids = {c.number: c.id for c in election.candidates}
    figures = [
        Figures(
            ids[n],
            sum(area[k] for k, chosen in ballots.items() if n in chosen),
            sum(1 for chosen in ballots.values() if n in chosen),
        )
        for n in range(1, candidates + 1)
    ]
    part_area, part_owners = sum(area[k] for k in ballots), len(ballots)
    quorum, open_seats, outcome = reference(
        figures, seats, alternates, sum(area.values()), len(area), part_area, part_owners
    )
    assert (result.participating_area, result.participating_owners) == (part_area, part_owners)
    assert {s.candidate_id: (s.agree_area, s.agree_owners) for s in result.result.standings} == {
        f.candidate_id: (f.agree_area, f.agree_owners) for f in figures
    }
    assert (result.result.quorum_met, result.result.open_seats) == (quorum, open_seats)
    assert {s.candidate_id: s.outcome for s in result.result.standings} == outcome
