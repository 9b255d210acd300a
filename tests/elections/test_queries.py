"""The election page runs the same number of SQL statements for 1 candidate as for 3 (each with
a photo: no N+1)."""

import io
from datetime import timedelta

from werkzeug.datastructures import FileStorage

from portal.elections import services
from portal.extensions import db as _db
from tests.conftest import count_queries, login
from tests.elections.conftest import NOW
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
