"""The notice board's rules and writes: publishing (by a person or, from a record, by the
portal), editing a scheduled notice, amending a published one, withdrawing, pinning, and
the lists each visitor may see.

Other capabilities publish through `publish_notice(compound, title=, body=, category=,
publisher=, owners_only=False, source=("meeting", 12, "final"))`: `publisher` is the person
(who must speak for the compound) or, for notices the portal writes from its own records, the
body it writes in the name of (`PublisherKind.COMMITTEE`); `source` makes such a notice
idempotent (publishing the same source again returns the notice already there).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage

from portal import audit
from portal.auth.models import Role, User
from portal.columns import utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.notices.models import (
    Notice,
    NoticeAmendment,
    NoticeAttachment,
    NoticeCategory,
    NoticeStatus,
    PublisherKind,
    notice_state_in,
)
from portal.paging import Page, paginate, windowed
from portal.places.models import Compound
from portal.statements import built_once
from portal.translation import as_text
from portal.uploads import store
from portal.workflow import lock

MAX_TITLE, MAX_BODY, MAX_REASON, MAX_AMENDMENT = 200, 20_000, 500, 5000

#: The states in which a notice stands on the board.
ON_BOARD = frozenset({NoticeStatus.PUBLISHED})
#: The states of the board's archive (still reachable, marked).
ARCHIVED = frozenset({NoticeStatus.EXPIRED, NoticeStatus.WITHDRAWN})


def publisher_for(user: User, compound: Compound) -> PublisherKind | None:
    """The body `user` speaks for on this compound's board: its committee (or preparatory
    group), its community, or (admins, for now) its street office; None for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return None
    for grant in user.grants:
        if grant.role == Role.COMMITTEE and grant.compound_id == compound.id:
            return PublisherKind.PREPARATORY_GROUP if grant.preparatory else PublisherKind.COMMITTEE
    for grant in user.grants:
        if grant.role == Role.COMMUNITY_STAFF and grant.community_id == compound.community_id:
            return PublisherKind.COMMUNITY
    if any(grant.role == Role.ADMIN for grant in user.grants):
        return PublisherKind.STREET_OFFICE
    return None


def publisher_name(kind: PublisherKind, compound: Compound) -> str:
    """The publishing body as printed under a notice, e.g. 文宴雅居业主委员会."""
    if kind == PublisherKind.COMMITTEE:
        name = _l("Owners' committee of %(name)s", name=compound.name)
    elif kind == PublisherKind.PREPARATORY_GROUP:
        name = _l("Preparatory group of the owners' assembly of %(name)s", name=compound.name)
    elif kind == PublisherKind.COMMUNITY:
        name = _l("Residents' committee of %(name)s", name=compound.community.name)
    else:
        return compound.community.street_office.name
    return as_text(name)  # through the request's catalogue (a board names 50 publishers)


def _text(value: str, limit: int, message) -> str:
    value = (value or "").strip()
    if not value or len(value) > limit:
        raise DomainError(message)
    return value


def _check(title: str, body: str, publish_at: datetime, expires_at: datetime | None) -> tuple[str, str]:
    title = _text(title, MAX_TITLE, _l("The notice needs a title of at most %(n)d characters.", n=MAX_TITLE))
    if len(body or "") > MAX_BODY:
        raise DomainError(_l("The notice may have at most %(n)d characters.", n=MAX_BODY))
    if expires_at is not None and expires_at <= publish_at:
        raise DomainError(_l("A notice must expire after it is published."))
    return title, (body or "").strip()


def _speaker(publisher: User | PublisherKind, compound: Compound) -> tuple[PublisherKind, User | None]:
    if isinstance(publisher, PublisherKind):
        return publisher, None
    kind = publisher_for(publisher, compound)
    if kind is None:
        raise DomainError(
            _l("Only the committee, the community's staff and the street office publish notices.")
        )
    return kind, publisher


def publish_notice(
    compound: Compound,
    *,
    title: str,
    body: str,
    category: NoticeCategory,
    publisher: User | PublisherKind,
    owners_only: bool = False,
    pinned: bool = False,
    publish_at: datetime | None = None,
    expires_at: datetime | None = None,
    source: Iterable | None = None,
    documents: Iterable[FileStorage] = (),
    now: datetime | None = None,
) -> Notice:
    """Put a notice on the compound's board, now or at `publish_at` (never in the past), with
    its documents. With a `source`, publishing again returns the notice already written from it."""
    now = now or utcnow()
    key = ":".join(str(part) for part in source) if source is not None else None
    if key is not None and (existing := notice_from(key)) is not None:
        return existing
    publish_at = max(publish_at or now, now)
    title, body = _check(title, body, publish_at, expires_at)
    kind, author = _speaker(publisher, compound)
    notice = Notice(
        compound_id=compound.id,
        title=title,
        body=body,
        category=NoticeCategory(category),
        publisher=kind,
        author_id=author.id if author else None,
        publish_at=publish_at,
        expires_at=expires_at,
        pinned=pinned,
        owners_only=owners_only,
        source=key,
        owners_told=author is None,
        created_at=now,
    )
    if not _added(notice):
        return notice_from(key)
    _attach(notice, documents, author)
    audit.record("notice_published", notice, after=_snapshot(notice), compound_id=compound.id, actor=author)
    if author is not None and notice.state == NoticeStatus.PUBLISHED:  # not before, nor once expired
        from portal.notices.telling import tell_owners

        tell_owners(notice)
    return notice


