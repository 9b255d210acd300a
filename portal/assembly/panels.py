"""The assembly on other capabilities' pages: its panel on the compound page and the
compounds' assembly status for lists."""

from __future__ import annotations

from sqlalchemy import Select, bindparam, select

from portal.assembly.models import ASSEMBLY_STATUS_LABELS, Assembly, AssemblyStatus
from portal.assembly.services import settings_of
from portal.auth.permissions import can_view_meetings
from portal.extensions import db
from portal.panels import compound_fact, compound_panel
from portal.statements import built_once


@compound_panel("assembly", order=20, template="assembly/_panel.html")
def assembly_panel(compound, user) -> dict:
    """The assembly's state, the way to its establishment page and, for those who may see
    them, to its meetings."""
    status = settings_of(compound).status
    return {
        "status_label": ASSEMBLY_STATUS_LABELS[status],
        "meetings_visible": can_view_meetings(user, compound),
    }


@compound_fact("assembly_status")
def assembly_statuses(compounds) -> dict[int, str]:
    """Each compound's assembly status ("none" where no assembly record exists yet)."""
    ids = [compound.id for compound in compounds]
    rows = db.session.execute(_assembly_statuses(), {"ids": ids})
    found = {compound_id: AssemblyStatus(status).value for compound_id, status in rows}
    return {compound_id: found.get(compound_id, AssemblyStatus.NONE.value) for compound_id in ids}


@built_once
def _assembly_statuses() -> Select:
    return select(Assembly.compound_id, Assembly.status).where(
        Assembly.compound_id.in_(bindparam("ids", expanding=True))
    )
