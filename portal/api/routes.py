"""API tokens: exchanging a phone number and password for a bearer token."""

from __future__ import annotations

from flask import abort, make_response
from flask_login import current_user
from marshmallow import Schema, fields, validate

from portal.api import BEARER, bp
from portal.api.services import current_token_id, issue_token, revoke_token
from portal.auth import services as accounts
from portal.auth.permissions import anyone, requires, signed_in
from portal.errors import render_error


class TokenIn(Schema):
    phone = fields.String(required=True, validate=validate.Length(max=20))
    password = fields.String(required=True, validate=validate.Length(max=128))


class TokenOut(Schema):
    token = fields.String()
    expires_at = fields.AwareDateTime()


@bp.route("/tokens", methods=["POST"])
@requires(anyone)
@bp.arguments(TokenIn)
@bp.response(201, TokenOut)
def create_token(body):
    """Exchange a phone number and password for a bearer token (30 days). Failed attempts are
    counted per address and per account with the sign-in form's (429 when spent)."""
    user = accounts.sign_in(body["phone"], body["password"])
    if user is None:
        abort(make_response(render_error(401, accounts.sign_in_refusal(body["phone"]))))
    token, expires_at = issue_token(user)
    return {"token": token, "expires_at": expires_at}


@bp.route("/tokens/current", methods=["DELETE"])
@requires(signed_in)
@bp.response(204)
@bp.alt_response(401, description="No valid bearer token.")
@bp.doc(security=BEARER)
def revoke_current_token():
    """Revoke the bearer token this request is signed in with (signing the app out)."""
    revoke_token(current_user, current_token_id())
