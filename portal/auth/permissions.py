"""Every permission rule of the portal, as named predicates, and the decorator that routes use.

A predicate takes the user (possibly anonymous) and the objects the page is about, and says
whether the user may proceed. Routes declare their rule with `@requires(...)`; templates call the
same predicates through the `perm` global. Grants are scoped (DESIGN §1) and never leak across
scopes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, flash, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import exists, select

from portal.auth.models import Role, RoleGrant
from portal.extensions import db, login_manager


def hides_existence(predicate: Callable) -> Callable:
    """Mark a rule whose refusal answers 404, so that private objects do not reveal they exist."""
    predicate.hides_existence = True
    return predicate


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


# --- rules --------------------------------------------------------------------------------------


def can_manage_roles(user, grant=None) -> bool:
    """Only admins grant and revoke roles."""
    return is_admin(user)


def can_view_audit(user) -> bool:
    """Only admins read the audit trail."""
    return is_admin(user)


def can_import_any_roster(user) -> bool:
    """Admins and community staff may open the roster upload page."""
    return is_admin(user) or bool(_grants(user, Role.COMMUNITY_STAFF))


def can_import_roster(user, compound) -> bool:
    """Admins, and the staff of the compound's community, import its roster."""
    return is_admin(user) or is_community_staff(user, compound.community)


def can_view_roster(user, compound) -> bool:
    """The unit-by-unit roster (owner names and phones) is for the compound's committee, its
    community's staff and admins."""
    return (
        is_admin(user) or is_committee_member(user, compound) or is_community_staff(user, compound.community)
    )


def can_review_any_claims(user) -> bool:
    """Whether the user may review claims somewhere (committee members and community staff)."""
    return bool(_grants(user, Role.COMMITTEE) or _grants(user, Role.COMMUNITY_STAFF))


def can_review_claims(user, compound) -> bool:
    """The compound's committee verifies owner claims; where the compound has no committee,
    the staff of its community do (DESIGN §4.1)."""
    if is_committee_member(user, compound):
        return True
    return is_community_staff(user, compound.community) and not compound_has_committee(compound)


@hides_existence
def can_view_claim(user, claim) -> bool:
    """A claim is seen by the claimant and by those who review the compound's claims."""
    if not user.is_authenticated:
        return False
    return claim.user_id == user.id or can_review_claims(user, claim.unit.building.compound)


@hides_existence
def can_decide_claim(user, claim) -> bool:
    """Reviewers decide claims of their compound, but never their own claim."""
    if not user.is_authenticated or claim.user_id == user.id:
        return False
    return can_review_claims(user, claim.unit.building.compound)


def is_verified_owner(user, compound) -> bool:
    """An owner of the compound: a verified claim on one of its units (cached for the request)."""
    if not user.is_authenticated:
        return False
    from portal.registration.services import is_owner

    cache = g.setdefault("is_verified_owner", {})
    if compound.id not in cache:
        cache[compound.id] = is_owner(user, compound)
    return cache[compound.id]


def can_manage_meetings(user, compound) -> bool:
    """The compound's owners' committee (or preparatory group) runs its assembly meetings."""
    return is_committee_member(user, compound)


def can_view_meetings(user, compound) -> bool:
    """Assembly meetings are published to the compound's owners, and seen by its committee,
    its community's staff and admins."""
    return can_view_roster(user, compound) or is_verified_owner(user, compound)


@hides_existence
def can_view_meeting(user, meeting) -> bool:
    """A meeting is seen by those who see its compound's meetings; drafts only by the committee."""
    if meeting.status.value == "draft":
        return can_manage_meetings(user, meeting.compound)
    return can_view_meetings(user, meeting.compound)


@hides_existence
def can_manage_meeting(user, meeting) -> bool:
    """The committee of the meeting's compound announces it, enters paper ballots, finalises."""
    return can_manage_meetings(user, meeting.compound)


@hides_existence
def can_vote(user, meeting) -> bool:
    """Verified owners of the compound vote online (the service checks the window)."""
    return meeting.status.value != "draft" and is_verified_owner(user, meeting.compound)


@hides_existence
def can_object(user, meeting) -> bool:
    """Verified owners of the compound may object to a preliminary result."""
    return can_vote(user, meeting)


@hides_existence
def can_answer_objection(user, objection) -> bool:
    """The compound's committee answers objections."""
    return can_manage_meetings(user, objection.meeting.compound)


@hides_existence
def can_correct_ballot(user, ballot) -> bool:
    """The compound's committee corrects paper and proxy ballots (the service checks when)."""
    return can_manage_meetings(user, ballot.meeting.compound)


@hides_existence
def can_inspect_register(user, meeting) -> bool:
    """Nobody sees choices while voting is open. Once voting has closed the committee sees the
    ballot register (to check and correct paper ballots); the compound's owners see it once the
    final announcement is out, and each of their looks is logged."""
    from portal.assembly.services import status_of

    state = status_of(meeting).value
    if can_manage_meetings(user, meeting.compound):
        return state in ("counted", "final")
    return state == "final" and is_verified_owner(user, meeting.compound)


def can_sign_application(user, compound) -> bool:
    """Verified owners co-sign the application to establish the owners' assembly."""
    return is_verified_owner(user, compound)


def can_form_preparatory_group(user, compound) -> bool:
    """The community's staff (or an admin) form the preparatory group of a compound."""
    return is_admin(user) or is_community_staff(user, compound.community)


@hides_existence
def can_manage_item(user, item) -> bool:
    """The committee adds documents to the agenda items of its compound's meetings."""
    return can_manage_meetings(user, item.meeting.compound)


@hides_existence
def can_view_attachment(user, attachment) -> bool:
    """Item documents are seen with the meeting; proxy authorisations by the committee."""
    if attachment.purpose.value == "item":
        return can_view_meeting(user, attachment.meeting)
    return can_manage_meetings(user, attachment.meeting.compound)


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


def requires(rule: Callable, **loaders: type) -> Callable:
    """Declare who may use a view.

    `loaders` name the objects the rule is about: `compound=Compound` loads the `compound_id`
    URL argument (404 when missing) and passes `compound` to the view and to the rule. A refusal
    sends anonymous visitors to the login page, and answers 404 for rules marked
    `hides_existence`, else 403.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            objects = {
                name: db.get_or_404(model, kwargs.pop(f"{name}_id")) for name, model in loaders.items()
            }
            if not rule(current_user, **objects):
                if not current_user.is_authenticated:
                    return _ask_to_sign_in()
                abort(404 if getattr(rule, "hides_existence", False) else 403)
            return view(*args, **kwargs, **objects)

        guarded.permission_rule = rule
        return guarded

    return decorate
