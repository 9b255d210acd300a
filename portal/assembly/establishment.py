"""Establishing the owners' assembly (成立业主大会): owners apply and co-sign, the community
forms the preparatory group (筹备组), the group publishes the confirmed roster, and the first
meeting's final announcement establishes the assembly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal import audit
from portal.assembly.models import Assembly, AssemblySignature, AssemblyStatus
from portal.assembly.services import settings_of
from portal.auth.models import Role, User
from portal.auth.services import grant_role
from portal.columns import utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.places.models import Compound
from portal.places.services import owner_group_totals, roster_summary
from portal.registration.services import verified_group_ids, verified_owner_keys
from portal.workflow import lock

#: The preparatory group should be formed within 60 days of the application.
GROUP_DEADLINE = timedelta(days=60)


@dataclass(frozen=True)
class ApplicationShare:
    """How much of the compound has signed: owner groups and area, against the whole roster."""

    owners: int
    area_hundredths: int
    total_owners: int
    total_area_hundredths: int


def assembly_of(compound: Compound) -> Assembly:
    """The compound's assembly record, created (status none) when first needed for a write,
    and held (row-locked) for the rest of the request. Two requests creating it at once both
    end up with the one row: the loser of the insert reads the winner's."""
    assembly = settings_of(compound)
    if assembly.id is None:
        try:
            with db.session.begin_nested():
                db.session.add(assembly)
                db.session.flush()
        except IntegrityError:
            assembly = settings_of(compound)
    return lock(assembly)


def group_deadline(assembly: Assembly) -> datetime | None:
    """The day by which the preparatory group should exist (60 days after the application)."""
    return assembly.applied_at + GROUP_DEADLINE if assembly.applied_at else None


def sign_application(compound: Compound, user: User, *, now: datetime | None = None) -> AssemblySignature:
    """A verified owner signs the application to establish the assembly (once)."""
    if not verified_owner_keys(user, compound):
        raise DomainError(_l("Only verified owners of this compound can sign the application."))
    assembly = assembly_of(compound)
    if assembly.status != AssemblyStatus.NONE:
        raise DomainError(_l("The assembly is already being established."))
    db.session.expire(assembly, ["signatures"])
    if any(signature.user_id == user.id for signature in assembly.signatures):
        raise DomainError(_l("You have already signed the application."))
    now = now or utcnow()
    signature = AssemblySignature(assembly_id=assembly.id, user_id=user.id, created_at=now)
    assembly.applied_at = assembly.applied_at or now
    try:
        with db.session.begin_nested():
            db.session.add(signature)
            db.session.flush()
    except IntegrityError as error:
        raise DomainError(_l("You have already signed the application.")) from error
    db.session.expire(assembly, ["signatures"])
    audit.record("assembly_application_signed", assembly, compound_id=compound.id, actor=user)
    return signature


def application_share(compound: Compound) -> ApplicationShare:
    """The owner groups and area of the signatories' groups (each group once, whoever of its
    co-owners signed), against the whole roster (DESIGN §3)."""
    signers = list(
        db.session.scalars(
            select(AssemblySignature.user_id)
            .join(Assembly, Assembly.id == AssemblySignature.assembly_id)
            .where(Assembly.compound_id == compound.id)
        )
    )
    owners, area = owner_group_totals(verified_group_ids(compound, signers))
    total = roster_summary(compound)
    return ApplicationShare(owners, area, total.owner_groups, int(total.total_area * 100))


def form_preparatory_group(
    compound: Compound, members: list[User], *, actor: User, now: datetime | None = None
):
    """Community staff form the preparatory group: an odd number of members, at least half of
    them verified owners; each gets the committee role for the compound, marked preparatory."""
    assembly = assembly_of(compound)
    if not assembly.can("prepare"):
        raise DomainError(_l("The preparatory group has already been formed."))
    if assembly.applied_at is None:
        raise DomainError(_l("No owner has applied to establish the assembly yet."))
    unique = list({member.id: member for member in members}.values())
    if len(unique) % 2 == 0:
        raise DomainError(_l("The preparatory group needs an odd number of members."))
    owners = sum(1 for member in unique if verified_owner_keys(member, compound))
    if 2 * owners < len(unique):
        raise DomainError(
            _l("At least half of the preparatory group must be verified owners of the compound.")
        )
    for member in unique:
        grant_role(member, Role.COMMITTEE, compound, granted_by=actor, preparatory=True)
    return Assembly.workflow.move(
        assembly,
        "prepare",
        actor=actor,
        now=now,
        values={"preparing_since": now or utcnow()},
        after={"members": [m.name for m in unique]},
    )


def publish_roster(compound: Compound, *, actor: User, now: datetime | None = None) -> Assembly:
    """The preparatory group confirms the roster and publishes its figures before the first
    meeting (owner groups, headcount, total area)."""
    assembly = assembly_of(compound)
    if assembly.status != AssemblyStatus.PREPARING:
        raise DomainError(_l("Only the preparatory group publishes the roster, before the first meeting."))
    summary = roster_summary(compound)
    if not summary.units:
        raise DomainError(_l("The compound's roster is empty; import it first."))
    assembly.roster_published_at = now or utcnow()
    assembly.roster_owners, assembly.roster_area_hundredths = (
        summary.owner_groups,
        int(summary.total_area * 100),
    )
    audit.record(
        "assembly_roster_published", assembly, after=summary.as_dict(), compound_id=compound.id, actor=actor
    )
    return assembly


def mark_established(compound: Compound, *, now: datetime) -> None:
    """The first meeting's final announcement establishes the assembly."""
    assembly = settings_of(compound)
    if assembly.id is not None and assembly.can("establish"):
        Assembly.workflow.move(assembly, "establish", now=now, values={"established_at": now})


def find_members(phones: list[str]) -> tuple[list[User], list[str]]:
    """The accounts of the given phone numbers, and the numbers without an account."""
    from portal.auth.services import find_user

    found, missing = [], []
    for phone in phones:
        user = find_user(phone)
        if user:
            found.append(user)
        else:
            missing.append(phone)
    return found, missing


def change_settings(
    compound: Compound,
    *,
    notice_days: int,
    objection_days: int,
    actor: User,
    paper_days: int | None = None,
    blank_counts_as_abstain: bool | None = None,
) -> Assembly:
    """Set the compound's notice period (at least the legal 15 days), objection period, days for
    entering paper ballots after the close, and whether blank items count as abstaining. A
    meeting keeps the settings it was announced with."""
    paper_days = assembly_of(compound).paper_days if paper_days is None else paper_days
    if not 15 <= notice_days <= 60 or not 1 <= objection_days <= 30 or not 0 <= paper_days <= 7:
        raise DomainError(
            _l(
                "The notice period is 15 to 60 days, the objection period 1 to 30 days"
                " and the days for paper ballots 0 to 7."
            )
        )
    assembly = assembly_of(compound)
    fields = ("notice_days", "objection_days", "paper_days", "blank_counts_as_abstain")
    before = {name: getattr(assembly, name) for name in fields}
    assembly.notice_days, assembly.objection_days, assembly.paper_days = (
        notice_days,
        objection_days,
        paper_days,
    )
    if blank_counts_as_abstain is not None:
        assembly.blank_counts_as_abstain = blank_counts_as_abstain
    audit.record(
        "assembly_settings_changed",
        assembly,
        before=before,
        after={name: getattr(assembly, name) for name in fields},
        compound_id=compound.id,
        actor=actor,
    )
    return assembly
