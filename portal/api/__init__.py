"""The JSON API (/api/v1): token auth, the same services and permission rules as the pages."""

from flask import Flask, g, request
from flask_login import AnonymousUserMixin
from flask_smorest import Api, Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1", description="社区自治 portal API")
#: The OpenAPI security requirement of endpoints that need a bearer token.
BEARER = [{"bearer": []}]
#: The capabilities whose endpoints the API serves (each a module `portal.<name>.api`).
CAPABILITIES = ("places", "registration", "assembly", "volunteering")

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
    api = Api(app)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    api.register_blueprint(bp)
    csrf.exempt(bp)
    for endpoint, view in list(app.view_functions.items()):
        if endpoint.startswith("api-docs."):
            app.view_functions[endpoint] = requires(anyone)(view)  # the OpenAPI document is public
