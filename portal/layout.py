"""What the layout of every page shows, worked out once per request.

base.html, _nav.html and _preferences.html used to ask for it piece by piece: a macro call, a
`url_for` and a permission check per menu link, `csrf_token()` for each of the header's and the
footer's five forms, `get_locale()` five times: about half of an empty signed-in page's time.
`layout()` gathers it once per page: the menu with each link's permission checked once, the
CSRF token (the same value `csrf_token()` gives, so it validates as before), the locale, the
path to come back to, and the URLs of the layout's links and static files, which do not change
while the application runs (in debug mode the static files' fingerprints may, so they are built
each time there).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from portal.auth import permissions as perm
from portal.translation import as_text


@dataclass(frozen=True)
class MenuLink:
    """A link of the main menu: current on every endpoint that starts with `prefix`, and shown
    only when `rule(user)` holds (a permission predicate), when given."""

    endpoint: str
    label: object  # a lazy string, translated per request
    prefix: str
    rule: Callable[[object], bool] | None = None


MAIN_MENU = (
    MenuLink("main.home", _l("Compounds"), "main.home"),
    MenuLink("volunteering.index", _l("Volunteering"), "volunteering."),
    MenuLink("registration.index", _l("My units"), "registration.index", perm.signed_in),
    MenuLink("mediation.index", _l("Mediation"), "mediation.", perm.signed_in),
    MenuLink("assembly.my_receipts", _l("My vote receipts"), "assembly.my_receipts", perm.signed_in),
    MenuLink("registration.review", _l("Verify owners"), "registration.review", perm.can_review_any_claims),
    MenuLink("places.roster_import", _l("Import roster"), "places.roster_import", perm.can_import_any_roster),
    MenuLink("admin.roles", _l("Roles"), "admin.roles", perm.can_manage_roles),
    MenuLink("admin.audit", _l("Audit trail"), "admin.audit", perm.can_view_audit),
    MenuLink("main.glossary", _l("Glossary"), "main.glossary"),
)
#: The menu's links on the right for visitors who are not signed in.
VISITOR_MENU = (
    MenuLink("auth.login", _l("Sign in"), "auth.login"),
    MenuLink("auth.register", _l("Register"), "auth.register"),
)
#: Other links of the layout, and its static files.
LAYOUT_ENDPOINTS = (
    "main.home",
    "main.favicon",
    "main.glossary",
    "main.set_language",
    "main.toggle_large_text",
    "notifications.index",
    "auth.logout",
    "auth.profile",
)


@dataclass(frozen=True)
class NavLink:
    """A menu link as shown: its URL, its label and whether it is the current page."""

    url: str
    label: str
    here: bool


@dataclass(frozen=True)
class Layout:
    """What base.html, _nav.html and _preferences.html show on this request."""

    signed_in: bool
    menu: list[NavLink]
    account_menu: list[NavLink]
    csrf: str
    locale: str
    back_here: str
    endpoint: str
    urls: dict[str, str]

    @property
    def english(self) -> bool:
        return self.locale == "en"

    def here(self, prefix: str) -> bool:
        return self.endpoint.startswith(prefix)


def link_urls() -> dict[str, str]:
    """The URLs of the layout's links (endpoint → URL) and static files ("static/<file>" → the
    fingerprinted URL), built once per script root (debug mode: static files each time)."""
    cache = current_app.extensions.setdefault("portal_layout_urls", {})
    key = request.script_root
    urls = cache.get(key)
    if urls is None:
        endpoints = {link.endpoint for link in MAIN_MENU + VISITOR_MENU} | set(LAYOUT_ENDPOINTS)
        urls = {endpoint: url_for(endpoint) for endpoint in endpoints}
        urls |= _static_urls()
        if not current_app.debug:
            cache[key] = urls
    return urls


STATIC_FILES = (
    "favicon.svg",
    "apple-touch-icon.png",
    "css/bootstrap.min.css",
    "css/portal.css",
    "js/portal.js",
)


def _static_urls() -> dict[str, str]:
    return {f"static/{name}": url_for("static", filename=name) for name in STATIC_FILES}


def _menu(links, user, endpoint: str, urls: dict[str, str]) -> list[NavLink]:
    shown = []
    for link in links:
        if link.rule is not None and not link.rule(user):
            continue
        label = Markup(as_text(link.label))  # the catalogue's text, as `_()` gives it to templates
        shown.append(NavLink(urls[link.endpoint], label, endpoint.startswith(link.prefix)))
    return shown


def layout() -> Layout:
    """The layout of the current request (base.html asks once per page and hands it to its
    includes)."""
    user = current_user._get_current_object()
    signed_in = bool(user.is_authenticated)
    endpoint = request.endpoint or ""
    urls = link_urls()
    account = [] if signed_in else _menu(VISITOR_MENU, user, endpoint, urls)
    return Layout(
        signed_in=signed_in,
        menu=_menu(MAIN_MENU, user, endpoint, urls),
        account_menu=account,
        csrf=generate_csrf(),
        locale=str(get_locale()),
        back_here=request.full_path if request.query_string else request.path,
        endpoint=endpoint,
        urls=urls,
    )


def install(app) -> None:
    """Make `layout()` and `row_url()` (portal/row_links.py) available to templates."""
    from portal.row_links import row_url

    app.jinja_env.globals.update(layout=layout, row_url=row_url)
