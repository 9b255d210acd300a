"""The JSON API (/api/v1): token auth, the same services and permission rules as the pages."""

from datetime import UTC, datetime

from flask import Flask, g, request
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin
from flask_smorest import Api, Blueprint
from marshmallow import Schema, fields
from webargs.flaskparser import FlaskParser, abort


def _out_of_range(value, path: str = "") -> str | None:
    """The field path of the first timestamp that cannot be expressed in UTC (year 1 at +01:00
    is in year 0 in UTC), or None."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        try:
            value.astimezone(UTC)
        except OverflowError:
            return path or "_"
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _out_of_range(item, f"{path}.{key}" if path else str(key))
        if found:
            return found
    return None


def _with_markup(value, path: str = "") -> str | None:
    """The field path of the first text holding markup or control characters (as the forms
    refuse them: portal.forms.FORBIDDEN_CHARACTERS), or None; passwords may hold anything."""
    from portal.forms import FORBIDDEN_CHARACTERS

    if isinstance(value, str):
        return (path or "_") if FORBIDDEN_CHARACTERS.search(value) else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if key != "password":
            found = _with_markup(item, f"{path}.{key}" if path else str(key))
            if found:
                return found
    return None


class PortalParser(FlaskParser):
    """Request parsing that also refuses timestamps outside the range the database stores, and
    markup in any text field of any schema (one check for every capability's API)."""

    def parse(self, argmap, req=None, **kwargs):
        data = super().parse(argmap, req, **kwargs)
        field = _out_of_range(data)
        if field is not None:
            message = _("This date and time is out of range.")
            abort(422, messages={"json": {field.split(".")[0]: [message]}})
        field = _with_markup(data)
        if field is not None:
            message = _("Please do not use the characters < and > or control characters here.")
            abort(422, messages={"json": {field.split(".")[0]: [message]}})
        return data


class PortalBlueprint(Blueprint):
    ARGUMENTS_PARSER = PortalParser()


bp = PortalBlueprint("api", __name__, url_prefix="/api/v1", description="社区自治 portal API")
#: The OpenAPI security requirement of endpoints that need a bearer token.
BEARER = [{"bearer": []}]
#: The capabilities whose endpoints the API serves (each a module `portal.<name>.api`).
CAPABILITIES = (
    "places",
    "registration",
    "assembly",
    "elections",
    "volunteering",
    "ledger",
    "mediation",
    "forum",
    "notices",
    "notifications",
    "me",
)

API_SETTINGS = {
    "API_TITLE": "社区自治 portal",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
}


@bp.before_request
def authenticate_by_token():
    """Only a bearer token signs a request in here: session cookies are ignored, so the API
    needs no CSRF token and a browser session cannot be used against it."""
    from portal.api.services import user_for_token

    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    user = user_for_token(token.strip()) if scheme.lower() == "bearer" else None
    g._login_user = user or AnonymousUserMixin()  # Flask-Login's per-request user


class ErrorOut(Schema):
    """Every error of the API: a stable code, a translated message and per-field messages."""

    error = fields.String(required=True, metadata={"description": "unauthorized, not_found, invalid, …"})
    message = fields.String(required=True, metadata={"description": "in the Accept-Language"})
    fields_ = fields.Dict(
        data_key="fields", required=True, metadata={"description": "field name → its messages"}
    )


class PortalApi(Api):
    """flask-smorest with the portal's real error body, and each operation's error answers
    listed by status (no catch-all "default" response)."""

    ERROR_SCHEMA = ErrorOut
    DEFAULT_ERROR_RESPONSE_NAME = None


#: Error answers by what an operation has: any may refuse bad characters (400); bearer-token
#: operations answer 401 and 403, their writes also 409 and 422 (a rule refused); operations
#: with path parameters 404; operations with a body or query parameters 422.
ERROR_RESPONSES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    409: "CONFLICT",
    422: "UNPROCESSABLE_ENTITY",
    429: "TOO_MANY_REQUESTS",
}


def _error_statuses(path: str, method: str, operation: dict) -> set[int]:
    statuses = {400}
    if operation.get("security"):
        statuses |= {401, 403}
        if method in ("post", "put", "patch", "delete"):
            statuses |= {409, 422}  # a rule refuses the action (422) or it collides (409)
    if "{" in path:
        statuses.add(404)
    if operation.get("requestBody") or operation.get("parameters"):
        statuses.add(422)
    if path.endswith("/tokens") and method == "post":
        statuses |= {401, 429}
    return statuses


def document_errors(api: Api) -> None:
    """Add the error answers each operation can give to the OpenAPI document."""
    for path, operations in api.spec._paths.items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status in sorted(_error_statuses(path, method, operation)):
                reference = api.spec.components.get_ref("response", ERROR_RESPONSES[status])
                operation["responses"].setdefault(str(status), reference)


def init_api(app: Flask) -> None:
    """Register the API and its OpenAPI document at /api/v1/openapi.json."""
    from importlib import import_module

    from portal.api import routes  # noqa: F401
    from portal.auth.permissions import anyone, requires
    from portal.extensions import csrf

    for name in CAPABILITIES:
        import_module(f"portal.{name}.api")
    for key, value in API_SETTINGS.items():
        app.config.setdefault(key, value)
    api = PortalApi(app)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    api.register_blueprint(bp)
    document_errors(api)
    csrf.exempt(bp)
    for endpoint, view in list(app.view_functions.items()):
        if endpoint.startswith("api-docs."):
            app.view_functions[endpoint] = requires(anyone)(view)  # the OpenAPI document is public
