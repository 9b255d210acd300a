"""The small pieces every rule is made of (roles held in a scope), and `requires`, the
decorator with which every route declares its rule.

A refusal says why in words the person understands wherever the page's existence is no secret
to them: a rule carries an explanation (`@explained_by(...)`) and `requires` answers 403 with
it; rules marked `@hides_existence` keep answering 404 whenever their explanation says nothing.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, flash, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import Select, bindparam, exists, select

from portal.auth.models import Role, RoleGrant
from portal.extensions import db, login_manager
from portal.statements import built_once


def hides_existence(predicate: Callable) -> Callable:
    """Mark a rule whose refusal answers 404, so that private objects do not reveal they exist."""
    predicate.hides_existence = True
    return predicate


@dataclass(frozen=True)
class Refusal:
    """Why a signed-in person may not open a page, in their words, and what they can do about
    it (an optional button: its label and address)."""

    message: str
    action_label: str = ""
    action_url: str = ""


def explained_by(explanation) -> Callable:
    """Give a rule the explanation of its refusals: a message, or a function taking the rule's
    arguments and returning a message, a `Refusal`, or None when nothing may be said (the object
    must stay secret to this person: the refusal is then the plain 404 or 403)."""

    def mark(predicate: Callable) -> Callable:
        predicate.explanation = explanation
        return predicate

    return mark


def explain_refusal(rule: Callable, user, objects: dict) -> Refusal | None:
    """The explanation of `rule` refusing `user` these objects, if it has one to give."""
    explanation = getattr(rule, "explanation", None)
    if explanation is None:
        return None
    found = explanation(user, **objects) if inspect.isfunction(explanation) else explanation
    if found is None or isinstance(found, Refusal):
        return found
    return Refusal(str(found))


def _refused_page(refusal: Refusal):
    """The 403 page (or the API's JSON error) that says why."""
    from flask import render_template

    from portal.errors import is_api_request, render_error

    if is_api_request():
        return render_error(403, refusal.message)
    return render_template("main/refused.html", refusal=refusal), 403


# --- small pieces -------------------------------------------------------------------------------


def anyone(user, **_objects) -> bool:
    """Public: every visitor, signed in or not."""
    return True


def signed_in(user, **_objects) -> bool:
    """Any signed-in account (every account is a resident)."""
    return bool(user.is_authenticated)


def _grants(user, role: Role):
    if not user.is_authenticated:
        return []
    return [grant for grant in user.grants if grant.role == role]


def is_admin(user) -> bool:
    """The housing bureau's operator (a global grant)."""
    return bool(_grants(user, Role.ADMIN))


def is_committee_member(user, compound) -> bool:
    """A member of the compound's owners' committee (or its preparatory group)."""
    return any(grant.compound_id == compound.id for grant in _grants(user, Role.COMMITTEE))


def is_community_staff(user, community) -> bool:
    """Staff of the community (residents' committee, party branch, service centre)."""
    return any(grant.community_id == community.id for grant in _grants(user, Role.COMMUNITY_STAFF))


def compound_has_committee(compound) -> bool:
    """Whether anyone holds the committee role for the compound (cached for the request)."""
    cache = g.setdefault("compound_has_committee", {})
    if compound.id not in cache:
        query = select(exists().where(RoleGrant.role == Role.COMMITTEE, RoleGrant.compound_id == compound.id))
        cache[compound.id] = bool(db.session.scalar(query))
    return cache[compound.id]


# --- the decorator ------------------------------------------------------------------------------


def _ask_to_sign_in():
    """Send an anonymous visitor to the login page; after a refused POST, come back to the
    page the form was on rather than to a URL that only accepts POST."""
    if request.path.startswith("/api/"):
        abort(401)
    if request.method == "GET":
        return login_manager.unauthorized()
    flash(login_manager.login_message, login_manager.login_message_category)
    referrer = urlsplit(request.referrer or "")
    back = referrer.path if referrer.netloc == request.host else None
    return redirect(url_for(login_manager.login_view, next=back))


@built_once
def _by_id(model: type) -> Select:
    """`model` by its primary key (the parameter `ident`), with what the model declares its rules
    and pages read anyway (`model.loaded_with()`: loader options, such as a meeting's compound
    and items), so that those cost no statements of their own. Built once for each model: every
    page that names an object in its URL runs it."""
    options = model.loaded_with() if hasattr(model, "loaded_with") else ()
    key = model.__mapper__.primary_key[0]
    return select(model).options(*options).where(key == bindparam("ident"))


def _load_or_404(model: type, ident):
    """The object the URL names, or 404."""
    found = db.session.execute(_by_id(model), {"ident": ident}).unique().scalar_one_or_none()
    if found is None:
        abort(404)
    return found


def requires(rule: Callable, **loaders: type) -> Callable:
    """Declare who may use a view.

    `loaders` name the objects the rule is about: `compound=Compound` loads the `compound_id`
    URL argument (404 when missing) and passes `compound` to the view and to the rule. A refusal
    sends anonymous visitors to the login page; it answers 403 with the rule's explanation when
    it has one to give, else 404 for rules marked `hides_existence` and 403 for the others.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            objects = {name: _load_or_404(model, kwargs.pop(f"{name}_id")) for name, model in loaders.items()}
            if not rule(current_user, **objects):
                if not current_user.is_authenticated:
                    return _ask_to_sign_in()
                refusal = explain_refusal(rule, current_user, objects)
                if refusal is not None:
                    return _refused_page(refusal)
                abort(404 if getattr(rule, "hides_existence", False) else 403)
            return view(*args, **kwargs, **objects)

        guarded.permission_rule = rule
        return guarded

    return decorate