def _added(notice: Notice) -> bool:
    """Add the notice; False when another request wrote one from the same source first."""
    try:
        with db.session.begin_nested():
            db.session.add(notice)
            db.session.flush()
    except IntegrityError:
        if notice.source is None:
            raise
        return False
    return True


def _snapshot(notice: Notice) -> dict:
    return {
        "title": notice.title,
        "category": notice.category.value,
        "publish_at": notice.publish_at.isoformat(),
        "expires_at": notice.expires_at.isoformat() if notice.expires_at else None,
        "owners_only": notice.owners_only,
        "pinned": notice.pinned,
    }


@built_once
def _by_sources() -> Select:
    return select(Notice).where(Notice.source.in_(bindparam("sources", expanding=True)))


def notice_from(*sources: str) -> Notice | None:
    """The notice written from this source ("meeting:12:final"), if any; given several
    sources, that of the first one that has a notice (in one query)."""
    notices = db.session.scalars(_by_sources(), {"sources": list(sources)})
    found = {notice.source: notice for notice in notices}
    return next((found[source] for source in sources if source in found), None)


def sources_done(keys: Iterable[str]) -> set[str]:
    """Which of these sources already have their notice (one query)."""
    keys = list(keys)
    if not keys:
        return set()
    return set(db.session.scalars(select(Notice.source).where(Notice.source.in_(keys))))


#: Documents and photos a notice may carry.
MAX_DOCUMENTS = 6


def _attach(notice: Notice, documents: Iterable[FileStorage], actor: User | None) -> None:
    """Keep the documents with the notice (shared uploads: types sniffed, photos without EXIF),
    at most MAX_DOCUMENTS in all."""
    documents = list(documents)
    if len(notice.attachments) + len(documents) > MAX_DOCUMENTS:
        raise DomainError(_l("A notice can carry at most %(n)d documents or photos.", n=MAX_DOCUMENTS))
    for document in documents:
        notice.attachments.append(NoticeAttachment(upload=store(document, uploaded_by=actor)))


SCHEDULED_ONLY = _l("A notice can be edited only until it is published; add a correction instead.")


def update_notice(
    notice: Notice,
    *,
    title: str,
    body: str,
    category: NoticeCategory,
    owners_only: bool,
    pinned: bool,
    publish_at: datetime | None,
    expires_at: datetime | None,
    actor: User,
    documents: Iterable[FileStorage] = (),
    now: datetime | None = None,
) -> Notice:
    """Change a scheduled notice (its row held, so that it cannot be published meanwhile);
    `documents` are added to those it has."""
    now = now or utcnow()
    Notice.workflow.hold(notice, {NoticeStatus.SCHEDULED}, SCHEDULED_ONLY, now)
    before = _snapshot(notice)
    publish_at = max(publish_at or now, now)
    notice.title, notice.body = _check(title, body, publish_at, expires_at)
    notice.category, notice.owners_only, notice.pinned = NoticeCategory(category), owners_only, pinned
    notice.publish_at, notice.expires_at = publish_at, expires_at
    _attach(notice, documents, actor)
    db.session.flush()
    audit.record(
        "notice_changed",
        notice,
        before=before,
        after=_snapshot(notice),
        compound_id=notice.compound_id,
        actor=actor,
    )
    if notice.state == NoticeStatus.PUBLISHED and not notice.automatic:
        from portal.notices.telling import tell_owners

        tell_owners(notice)
    return notice


def amend_notice(notice: Notice, text: str, *, actor: User, now: datetime | None = None) -> NoticeAmendment:
    """Add a correction under a published notice; the published text stays as it was."""
    now = now or utcnow()
    text = _text(text, MAX_AMENDMENT, _l("Write the correction (at most %(n)d characters).", n=MAX_AMENDMENT))
    Notice.workflow.hold(
        notice,
        {NoticeStatus.PUBLISHED, NoticeStatus.EXPIRED},
        _l("Only a published notice can be corrected."),
        now,
    )
    amendment = NoticeAmendment(notice_id=notice.id, text=text, author_id=actor.id, created_at=now)
    db.session.add(amendment)
    db.session.flush()
    audit.record(
        "notice_amended",
        notice,
        after={"title": notice.title, "text": text},
        compound_id=notice.compound_id,
        actor=actor,
    )
    return amendment


