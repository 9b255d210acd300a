"""Audit actions of management and fees: fee schedules, service contracts and mode changes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, select

from portal.audit import Field, action_group, register_action, register_subject
from portal.audit.formats import choice
from portal.extensions import db
from portal.management.models import FEE_BASIS_LABELS, FeeSchedule, ServiceContract
from portal.management.services import MODE_LABELS
from portal.statements import built_once

MANAGEMENT = action_group("management", _l("Management and fees"))


def fee_labels(ids: list[int]) -> dict[int, str]:
    return {i: day.isoformat() for i, day in db.session.execute(_fees(), {"ids": ids})}


@built_once
def _fees() -> Select:
    return select(FeeSchedule.id, FeeSchedule.effective_from).where(
        FeeSchedule.id.in_(bindparam("ids", expanding=True))
    )


def contract_labels(ids: list[int]) -> dict[int, str]:
    return dict(db.session.execute(_contracts(), {"ids": ids}).all())


@built_once
def _contracts() -> Select:
    return select(ServiceContract.id, ServiceContract.provider).where(
        ServiceContract.id.in_(bindparam("ids", expanding=True))
    )


register_subject("FeeSchedule", fee_labels, label=_l("Fee schedule"))
register_subject("ServiceContract", contract_labels, label=_l("Service contract"))
MODES = choice({m.value: label for m, label in MODE_LABELS.items()})

register_action(
    "fee_schedule_set",
    MANAGEMENT,
    _l("set the fees from %(effective_from)s: property %(property_fee)s yuan, parking %(parking_fee)s yuan"),
    label=_l("Fee schedule set"),
    fields={
        "effective_from": Field(_l("Takes effect on")),
        "property_fee": Field(_l("Property fee (yuan)")),
        "basis": Field(_l("Charged"), choice({b.value: label for b, label in FEE_BASIS_LABELS.items()})),
        "parking_fee": Field(_l("Parking fee per space a month (yuan)")),
        "decided_by": Field(_l("Decided by")),
        "decision_url": Field(_l("Page of the decision in the portal (optional)")),
    },
)
register_action(
    "service_contract_recorded",
    MANAGEMENT,
    _l("recorded a service contract with %(provider)s from %(starts_on)s"),
    label=_l("Service contract recorded"),
    fields={
        "provider": Field(_l("Property company or service centre")),
        "starts_on": Field(_l("Contract starts")),
        "compounds": Field(_l("Compounds")),
    },
)
register_action(
    "management_mode_changed",
    MANAGEMENT,
    _l("changed the management mode to %(mode)s from %(started_on)s"),
    label=_l("Management mode changed"),
    fields={
        "mode": Field(_l("Management mode"), MODES),
        "provider": Field(_l("Managed by")),
        "started_on": Field(_l("From")),
    },
)
