"""The station's lists run as many SQL statements for 1 case as for 20 (no N+1)."""

import pytest

from portal.extensions import db as _db
from tests.conftest import count_queries, login


def _queries(client, url):
    with count_queries(_db.engine) as counted:
        assert client.get(url).status_code == 200
    return counted()


@pytest.mark.parametrize("page", ["queue", "mine", "statistics"])
def test_lists_do_not_grow_with_cases(client, db, world, people, new_complaint, page):
    from portal.mediation import services

    counts = []
    for total in (1, 20):
        while len(services.complaints_of(people["甲"])) < total:
            case = new_complaint()
            services.accept(case, world.mediator)
            services.assign(case, world.mediator, people["钱"])
            db.session.commit()
        who = people["甲"] if page == "mine" else world.mediator
        login(client, who)
        url = {
            "queue": f"/mediation/offices/{world.office.id}/queue",
            "mine": "/mediation/",
            "statistics": f"/mediation/offices/{world.office.id}/statistics",
        }[page]
        counts.append(_queries(client, url))
    assert counts[0] == counts[1], counts


def test_the_queue_does_not_grow_with_the_compounds_of_the_office(client, db, world, people, new_complaint):
    """The station covers its street office's compounds (200 in a district): the queue's filter
    finds a compound by name instead of listing them all."""
    from portal.places.models import Community, Compound

    new_complaint()
    login(client, world.mediator)
    url = f"/mediation/offices/{world.office.id}/queue"
    counts = []
    for n in (1, 6):
        for k in range(n):
            community = Community(name=f"新社区{n}-{k}", street_office=world.office)
            db.session.add_all([Compound(name=f"新小区{n}-{k}-{j}", community=community) for j in range(4)])
        db.session.commit()
        counts.append(_queries(client, url))
    assert counts[0] == counts[1], counts
    assert "新小区" not in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("viewer", ["complainant", "station"])
def test_the_case_page_does_not_grow_with_its_timeline(client, db, world, people, new_complaint, viewer):
    """The case comes with its compound and agreement (Complaint.loaded_with), its timeline (with
    its authors) and attachments in two statements whatever their number; the complainant's page
    in five."""
    from portal.mediation import services

    case = new_complaint()
    services.accept(case, world.mediator)
    db.session.commit()
    login(client, people["甲"] if viewer == "complainant" else world.mediator)
    counts = []
    for extra in (0, 5):
        for n in range(extra):
            services.post_message(case, people["甲"], f"补充{n}")
            services.post_message(case, world.mediator, f"答复{n}")
        db.session.commit()
        counts.append(_queries(client, f"/mediation/complaints/{case.id}"))
    assert counts[0] == counts[1], counts
    if viewer == "complainant":
        assert counts[0] <= 5, counts
