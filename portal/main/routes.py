"""Home page, glossary, favicon and preferences."""

from flask import current_app, redirect, render_template, request, send_from_directory
from flask_login import current_user

from portal import preferences
from portal.auth.permissions import anyone, requires
from portal.auth.routes import safe_next
from portal.forms import page_number
from portal.main import bp
from portal.main.glossary import TERMS
from portal.main.home import own_compounds
from portal.page_cache import public_page
from portal.paging import search_words, to_last_page
from portal.places.cards import compounds_page
from portal.todo import time_left, todo_for


@bp.get("/")
@public_page
@requires(anyone)
def home():
    """The signed-in person's to-do and compounds, then one page of the district's compounds
    (a page past the last goes to the last)."""
    search = search_words(request.args)
    compounds = compounds_page(search, page=page_number())
    if beyond := to_last_page(compounds, "main.home", q=search or None):
        return beyond
    return render_template(
        "main/home.html",
        compounds=compounds,
        own=own_compounds(current_user),
        search=search,
        todos=todo_for(current_user),
        time_left=time_left,
    )


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


@bp.get("/glossary")
@public_page
@requires(anyone)
def glossary():
    """The words of self-governance in plain language (名词解释), each with its anchor."""
    return render_template("main/glossary.html", terms=TERMS)


@bp.get("/favicon.ico")
@requires(anyone)
def favicon():
    """Browsers ask for /favicon.ico whatever the page says; answer with the portal's icon."""
    response = send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/x-icon")
    response.cache_control.max_age = 7 * 24 * 3600
    return response
