"""The committee's term: created from an election's final result with its members and
alternates, and the deadlines that follow (first meeting within 7 days, filing with the street
office within 30 days, re-election due 3 months before the end)."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import selectinload

from portal import audit
from portal.auth.models import Role, RoleGrant, User
from portal.auth.services import grant_role, revoke_role
from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.elections import rules
from portal.elections.models import CommitteeTerm, Election, MemberKind, Post, TermMember
from portal.errors import DomainError
from portal.extensions import db
from portal.places.models import Compound
from portal.statements import built_once
from portal.workflow import lock


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def anyone_elected(election: Election, now: datetime | None = None) -> bool:
    """Whether the election's result elects at least one member."""
    from portal.elections.services.counting import count

    standings = count(election, now or utcnow()).standings()
    return any(standing.outcome == rules.Outcome.ELECTED for _candidate, standing in standings)


def start_term(election: Election, *, actor: User, now: datetime | None = None) -> CommitteeTerm | None:
    """The final announcement creates the term: the elected as members and the alternates, in
    the order of the result, from the announcement's day for `term_years` years. An election
    that elected nobody starts no term (the sitting committee, if any, stays in office)."""
    from portal.elections.services.counting import count

    now = now or utcnow()
    if not anyone_elected(election, now):
        return None
    starts = beijing_date(now)
    term = CommitteeTerm(
        compound_id=election.compound_id,
        election_id=election.id,
        starts_on=starts,
        ends_on=_years_later(starts, election.term_years),
    )
    kinds = {rules.Outcome.ELECTED: MemberKind.MEMBER, rules.Outcome.ALTERNATE: MemberKind.ALTERNATE}
    rank = 0
    for candidate, standing in count(election, now).standings():
        if standing.outcome in kinds:
            rank += 1
            term.members.append(
                TermMember(
                    rank=rank,
                    name=candidate.name,
                    owner_key=candidate.owner_key,
                    user_id=candidate.user_id,
                    kind=kinds[standing.outcome],
                )
            )
    db.session.add(term)
    db.session.flush()
    _seat_committee(term, actor=actor)
    audit.record(
        "committee_term_started",
        term,
        after={"starts_on": term.starts_on.isoformat(), "ends_on": term.ends_on.isoformat(), "members": rank},
        compound_id=election.compound_id,
        actor=actor,
    )
    return term


def _sitting_user_ids(term: CommitteeTerm) -> set[int]:
    return {
        m.user_id
        for m in term.members
        if m.kind == MemberKind.MEMBER and m.left_on is None and m.user_id is not None
    }


def _seat_committee(term: CommitteeTerm, *, actor: User) -> None:
    """The committee's powers follow the elected term: the preparatory group's grants and those
    of earlier terms' members end, and each elected member with an account gets the committee
    role for the compound (through the audited grant services)."""
    sitting = _sitting_user_ids(term)
    earlier = (
        select(TermMember.user_id)
        .join(CommitteeTerm, CommitteeTerm.id == TermMember.term_id)
        .where(
            CommitteeTerm.compound_id == term.compound_id,
            CommitteeTerm.id != term.id,
            TermMember.user_id.is_not(None),
        )
    )
    grants = db.session.scalars(
        select(RoleGrant).where(
            RoleGrant.role == Role.COMMITTEE,
            RoleGrant.compound_id == term.compound_id,
            or_(RoleGrant.preparatory.is_(True), RoleGrant.user_id.in_(earlier)),
        )
    ).all()
    for grant in grants:
        if grant.user_id in sitting and not grant.preparatory:
            continue
        holder = grant.user
        revoke_role(grant, revoked_by=actor)
        db.session.expire(holder, ["grants"])
    compound = db.session.get(Compound, term.compound_id)
    for user_id in sorted(sitting):
        grant_role(db.session.get(User, user_id), Role.COMMITTEE, compound, granted_by=actor)


def _hand_over_grant(leaver: TermMember, successor: TermMember | None, *, actor: User) -> None:
    """The leaver's committee role ends (unless they still sit through another seat) and the
    alternate who takes the seat gets it."""
    term = leaver.term
    if leaver.user_id is not None and leaver.user_id not in _sitting_user_ids(term):
        grant = db.session.scalars(
            select(RoleGrant).where(
                RoleGrant.role == Role.COMMITTEE,
                RoleGrant.compound_id == term.compound_id,
                RoleGrant.user_id == leaver.user_id,
            )
        ).first()
        if grant is not None:
            holder = grant.user
            revoke_role(grant, revoked_by=actor)
            db.session.expire(holder, ["grants"])
    if successor is not None and successor.user_id is not None:
        compound = db.session.get(Compound, term.compound_id)
        grant_role(db.session.get(User, successor.user_id), Role.COMMITTEE, compound, granted_by=actor)


#: The order of a compound's terms: the latest started first (the later created on a tie).
_LATEST_FIRST = (CommitteeTerm.starts_on.desc(), CommitteeTerm.id.desc())


@built_once
def _current_term():
    return (
        select(CommitteeTerm)
        .options(selectinload(CommitteeTerm.members))
        .where(
            CommitteeTerm.compound_id == bindparam("compound_id"),
            CommitteeTerm.starts_on <= bindparam("today"),
            CommitteeTerm.ends_on > bindparam("today"),
        )
        .order_by(*_LATEST_FIRST)
        .limit(1)
    )


def current_term(compound: Compound, today: date | None = None) -> CommitteeTerm | None:
    """The compound's term running today (the latest one started)."""
    values = {"compound_id": compound.id, "today": today or beijing_date(utcnow())}
    return db.session.scalars(_current_term(), values).first()


