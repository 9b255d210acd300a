"""Template translation without Flask-Babel's per-call lookup.

Templates call `_()` hundreds of times on a list page (the verification queue: ~9 per row).
Flask-Babel finds the catalogue again on every call (locale, domain, cache key: ~7 µs), which
made translation a quarter of the queue page's time. Here the catalogue is looked up once per
request and kept beside Flask-Babel's own per-request state, tied to the locale it was found
for, so `force_locale` and `flask_babel.refresh()` still switch languages.
"""

from __future__ import annotations

import flask_babel
from babel.support import NullTranslations
from flask import Flask, g
from flask_babel.speaklater import LazyString
from jinja2 import pass_eval_context
from markupsafe import Markup


def catalogue() -> NullTranslations:
    """The translations of the current request's locale (a null catalogue outside a request)."""
    try:
        here = g._get_current_object()  # one look through the proxy; templates call this a lot
    except RuntimeError:  # outside an application context
        return flask_babel.get_translations()
    state = getattr(here, "_flask_babel", None)
    cached = getattr(state, "portal_catalogue", None)
    if cached is not None and cached[0] is getattr(state, "babel_locale", None):
        return cached[1]
    translations = flask_babel.get_translations()  # sets up g._flask_babel and its locale
    state = here._flask_babel
    state.portal_catalogue = (state.babel_locale, translations)
    return translations


def text(string: str, **variables) -> str:
    """Flask-Babel's `gettext` for Python code that translates many strings in one request
    (the audit page: ~10 per record), with the catalogue looked up once per request."""
    translated = catalogue().ugettext(string)
    return translated % variables if variables else translated


def as_text(value) -> str:
    """`str(value)`, translating a `lazy_gettext` string through the per-request catalogue
    (str() would look the catalogue up again for each one)."""
    if isinstance(value, LazyString) and value._func is flask_babel.gettext:
        return text(*value._args, **value._kwargs)
    return str(value)


def shown_labels(labels: dict) -> dict:
    """A mapping of lazy labels translated once for a page (a list shows them per row), as
    templates show a lazy label: the catalogue's text, not escaped again."""
    return {key: Markup(as_text(label)) for key, label in labels.items()}


@pass_eval_context
def gettext(eval_ctx, string: str, **variables) -> str:
    """Jinja's new-style `_()`: translated, marked safe before formatting when autoescaping
    (so the variables are escaped), then formatted with the keyword arguments."""
    text = catalogue().ugettext(string)
    if eval_ctx.autoescape:
        text = Markup(text)
    if not variables and "%" not in text:
        return text  # what `text % {}` gives, without formatting
    return text % variables


@pass_eval_context
def ngettext(eval_ctx, singular: str, plural: str, num: int, **variables) -> str:
    """Jinja's new-style `ngettext()`; `num` is available to the text as `%(num)d`."""
    variables.setdefault("num", num)
    text = catalogue().ungettext(singular, plural, num)
    if eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


def install(app: Flask) -> None:
    """Replace the gettext functions Flask-Babel put into the Jinja environment."""
    app.jinja_env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
