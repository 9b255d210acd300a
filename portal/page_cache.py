"""A short-lived cache of public pages as anonymous visitors see them.

On the day a meeting's result is announced, most visits are anonymous looks at the home page and
a compound's page. Those pages are the same for every anonymous visitor with the same language
and text size, so each worker process keeps the rendered HTML for `PUBLIC_PAGE_CACHE_SECONDS`
(10 s in production, off in development and tests) and serves it without touching the database
again. Signed-in users, visitors with a message waiting (a flash) and every other method always
get a fresh page.

The footer's preference forms carry the visitor's CSRF token, which belongs to their session;
the cached copy keeps a placeholder in its place and each visitor gets their own token filled in.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from flask import current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from portal import preferences
from portal.auth.permissions import anyone

#: Stands for the visitor's CSRF token in a cached page (cannot occur in rendered HTML).
TOKEN_PLACEHOLDER = "\x00csrf-token\x00"


class PageCache:
    """At most `capacity` pages, least recently used first out, each until its expiry time."""

    def __init__(self, capacity: int = 256) -> None:
        self.capacity = capacity
        self._pages: OrderedDict[tuple, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()  # the development server is threaded

    def get(self, key: tuple, now: float) -> str | None:
        with self._lock:
            entry = self._pages.get(key)
            if entry is None:
                return None
            expires, html = entry
            if expires <= now:
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return html

    def put(self, key: tuple, html: str, expires: float) -> None:
        with self._lock:
            self._pages[key] = (expires, html)
            self._pages.move_to_end(key)
            while len(self._pages) > self.capacity:
                self._pages.popitem(last=False)


def _cache() -> PageCache:
    return current_app.extensions.setdefault("portal_page_cache", PageCache())


def _cacheable() -> bool:
    return (
        current_app.config["PUBLIC_PAGE_CACHE_SECONDS"] > 0
        and request.method == "GET"
        and "_flashes" not in session
        and not current_user.is_authenticated
    )


def public_page(view: Callable) -> Callable:
    """Serve the view's page to anonymous visitors from the cache while it is fresh, without
    touching the database. Only for views anyone may see: put it above `@requires(anyone, ...)`
    (a page is kept only after the rule let an anonymous visitor see it, and an object that the
    rule's loader could not find is a 404, never kept)."""
    if getattr(view, "permission_rule", None) is not anyone:
        raise TypeError(f"{view.__name__}: @public_page goes above @requires(anyone, ...)")

    @wraps(view)
    def cached(*args, **kwargs):
        if not _cacheable():
            return view(*args, **kwargs)
        key = (request.endpoint, request.full_path, str(get_locale()), preferences.large_text())
        now = time.monotonic()
        html = _cache().get(key, now)
        if html is None:
            page = view(*args, **kwargs)
            if not isinstance(page, str):  # a redirect or an error page: never kept
                return page
            token = g.get(current_app.config["WTF_CSRF_FIELD_NAME"])
            html = page.replace(token, TOKEN_PLACEHOLDER) if token else page
            _cache().put(key, html, now + current_app.config["PUBLIC_PAGE_CACHE_SECONDS"])
        if TOKEN_PLACEHOLDER in html:
            html = html.replace(TOKEN_PLACEHOLDER, generate_csrf())
        return html

    return cached
