"""Home page and preferences."""

from flask import current_app, redirect, render_template, request, session

from portal.auth.permissions import anyone, requires
from portal.auth.routes import safe_next
from portal.main import bp
from portal.places.services import list_compounds, roster_summaries


@bp.get("/")
@requires(anyone)
def home():
    search = request.args.get("q", "").strip()[:50]
    compounds = list_compounds(search)
    summaries = roster_summaries([compound.id for compound in compounds])
    return render_template("main/home.html", compounds=compounds, summaries=summaries, search=search)


@bp.post("/preferences/language")
@requires(anyone)
def set_language():
    language = request.form.get("lang", "")
    if language in current_app.config["LANGUAGES"]:
        session["lang"] = language
        session.permanent = True
    return redirect(safe_next(request.form.get("next")))


@bp.post("/preferences/text-size")
@requires(anyone)
def toggle_large_text():
    session["large_text"] = not session.get("large_text")
    session.permanent = True
    return redirect(safe_next(request.form.get("next")))
