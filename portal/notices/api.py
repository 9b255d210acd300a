"""API of the notice board: a compound's notices, publishing one, reading one."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user
from marshmallow import Schema, fields, validate

from portal.api import BEARER, bp
from portal.auth.permissions import (
    anyone,
    can_publish_notices,
    can_read_owners_notices,
    can_view_notice,
    requires,
)
from portal.extensions import db
from portal.notices import services
from portal.notices.markdown import render
from portal.notices.models import Notice, NoticeCategory
from portal.places.models import Compound

LIST_LIMIT = 100


class NoticeIn(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=services.MAX_TITLE))
    body = fields.String(load_default="", validate=validate.Length(max=services.MAX_BODY))
    category = fields.String(required=True, validate=validate.OneOf([c.value for c in NoticeCategory]))
    owners_only = fields.Boolean(load_default=False)


class NoticeOut(Schema):
    id = fields.Integer()
    title = fields.String()
    category = fields.String()
    published_at = fields.AwareDateTime()
    expires_at = fields.AwareDateTime(allow_none=True)
    pinned = fields.Boolean()
    url = fields.String()


class NoticeList(Schema):
    items = fields.List(fields.Nested(NoticeOut))


class NoticeDetail(NoticeOut):
    owners_only = fields.Boolean()
    status = fields.String()
    publisher = fields.String()
    body_html = fields.String()


def _notice(notice: Notice) -> dict:
    return {
        "id": notice.id,
        "title": notice.title,
        "category": notice.category.value,
        "published_at": notice.publish_at,
        "expires_at": notice.expires_at,
        "pinned": notice.pinned,
        "url": url_for("notices.notice", notice_id=notice.id, _external=True),
    }


@bp.route("/compounds/<int:compound_id>/notices", methods=["GET"])
@bp.doc(security=BEARER)
@requires(anyone, compound=Compound)
@bp.response(200, NoticeList)
def list_notices(compound: Compound):
    """The notices on the compound's board now, pinned first, then the newest (owners-only
    ones too for those who may read them)."""
    query = services.board_query(compound, owners_only=can_read_owners_notices(current_user, compound))
    return {"items": [_notice(n) for n in db.session.scalars(query.limit(LIST_LIMIT))]}


@bp.route("/compounds/<int:compound_id>/notices", methods=["POST"])
@bp.doc(security=BEARER)
@requires(can_publish_notices, compound=Compound)
@bp.arguments(NoticeIn)
@bp.response(201, NoticeOut)
def publish(body, compound: Compound):
    """Publish a notice now on the compound's board (committee, community staff, admins)."""
    return _notice(services.publish_notice(compound, publisher=current_user, **body))


@bp.route("/notices/<int:notice_id>", methods=["GET"])
@bp.doc(security=BEARER)
@requires(can_view_notice, notice=Notice)
@bp.response(200, NoticeDetail)
def get_notice(notice: Notice):
    """One notice, its body as sanitised HTML."""
    return {
        **_notice(notice),
        "owners_only": notice.owners_only,
        "status": notice.state.value,
        "publisher": services.publisher_name(notice.publisher, notice.compound),
        "body_html": str(render(notice.body)),
    }