def withdraw_notice(notice: Notice, reason: str, *, actor: User, now: datetime | None = None) -> Notice:
    """Withdraw a notice with a reason; it stays reachable, marked withdrawn with the reason."""
    now = now or utcnow()
    reason = _text(reason, MAX_REASON, _l("Give the reason for withdrawing the notice."))
    return Notice.workflow.move(
        notice,
        "withdraw",
        actor=actor,
        now=now,
        values={"withdrawn_at": now, "withdraw_reason": reason},
        after={"title": notice.title, "reason": reason},
    )


def pin_notice(notice: Notice, pinned: bool, *, actor: User) -> Notice:
    """Pin a notice to the top of the board, or unpin it."""
    lock(notice)
    if notice.pinned == pinned:
        return notice
    notice.pinned = pinned
    context = {"after": {"title": notice.title}, "compound_id": notice.compound_id, "actor": actor}
    if pinned:
        audit.record("notice_pinned", notice, **context)
    else:
        audit.record("notice_unpinned", notice, **context)
    return notice


# --- reading ------------------------------------------------------------------------------------


def _visible(query: Select, may_read_owners_only: bool) -> Select:
    return query if may_read_owners_only else query.where(Notice.owners_only.is_(False))


def _board(compound_id, now, owners_only: bool) -> Select:
    query = select(Notice).where(Notice.compound_id == compound_id, notice_state_in(ON_BOARD, now))
    return _visible(query, owners_only).order_by(
        Notice.pinned.desc(), Notice.publish_at.desc(), Notice.id.desc()
    )


def board_query(compound: Compound, *, owners_only: bool, now: datetime | None = None) -> Select:
    """The notices standing on the board now: pinned first, then the newest."""
    return _board(compound.id, now or utcnow(), owners_only)


@built_once
def _board_page(owners_only: bool) -> Select:
    return windowed(_board(bindparam("compound_id"), bindparam("now"), owners_only))


def board_page(compound: Compound, *, owners_only: bool, page: int, per_page: int) -> Page:
    """A page of the board (`board_query`), by one statement built once."""
    values = {"compound_id": compound.id, "now": utcnow()}
    return paginate(_board_page(owners_only), page=page, per_page=per_page, values=values)


@built_once
def _latest(owners_only: bool) -> Select:
    return _board(bindparam("compound_id"), bindparam("now"), owners_only).limit(bindparam("limit"))


def latest(compound: Compound, *, owners_only: bool, limit: int = 3) -> list[Notice]:
    """The first notices of the board (for the compound page's panel)."""
    values = {"compound_id": compound.id, "now": utcnow(), "limit": limit}
    return list(db.session.scalars(_latest(owners_only), values))


def archive_query(compound: Compound, *, owners_only: bool, now: datetime | None = None) -> Select:
    """Expired and withdrawn notices, newest first."""
    return _archive(compound.id, now or utcnow(), owners_only)


def _archive(compound_id, now, owners_only: bool) -> Select:
    query = select(Notice).where(Notice.compound_id == compound_id, notice_state_in(ARCHIVED, now))
    return _visible(query, owners_only).order_by(Notice.publish_at.desc(), Notice.id.desc())


@built_once
def _archive_page(owners_only: bool) -> Select:
    return windowed(_archive(bindparam("compound_id"), bindparam("now"), owners_only))


def archive_page(compound: Compound, *, owners_only: bool, page: int, per_page: int) -> Page:
    """A page of the archive (`archive_query`), by one statement built once."""
    values = {"compound_id": compound.id, "now": utcnow()}
    return paginate(_archive_page(owners_only), page=page, per_page=per_page, values=values)


def scheduled(compound: Compound, now: datetime | None = None) -> list[Notice]:
    """Notices waiting for their publish time (shown to those who publish)."""
    condition = notice_state_in(frozenset({NoticeStatus.SCHEDULED}), now or utcnow())
    query = select(Notice).where(Notice.compound_id == compound.id, condition).order_by(Notice.publish_at)
    return list(db.session.scalars(query))


def feed_notices(compound: Compound, limit: int = 50, now: datetime | None = None) -> list[Notice]:
    """The compound's public notices once published (withdrawn ones too, marked), newest first."""
    states = frozenset({NoticeStatus.PUBLISHED, NoticeStatus.EXPIRED, NoticeStatus.WITHDRAWN})
    query = select(Notice).where(
        Notice.compound_id == compound.id,
        Notice.owners_only.is_(False),
        Notice.publish_at <= (now or utcnow()),
        notice_state_in(states, now or utcnow()),
    )
    query = query.options(selectinload(Notice.amendments))
    return list(db.session.scalars(query.order_by(Notice.publish_at.desc(), Notice.id.desc()).limit(limit)))


def updated_at(notice: Notice) -> datetime:
    """When the notice last changed as readers see it (published, corrected or withdrawn)."""
    times = [notice.publish_at, notice.withdrawn_at, *(a.created_at for a in notice.amendments)]
    return max(t for t in times if t is not None)
