"""Telling the compound's owners of a notice published by a person (the automatic notices of
meetings come with their own notifications): at once, or, for a scheduled notice, by the
delivery command's scan once its time has come."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from portal.extensions import db
from portal.notices.models import Notice, NoticeStatus, notice_state_in
from portal.notifications import notify, owner_ids, path_for
from portal.notifications.signals import due


def tell_owners(notice: Notice) -> int:
    """Notify the compound's verified owners (not the author) of the notice, once: the flag is
    set by a conditional UPDATE, so a scan and a request cannot both tell them."""
    marked = db.session.execute(
        update(Notice)
        .where(Notice.id == notice.id, Notice.owners_told.is_(False))
        .values(owners_told=True)
        .execution_options(synchronize_session=False)
    ).rowcount
    if marked != 1:
        return 0
    db.session.refresh(notice)
    people = [user_id for user_id in owner_ids(notice.compound) if user_id != notice.author_id]
    return notify(
        people,
        kind="notice_published",
        title=_l(
            "New notice on the board of %(compound)s: %(title)s",
            compound=notice.compound.name,
            title=notice.title,
        ),
        url=path_for("notices.notice", notice_id=notice.id),
        subject=("notice", notice.id),
    )


@due.connect
def tell_owners_of_scheduled_notices(sender, *, now: datetime) -> int:
    """Scheduled notices whose time has come: their owners are told now (idempotent)."""
    query = select(Notice).where(
        Notice.owners_told.is_(False), notice_state_in(frozenset({NoticeStatus.PUBLISHED}), now)
    )
    return sum(tell_owners(notice) for notice in db.session.scalars(query).all())
