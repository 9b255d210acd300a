"""Home page and preferences."""

from flask import current_app, redirect, render_template, request

from portal import preferences
from portal.auth.permissions import anyone, requires
from portal.auth.routes import safe_next
from portal.main import bp
from portal.page_cache import public_page
from portal.places.services import list_compounds


@bp.get("/")
@public_page
@requires(anyone)
def home():
    search = request.args.get("q", "").strip()[:50]
    return render_template("main/home.html", compounds=list_compounds(search), search=search)


@bp.post("/preferences/language")
@requires(anyone)
def set_language():
    response = redirect(safe_next(request.form.get("next")))
    language = request.form.get("lang", "")
    if language in current_app.config["LANGUAGES"]:
        preferences.remember(response, preferences.LANGUAGE_COOKIE, language)
    return response


@bp.post("/preferences/text-size")
@requires(anyone)
def toggle_large_text():
    response = redirect(safe_next(request.form.get("next")))
    return preferences.remember(
        response, preferences.LARGE_TEXT_COOKIE, "0" if preferences.large_text() else "1"
    )
