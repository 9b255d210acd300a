"""The layout worked out once per request (portal/layout.py): the menu each role sees, the
current page marked, and the header's and footer's forms carrying the page's CSRF token."""

import re

import pytest

from portal.auth import permissions as perm
from tests.conftest import login

#: Menu label → the permission that shows it (None: every signed-in person).
GUARDED = {
    "My units": None,
    "Mediation": None,
    "My vote receipts": None,
    "Verify owners": perm.can_review_any_claims,
    "Import roster": perm.can_import_any_roster,
    "Roles": perm.can_manage_roles,
    "Audit trail": perm.can_view_audit,
}


def _menu(client) -> list[str]:
    page = client.get("/glossary").get_data(as_text=True)
    menu = page[page.index('id="main-nav"') : page.index("</nav>")]
    return re.findall(r'<a class="nav-link[^"]*"[^>]*>([^<]+)</a>', menu)


def test_a_visitor_sees_the_public_links_and_signing_in(client, world):
    client.set_cookie("lang", "en", domain="portal.test")
    assert _menu(client) == ["Compounds", "Volunteering", "Glossary", "Sign in", "Register"]


@pytest.mark.parametrize("role", ["resident", "committee", "staff", "admin", "mediator"])
def test_each_role_sees_the_links_its_permissions_allow(client, world, role):
    user = getattr(world, role)
    login(client, user)
    client.set_cookie("lang", "en", domain="portal.test")
    expected = ["Compounds", "Volunteering"]
    expected += [label for label, rule in GUARDED.items() if rule is None or rule(user)]
    expected += ["Glossary", user.name]
    assert _menu(client) == expected


def test_the_current_page_is_marked_in_the_menu(client, world):
    login(client, world.admin)
    client.set_cookie("lang", "en", domain="portal.test")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert re.findall(r'class="nav-link active" aria-current="page" href="([^"]+)"', page) == ["/admin/audit"]
    page = client.get("/glossary").get_data(as_text=True)
    assert re.findall(r'class="nav-link active" aria-current="page" href="([^"]+)"', page) == ["/glossary"]
    assert 'href="/notifications/" aria-current="page"' not in page
    page = client.get("/notifications/").get_data(as_text=True)
    assert 'href="/notifications/" aria-current="page"' in page


def test_the_layout_urls_are_those_url_for_builds(app, world):
    from flask import url_for

    from portal.layout import link_urls

    with app.test_request_context("/"):
        for name, url in link_urls().items():
            if name.startswith("static/"):
                assert url == url_for("static", filename=name.removeprefix("static/"))
            else:
                assert url == url_for(name)


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_every_form_of_a_page_carries_the_session_token_and_it_works(client, world, csrf_on):
    login(client, world.committee)
    page = client.get(f"/registration/review/{world.compound_a.id}").get_data(as_text=True)
    tokens = set(re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', page))
    assert len(tokens) == 1  # the layout's five forms and the page's own: one token
    response = client.post("/preferences/text-size", data={"csrf_token": tokens.pop(), "next": "/"})
    assert response.status_code == 302
    forged = client.post("/preferences/text-size", data={"csrf_token": "forged", "next": "/"})
    assert forged.status_code == 400


def test_row_urls_are_those_url_for_builds(app):
    from flask import url_for

    from portal.row_links import MARKER, row_url

    with app.test_request_context("/"):
        verify = row_url("registration.verify", "claim_id")
        queue = row_url("registration.queue", "compound_id", status="on_hold")
        for identifier in (1, 7, 98, MARKER, 2**31 - 1):
            assert verify[identifier] == url_for("registration.verify", claim_id=identifier)
            expected = url_for("registration.queue", compound_id=identifier, status="on_hold")
            assert queue[identifier] == expected
