"""API of the person's own to-do: `GET /api/v1/me/todo`, the items of every provider
(portal/todo.py) in the client's language, most urgent first."""

from __future__ import annotations

from flask_login import current_user
from marshmallow import Schema, fields

from portal.api import BEARER, bp
from portal.auth.permissions import requires, signed_in
from portal.todo import todo_for


class TodoItemOut(Schema):
    kind = fields.String(metadata={"description": "vote, verify_claims, answer_objection, ..."})
    title = fields.String()
    url = fields.String(metadata={"description": "The page where it is done (a path of the portal)."})
    due_at = fields.DateTime(allow_none=True, metadata={"description": "The deadline (UTC), or null."})


class TodoOut(Schema):
    items = fields.List(fields.Nested(TodoItemOut))


@bp.route("/me/todo", methods=["GET"])
@bp.doc(security=BEARER)
@requires(signed_in)
@bp.response(200, TodoOut)
def my_todo():
    """What the signed-in person should do now, from every role they hold."""
    return {"items": todo_for(current_user)}
