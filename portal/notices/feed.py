"""The Atom 1.0 feed (RFC 4287) of a compound's public notices, built with the standard
library."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from flask import url_for
from flask_babel import gettext as _

from portal.columns import utcnow
from portal.notices import services
from portal.notices.markdown import summary
from portal.places.models import Compound

ATOM = "http://www.w3.org/2005/Atom"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def atom_feed(compound: Compound) -> bytes:
    """The feed's XML: the compound's public notices, newest first, withdrawn ones marked."""
    notices = services.feed_notices(compound)
    feed = ET.Element("feed", xmlns=ATOM)
    board = url_for("notices.board", compound_id=compound.id, _external=True)
    _add(feed, "id", board)
    _add(feed, "title", _("Notice board of %(name)s", name=compound.name))
    _add(feed, "link", rel="alternate", type="text/html", href=board)
    _add(
        feed,
        "link",
        rel="self",
        type="application/atom+xml",
        href=url_for("notices.feed", compound_id=compound.id, _external=True),
    )
    _add(feed, "updated", max((services.updated_at(n) for n in notices), default=utcnow()).isoformat())
    _add(_add(feed, "author"), "name", compound.name)
    for notice in notices:
        _entry(feed, notice, compound)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _entry(feed: ET.Element, notice, compound: Compound) -> None:
    entry = _add(feed, "entry")
    link = url_for("notices.notice", notice_id=notice.id, _external=True)
    title = notice.title
    if notice.state.value == "withdrawn":
        title = _("Withdrawn: %(title)s", title=title)
    _add(entry, "id", link)
    _add(entry, "title", title)
    _add(entry, "updated", services.updated_at(notice).isoformat())
    _add(entry, "published", notice.publish_at.isoformat())
    _add(entry, "link", rel="alternate", type="text/html", href=link)
    _add(_add(entry, "author"), "name", services.publisher_name(notice.publisher, compound))
    _add(entry, "summary", summary(notice.body) or notice.title)