@built_once
def _terms_of():
    return (
        select(CommitteeTerm)
        .options(selectinload(CommitteeTerm.members))
        .where(CommitteeTerm.compound_id == bindparam("compound_id"))
        .order_by(*_LATEST_FIRST)
    )


def terms_of(compound: Compound) -> list[CommitteeTerm]:
    """The compound's terms with their members, the latest started first."""
    return list(db.session.scalars(_terms_of(), {"compound_id": compound.id}))


def running_term(terms: list[CommitteeTerm], today: date | None = None) -> CommitteeTerm | None:
    """Among the compound's terms as `terms_of` gives them, the one `current_term` reads: the
    latest started on or before today that ends after today."""
    today = today or beijing_date(utcnow())
    return next((term for term in terms if term.starts_on <= today < term.ends_on), None)


def record_filing(term: CommitteeTerm, filed_on: date, *, actor: User) -> CommitteeTerm:
    """Street-office (community) staff record the day the term was filed (备案)."""
    if filed_on < term.starts_on or filed_on > beijing_date(utcnow()):
        raise DomainError(_l("The filing date is between the start of the term and today."))
    term.filed_on = filed_on
    audit.record(
        "committee_term_filed",
        term,
        after={"filed_on": filed_on.isoformat()},
        compound_id=term.compound_id,
        actor=actor,
    )
    return term


def has_chair(term: CommitteeTerm) -> bool:
    """Whether the term's chair has been chosen (at the first committee meeting)."""
    return any(m.post == Post.CHAIR and m.left_on is None for m in term.members)


def reminders(term: CommitteeTerm, today: date | None = None) -> list[rules.Reminder]:
    """The term's reminders today, as shown on the committee's page and in its to-do."""
    today = today or beijing_date(utcnow())
    return rules.term_reminders(
        term.starts_on, term.ends_on, term.filed_on, has_chair=has_chair(term), today=today
    )


def assign_posts(
    term: CommitteeTerm, *, chair_id: int, vice_chair_id: int | None, actor: User
) -> CommitteeTerm:
    """The first committee meeting's choice of chair and vice chair, among the sitting members."""
    sitting = {m.id: m for m in term.members if m.kind == MemberKind.MEMBER and m.left_on is None}
    if chair_id not in sitting or (
        vice_chair_id is not None and (vice_chair_id not in sitting or vice_chair_id == chair_id)
    ):
        raise DomainError(
            _l("Choose the chair and the vice chair among the sitting members, two different people.")
        )
    for member in sitting.values():
        member.post = (
            Post.CHAIR
            if member.id == chair_id
            else Post.VICE_CHAIR
            if member.id == vice_chair_id
            else Post.MEMBER
        )
    audit.record(
        "committee_posts_assigned",
        term,
        after={
            "chair": sitting[chair_id].name,
            "vice_chair": sitting[vice_chair_id].name if vice_chair_id else "",
        },
        compound_id=term.compound_id,
        actor=actor,
    )
    return term


def mark_cross_post(member: TermMember, post: str, *, actor: User) -> TermMember:
    """Record a post the member holds in the community party organisation or the residents'
    committee (交叉任职); empty to clear it."""
    member.cross_post = (post or "").strip()[:100]
    audit.record(
        "committee_cross_post",
        member.term,
        after={"member": member.name, "post": member.cross_post},
        compound_id=member.term.compound_id,
        actor=actor,
    )
    return member


def member_leaves(
    member: TermMember, basis: str, *, actor: User, now: datetime | None = None
) -> TermMember | None:
    """A member resigns or is removed, by a recorded decision with its basis; the first
    alternate then takes the seat. The change is posted as a notice. Returns the alternate
    who took the seat, if any."""
    basis = (basis or "").strip()
    if not basis:
        raise DomainError(_l("Give the basis of the decision (the resignation or the decision to remove)."))
    if member.left_on is not None:
        raise DomainError(_l("%(name)s has already left the committee.", name=member.name))
    now = now or utcnow()
    # Two members leaving at once must not both promote the same alternate: hold the term's row,
    # then re-read its members as committed last.
    lock(member.term)
    members = list(
        db.session.scalars(
            select(TermMember)
            .where(TermMember.term_id == member.term_id)
            .execution_options(populate_existing=True)
        )
    )
    if member.left_on is not None:
        raise DomainError(_l("%(name)s has already left the committee.", name=member.name))
    member.left_on, member.left_basis = beijing_date(now), basis[:500]
    successor = None
    if member.kind == MemberKind.MEMBER:
        alternates = [m for m in members if m.kind == MemberKind.ALTERNATE and m.left_on is None]
        if alternates:
            successor = min(alternates, key=lambda m: m.rank)
            successor.kind = MemberKind.MEMBER
        _hand_over_grant(member, successor, actor=actor)
    audit.record(
        "committee_member_left",
        member.term,
        after={"member": member.name, "reason": basis, "successor": successor.name if successor else ""},
        compound_id=member.term.compound_id,
        actor=actor,
    )
    from portal.elections.notices import post_member_change

    post_member_change(member, successor, now=now)
    return successor


def committee_can_act(compound: Compound, today: date | None = None) -> bool:
    """Whether the compound's committee can act: someone holds the committee role, and when
    the compound has had an elected term, one is running with more than half of its seats
    filled (otherwise the term has expired or too few members are left)."""
    from portal.auth.permissions import compound_has_committee

    if not compound_has_committee(compound):
        return False
    terms = terms_of(compound)
    if not terms:
        return True  # a preparatory group, or a committee from before the portal
    term = running_term(terms, today)
    if term is None:
        return False
    sitting = sum(1 for m in term.members if m.kind == MemberKind.MEMBER and m.left_on is None)
    return 2 * sitting > term.election.seats
