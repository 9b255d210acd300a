"""The floor under every signed-in page, for bench/run.py and bench/profile_pages.py: the portal
itself (as `wsgi:app`, same settings) with one more route, `/bench/floor`, that shows base.html
with an empty content block to a signed-in person.

It pays what every signed-in page pays and nothing else: the session cookie and the server-side
session with the person's grants and unread count, the permission check, the layout (menu,
inbox, language and large-print switches, footer), the CSRF token, Babel, the unit of work and
the response's headers. A page can be no cheaper than this; how far it sits from the read anchor
says how much of the anchor's budget is left for the page's own content.
"""

from __future__ import annotations

from flask import Flask, render_template

from portal.auth.permissions import requires, signed_in

FLOOR_PATH = "/bench/floor"
PAGE = (
    '{% extends "base.html" %}{% block title %}Floor{% endblock %}{% block content %}<p>-</p>{% endblock %}'
)


def add_floor(app: Flask) -> Flask:
    """Give `app` the empty signed-in page (its template compiled once, like the portal's)."""
    template = app.jinja_env.from_string(PAGE)

    @app.get(FLOOR_PATH)
    @requires(signed_in)
    def bench_floor():
        return render_template(template)

    return app


def serve() -> Flask:
    """The portal as `wsgi:app` builds it, with the floor (gunicorn: `"bench.floor:serve()"`)."""
    from portal import create_app

    return add_floor(create_app())
