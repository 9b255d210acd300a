"""The home page (with the person's to-do), the glossary, the favicon and the visitor's
display preferences (language, text size)."""

from flask import Blueprint

from portal.main.glossary import term_name

bp = Blueprint("main", __name__)
bp.add_app_template_global(term_name, "glossary_term")

from portal.main import routes  # noqa: E402,F401
