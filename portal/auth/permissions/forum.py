"""Rules of the residents' forum (议事厅): only the compound's verified owners (and those who
moderate it: its committee and its community's staff) read it; they post, reply, support and
report (a pending claimant is told the forum opens once the claim is verified); the committee
and staff hide posts; the committee marks topics "taken up"."""

from __future__ import annotations

from flask import g
from flask_babel import lazy_gettext as _l

from portal.auth.permissions.core import (
    explained_by,
    hides_existence,
    is_committee_member,
    is_community_staff,
)
from portal.auth.permissions.registration import is_verified_owner


def is_resident_of(user, compound) -> bool:
    """A claim on one of the compound's units that stands (verified or pending); cached."""
    if not user.is_authenticated:
        return False
    from portal.registration.services import claimed_compound_ids

    cache = g.setdefault("claimed_compound_ids", {})
    if user.id not in cache:
        cache[user.id] = claimed_compound_ids(user)
    return compound.id in cache[user.id]


def can_moderate_forum(user, compound) -> bool:
    """The compound's committee and its community's staff moderate its forum."""
    return is_committee_member(user, compound) or is_community_staff(user, compound.community)


def _explain_pending(user, compound=None, post=None, photo=None, **_objects):
    """A resident whose claim on a unit of the compound is still pending is told the forum
    opens once it is verified; to anyone else the forum stays hidden."""
    post = post or (photo.post if photo is not None else None)
    compound = compound or (post.compound if post is not None else None)
    if compound is None or not is_resident_of(user, compound):
        return None
    if post is not None and (post.hidden or (post.topic is not None and post.topic.hidden)):
        return None
    return _l("The forum is for the compound's verified owners. You can read it once your claim is verified.")


@hides_existence
@explained_by(_explain_pending)
def can_read_forum(user, compound) -> bool:
    """The compound's verified owners read and write in its forum; its moderators read it too.
    Nobody else learns what is said there (pending claimants are told why not)."""
    return is_verified_owner(user, compound) or can_moderate_forum(user, compound)


def _sees_hidden(user, post) -> bool:
    """A hidden post is seen by its author and the forum's moderators only."""
    if not post.hidden:
        return True
    return (user.is_authenticated and post.author_id == user.id) or can_moderate_forum(user, post.compound)


@hides_existence
@explained_by(_explain_pending)
def can_read_post(user, post) -> bool:
    """A post is read by the forum's readers while it (and its topic) is shown; a hidden post,
    or any post of a hidden topic, only by that hidden post's author and the moderators."""
    if not can_read_forum(user, post.compound):
        return False
    return _sees_hidden(user, post) and (post.topic is None or _sees_hidden(user, post.topic))


@hides_existence
def can_edit_post(user, post) -> bool:
    """The author edits their post (the service checks the 15 minutes)."""
    return user.is_authenticated and post.author_id == user.id and can_read_forum(user, post.compound)


@hides_existence
def can_request_review(user, post) -> bool:
    """The author of a hidden post asks for a review."""
    return can_edit_post(user, post)


def _explain_moderators(user, post=None, compound=None, **_objects):
    compound = compound or (post.compound if post is not None else None)
    if compound is not None and can_read_forum(user, compound):
        return _l("Only the owners' committee and the community's staff moderate the forum.")
    return _explain_pending(user, compound=compound)


@hides_existence
@explained_by(_explain_moderators)
def can_moderate_post(user, post) -> bool:
    """Moderators hide posts, dismiss reports and decide reviews."""
    return can_moderate_forum(user, post.compound)


@hides_existence
@explained_by(_explain_moderators)
def can_open_moderation(user, compound) -> bool:
    """The moderation queue of a compound's forum."""
    return can_moderate_forum(user, compound)


def _explain_committee(user, post=None, **_objects):
    if post is not None and can_read_forum(user, post.compound):
        return _l("Only the owners' committee takes up a topic.")
    return _explain_pending(user, post=post)


@hides_existence
@explained_by(_explain_committee)
def can_take_up(user, post) -> bool:
    """The compound's committee marks a topic "taken up"."""
    return is_committee_member(user, post.compound)


@hides_existence
@explained_by(_explain_pending)
def can_view_forum_photo(user, photo) -> bool:
    """A photo is seen with its post: by the forum's readers, or, once the post is hidden, by
    its author and the moderators only."""
    return can_read_post(user, photo.post)
