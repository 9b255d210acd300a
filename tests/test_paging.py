"""portal.paging.paginate: a page of ORM objects and their total in one statement."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db as _db
from portal.paging import paginate
from portal.places.models import Unit
from tests.conftest import count_queries


def _units(compound):
    return select(Unit).where(Unit.compound_id == compound.id).order_by(Unit.id)


def test_a_page_and_the_total_in_one_statement(world, db):
    every = list(db.session.scalars(_units(world.compound_a)))
    assert len(every) > 2
    with count_queries(_db.engine) as counted:
        page = paginate(_units(world.compound_a), page=2, per_page=2)
    assert counted() == 1
    assert page.items == every[2:4]
    assert (page.page, page.total, page.pages) == (2, len(every), -(-len(every) // 2))
    assert page.has_prev and page.prev_num == 1


def test_a_page_past_the_last_is_empty_and_still_counts(world, db):
    total = len(list(db.session.scalars(_units(world.compound_a))))
    page = paginate(_units(world.compound_a), page=1000, per_page=2)
    assert page.items == [] and page.total == total and not page.has_next


def test_an_empty_list_has_no_pages(world, db):
    page = paginate(_units(world.compound_a).where(Unit.id < 0), page=1, per_page=20)
    assert (page.items, page.total, page.pages) == ([], 0, 0)
