"""Refusing text that never belongs in a request, before any view sees it: NUL characters
(PostgreSQL cannot store them) and lone UTF-16 surrogates (they cannot be encoded, so they fail
wherever the text is hashed, stored or shown), in the query string, form fields, upload file
names and JSON bodies; and JSON nested deeper than any form of ours (a 100,000-deep array
exhausts the parser's recursion)."""

from __future__ import annotations

import json
import re

from flask import Flask, request
from flask_babel import lazy_gettext as _l

#: NUL and the surrogate range.
BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
MAX_JSON_DEPTH = 32


def _bad(values) -> bool:
    return any(isinstance(value, str) and BAD_TEXT.search(value) for value in values)


def _json_problem(data: bytes):
    """Why a JSON body is refused, or None (malformed JSON is left to the parser: 422)."""
    try:
        document = json.loads(data)
    except RecursionError:
        return _l("The data sent is nested too deeply.")
    except ValueError:
        return None
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return _l("The data sent is nested too deeply.")
        if isinstance(value, dict):
            if _bad(value.keys()):
                return BAD_CHARACTERS
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str) and BAD_TEXT.search(value):
            return BAD_CHARACTERS
    return None


BAD_CHARACTERS = _l("The request contains characters that are not allowed (such as NUL).")


def request_problem():
    """Why the current request is refused before its view runs, or None."""
    if _bad(request.args.values()) or _bad(request.args.keys()):
        return BAD_CHARACTERS
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if _bad(request.form.values()) or _bad(request.form.keys()):
            return BAD_CHARACTERS
        if _bad(upload.filename or "" for upload in request.files.values()):
            return BAD_CHARACTERS
        if request.is_json:
            return _json_problem(request.get_data(cache=True))
    return None


def install(app: Flask) -> None:
    """Refuse such requests with a 400 (a page, or the API's JSON error)."""

    @app.before_request
    def refuse_bad_text():
        problem = request_problem()
        if problem is not None:
            from portal.errors import render_error

            return render_error(400, problem)
