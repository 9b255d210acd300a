"""Plain-language explanations of the words of self-governance (名词解释), each with an anchor
that the ⓘ links on the pages point at (the `explain(slug)` macro)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Term:
    """A term: its anchor, its name and one or two simple sentences."""

    slug: str
    name: object
    explanation: object


TERMS = (
    Term(
        "assembly",
        _l("Owners' assembly"),
        _l(
            "All the owners of a compound together. They decide the big matters, such as the "
            "management covenant, the property company and the use of the maintenance fund."
        ),
    ),
    Term(
        "committee",
        _l("Owners' committee"),
        _l(
            "The owners elected by the owners' assembly to carry out its decisions: it calls the "
            "meetings, checks who is an owner and works with the property company."
        ),
    ),
    Term(
        "preparatory-group",
        _l("Preparatory group"),
        _l(
            "Where there is no owners' assembly yet, the community forms this group of owners and "
            "officials. It confirms the roster and calls the first meeting."
        ),
    ),
    Term(
        "verified-owner",
        _l("Verified owner"),
        _l(
            "A person who claimed their unit with the property certificate number and whose claim "
            "the committee (or the community) has checked. Verified owners can vote."
        ),
    ),
    Term(
        "exclusive-area",
        _l("Exclusive area"),
        _l(
            "The floor area of your own flat, shop or garage, as in the property register. "
            "Votes are counted both by area and by the number of owners."
        ),
    ),
    Term(
        "owner-count",
        _l("Number of owners"),
        _l(
            "When owners are counted, all units of one owner count as one person, and all of the "
            "developer's unsold units count as one person together."
        ),
    ),
    Term(
        "roster-freeze",
        _l("Frozen roster"),
        _l(
            "When the notice of a meeting is published, the list of owners and areas is fixed. "
            "The vote is counted against this list, even if the roster changes later."
        ),
    ),
    Term(
        "written-consultation",
        _l("Written consultation"),
        _l(
            "The meeting is held without gathering: every owner gets a ballot and votes on paper "
            "or online within the voting period."
        ),
    ),
    Term(
        "participation",
        _l("Taking part in the vote"),
        _l(
            "An owner who voted on an item takes part, also when choosing to abstain. Owners who "
            "did not vote do not take part and are never counted as agreeing."
        ),
    ),
    Term(
        "two-thirds",
        _l("Two thirds"),
        _l(
            "A vote only counts if the owners taking part hold at least two thirds of the whole "
            "area and are at least two thirds of all owners."
        ),
    ),
    Term(
        "three-quarters",
        _l("Three quarters"),
        _l(
            "Raising the maintenance fund, rebuilding, and changing the use of common parts need "
            "at least three quarters of those taking part to agree, by area and by owners."
        ),
    ),
    Term(
        "majority",
        _l("More than half"),
        _l(
            "Every other matter needs more than half of those taking part to agree, by area and "
            "by owners. Exactly half is not enough."
        ),
    ),
    Term(
        "proxy",
        _l("Voting by proxy"),
        _l(
            "An owner may let someone else vote for them with a signed written authorisation. "
            "The committee enters the proxy's ballot together with the authorisation."
        ),
    ),
    Term(
        "objection-period",
        _l("Objection period"),
        _l(
            "After voting closes, the preliminary result is published and owners may object for a "
            "few days. The committee answers every objection before the final announcement."
        ),
    ),
    Term(
        "receipt-code",
        _l("Receipt code"),
        _l(
            "The letters and numbers you get after voting online. With it you can check later "
            "that your vote was recorded as you chose. Voting again gives a new code."
        ),
    ),
    Term(
        "maintenance-fund",
        _l("Maintenance fund"),
        _l(
            "Money kept for repairing the common parts of the buildings (roofs, lifts, pipes). "
            "Using it or raising more needs a vote of the owners' assembly."
        ),
    ),
)

BY_SLUG = {term.slug: term for term in TERMS}


def term_name(slug: str) -> str:
    """The name of the term with this anchor (for the ⓘ links' accessible names)."""
    return str(BY_SLUG[slug].name)
