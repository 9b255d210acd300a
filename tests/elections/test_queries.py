"""The election page runs the same number of SQL statements for 1 candidate as for 3 (each with
a photo: no N+1), and its budget for an owner and an organiser; the committee's page reads the
compound's terms once, the current one among them."""

import io
from datetime import date, timedelta

import pytest
import time_machine
from sqlalchemy import event
from werkzeug.datastructures import FileStorage

from portal.calendar import beijing_date
from portal.elections import services
from portal.elections.models import CommitteeTerm, MemberKind, TermMember
from portal.extensions import db as _db
from tests.conftest import count_queries, login
from tests.elections.conftest import DURING, NOW
from tests.images import picture


def _queries(client, url):
    with count_queries(_db.engine) as counted:
        assert client.get(url).status_code == 200
    return counted()


def test_the_election_page_does_not_grow_with_candidates(app, client, db, world, owners, new_election):
    counts = []
    for many in (False, True):
        election = new_election()
        with app.test_request_context():
            services.open_nominations(election, actor=world.committee, now=NOW)
            for key in ("A1", "B2", "C3") if many else ("A1",):
                photo = FileStorage(io.BytesIO(picture()), filename="照片.jpg")
                services.nominate_owner(
                    election, key, statement="", photo=photo, actor=world.committee, now=NOW
                )
            services.publish_list(election, actor=world.committee, now=NOW + timedelta(days=2))
        db.session.commit()
        login(client, world.committee)
        counts.append(_queries(client, f"/elections/{election.id}"))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 11, counts  # the budget (was 14): see Election.loaded_with


#: The election page while voting, for an owner as for an organiser: the election (with its
#: compound and candidates), the user, the owner check, the reader's groups, the participation,
#: the approvals, the owner's ballots or the organiser's voided ballots, the objections, the
#: announcement.
ELECTION_PAGE_STATEMENTS = 9
#: The committee's page: the compound, its terms, their members, the user (was 6 with the
#: current term and its members read again on their own).
COMMITTEE_PAGE_STATEMENTS = 4


def _signed_in_statements(client, user, url, when) -> int:
    """The page's statements for `user`, once the session's first request is behind them, but
    the explicit BEGIN of SQLite's transactions (portal/extensions.py; PostgreSQL's driver
    begins them without a statement of its own)."""
    login(client, user)
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if not statement.startswith("BEGIN"):
            statements.append(statement)

    with time_machine.travel(when, tick=False):
        assert client.get(url).status_code == 200
        event.listen(_db.engine, "before_cursor_execute", before)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(_db.engine, "before_cursor_execute", before)
    return len(statements)


@pytest.mark.parametrize("reader", ["owner", "organiser"])
def test_the_election_page_while_voting_runs_its_budget(client, world, owners, listed_election, reader):
    user = owners["A1"] if reader == "owner" else world.committee
    found = _signed_in_statements(client, user, f"/elections/{listed_election.id}", DURING)
    assert found == ELECTION_PAGE_STATEMENTS


@pytest.mark.parametrize("reader", ["owner", "organiser"])
def test_the_committee_page_reads_the_terms_once(
    client, db, world, owners, listed_election, finished_election, reader
):
    today = beijing_date(DURING)
    for starts, election in ((today - timedelta(days=1), listed_election), (date(2020, 1, 1), None)):
        db.session.add(
            CommitteeTerm(
                compound_id=world.compound_a.id,
                election_id=(election or finished_election()).id,
                starts_on=starts,
                ends_on=starts + timedelta(days=5 * 365),
                members=[TermMember(rank=1, name="甲", owner_key="A1", kind=MemberKind.MEMBER)],
            )
        )
    db.session.commit()
    user = owners["B2"] if reader == "owner" else world.committee
    found = _signed_in_statements(client, user, f"/elections/committee/{world.compound_a.id}", DURING)
    assert found == COMMITTEE_PAGE_STATEMENTS
