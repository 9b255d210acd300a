"""Services of management and fees: the fee schedule (a new schedule from a date, posted as a
notice), service contracts (one may cover several compounds: 连片), and changes of the
management mode (the history is kept by places)."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portal import audit
from portal.auth.models import User
from portal.columns import utcnow
from portal.errors import ConflictError, DomainError
from portal.extensions import db
from portal.ledger.rules import yuan
from portal.links import is_portal_path
from portal.management.models import (
    FEE_BASIS_LABELS,
    FeeBasis,
    FeeSchedule,
    ServiceContract,
    contract_compounds,
)
from portal.notices.models import NoticeCategory
from portal.notices.services import publish_notice
from portal.places.models import Compound, ManagementMode
from portal.places.services import start_management_period
from portal.statements import built_once

EARLIEST = date(2000, 1, 1)
MAX_FEE_FEN = 100_000  # 1,000 yuan a month is not a plausible fee
MAX_DECIDED_BY = 300
MODE_LABELS = {
    ManagementMode.PROFESSIONAL: _l("Professional property service"),
    ManagementMode.BASIC: _l("Basic property service"),
    ManagementMode.SELF_GOVERNED: _l("Owner self-governance"),
}


def fee_history(compound: Compound) -> list[FeeSchedule]:
    """Every schedule of the compound, the newest first."""
    query = select(FeeSchedule).where(FeeSchedule.compound_id == compound.id)
    return list(db.session.scalars(query.order_by(FeeSchedule.effective_from.desc())))


@built_once
def _fee_in_force():
    return (
        select(FeeSchedule)
        .where(
            FeeSchedule.compound_id == bindparam("compound_id"),
            FeeSchedule.effective_from <= bindparam("day"),
        )
        .order_by(FeeSchedule.effective_from.desc())
        .limit(1)
    )


def fee_in_force(compound: Compound, day: date) -> FeeSchedule | None:
    return db.session.scalar(_fee_in_force(), {"compound_id": compound.id, "day": day})


def fee_text(schedule: FeeSchedule) -> str:
    """ "物业费 每户每月 50.00 元，停车费 每个车位每月 30.00 元" in the current language."""
    return _(
        "Property fee %(fee)s yuan %(basis)s; parking %(parking)s yuan per space a month",
        fee=yuan(schedule.property_fee_fen),
        basis=FEE_BASIS_LABELS[schedule.property_fee_basis],
        parking=yuan(schedule.parking_fee_fen),
    )


def set_fees(
    compound: Compound,
    *,
    effective_from: date,
    property_fee_fen: int,
    basis: FeeBasis,
    parking_fee_fen: int,
    decided_by: str,
    decision_url: str = "",
    actor: User,
    now: datetime | None = None,
) -> FeeSchedule:
    """A new fee schedule from a date, with the decision that set it; posted on the board."""
    decided_by = (decided_by or "").strip()
    if not decided_by or len(decided_by) > MAX_DECIDED_BY:
        raise DomainError(_l("Say which decision set the fees: the meeting item or the committee decision."))
    decision_url = (decision_url or "").strip()
    if decision_url and not is_portal_path(decision_url):
        raise DomainError(
            _l("Give the address of the meeting item or decision in the portal, starting with /.")
        )
    if effective_from < EARLIEST:
        raise DomainError(_l("The date must be in 2000 or later."))
    if not (0 <= property_fee_fen <= MAX_FEE_FEN and 0 <= parking_fee_fen <= MAX_FEE_FEN):
        raise DomainError(_l("A fee must be from 0 to 1,000 yuan a month."))
    taken = exists().where(
        FeeSchedule.compound_id == compound.id, FeeSchedule.effective_from == effective_from
    )
    if db.session.scalar(select(taken)):
        raise ConflictError(_l("A schedule already takes effect on that day."))
    schedule = FeeSchedule(
        compound_id=compound.id,
        effective_from=effective_from,
        property_fee_fen=property_fee_fen,
        property_fee_basis=FeeBasis(basis),
        parking_fee_fen=parking_fee_fen,
        decided_by=decided_by,
        decision_url=decision_url,
        recorded_by_id=actor.id,
        recorded_at=now or utcnow(),
    )
    try:
        # Two keepers recording the same day at once: the second is refused, not a 500.
        with db.session.begin_nested():
            db.session.add(schedule)
            db.session.flush()
    except IntegrityError as error:
        raise ConflictError(_l("A schedule already takes effect on that day.")) from error
    schedule.notice_id = _post_fees(compound, schedule, actor, now).id
    audit.record(
        "fee_schedule_set", schedule, after=_fees_snapshot(schedule), compound_id=compound.id, actor=actor
    )
    return schedule


def _fees_snapshot(schedule: FeeSchedule) -> dict:
    return {
        "effective_from": schedule.effective_from.isoformat(),
        "property_fee": yuan(schedule.property_fee_fen),
        "basis": schedule.property_fee_basis.value,
        "parking_fee": yuan(schedule.parking_fee_fen),
        "decided_by": schedule.decided_by,
        "decision_url": schedule.decision_url,
    }


def _post_fees(compound: Compound, schedule: FeeSchedule, actor: User, now: datetime | None):
    with force_locale("zh_Hans_CN"):
        title = _("Fee schedule from %(day)s", day=schedule.effective_from.isoformat())
        body = _(
            "From %(day)s: %(fees)s. Decided by: %(decision)s.",
            day=schedule.effective_from.isoformat(),
            fees=fee_text(schedule),
            decision=schedule.decided_by,
        )
    return publish_notice(
        compound,
        title=title,
        body=body,
        category=NoticeCategory.DECISION,
        publisher=actor,
        source=("fees", schedule.id),
        now=now,
    )


def record_contract(
    compounds: list[Compound],
    *,
    provider: str,
    starts_on: date,
    ends_on: date | None,
    service_standard: str = "",
    decided_by: str = "",
    actor: User | None,
) -> ServiceContract:
    """A service contract for one or more compounds (consolidated management, 连片)."""
    provider = (provider or "").strip()
    if not compounds or not provider or len(provider) > 200:
        raise DomainError(_l("A contract needs its provider and at least one compound."))
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_l("The contract must end after it starts."))
    if actor is not None:
        from portal.auth.permissions import can_manage_fees

        refused = [c.name for c in compounds if not can_manage_fees(actor, c)]
        if refused:
            raise DomainError(
                _l(
                    "You may not record contracts for %(compounds)s.",
                    compounds="、".join(refused),
                )
            )
    contract = ServiceContract(
        provider=provider,
        starts_on=starts_on,
        ends_on=ends_on,
        service_standard=(service_standard or "").strip(),
        decided_by=(decided_by or "").strip()[:MAX_DECIDED_BY],
        recorded_by_id=actor.id if actor else None,
        compounds=list(compounds),
    )
    db.session.add(contract)
    db.session.flush()
    for compound in compounds:
        audit.record(
            "service_contract_recorded",
            contract,
            after={"provider": provider, "starts_on": starts_on.isoformat(), "compounds": len(compounds)},
            compound_id=compound.id,
            actor=actor,
        )
    return contract


def contracts_of(compound: Compound) -> list[ServiceContract]:
    """The compound's contracts, the latest first, with every compound each one covers."""
    query = (
        select(ServiceContract)
        .join(contract_compounds, contract_compounds.c.contract_id == ServiceContract.id)
        .where(contract_compounds.c.compound_id == compound.id)
        .options(selectinload(ServiceContract.compounds))
        .order_by(ServiceContract.starts_on.desc())
    )
    return list(db.session.scalars(query))


def change_mode(
    compound: Compound, *, mode: ManagementMode, provider: str, started_on: date, note: str = "", actor: User
):
    """A new management mode from a date (the history is kept); posted on the board."""
    before = compound.current_management
    period = start_management_period(compound, ManagementMode(mode), provider, started_on, note)
    with force_locale("zh_Hans_CN"):
        title = _("Management mode from %(day)s", day=started_on.isoformat())
        body = _(
            "From %(day)s the compound is managed as: %(mode)s (%(provider)s).",
            day=started_on.isoformat(),
            mode=MODE_LABELS[period.mode],
            provider=period.provider or "—",
        )
    publish_notice(compound, title=title, body=body, category=NoticeCategory.DECISION, publisher=actor)
    audit.record(
        "management_mode_changed",
        compound,
        before={"mode": before.mode.value, "provider": before.provider} if before else None,
        after={"mode": period.mode.value, "provider": period.provider, "started_on": started_on.isoformat()},
        compound_id=compound.id,
        actor=actor,
    )
    return period
