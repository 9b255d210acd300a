"""The rows of a meeting's exports: the ballot register and the tally (written as CSV or XLSX
by `portal.tabular.download`)."""

from __future__ import annotations

from flask_babel import gettext as _

from portal.assembly.labels import CHANNEL_LABELS, CHOICE_LABELS
from portal.assembly.models import VOTER_CHOICES, Ballot
from portal.assembly.tally import MeetingTally, area


def register_rows(ballots: list[Ballot]) -> list[list]:
    header = [_("Owner key"), _("Units"), _("Item"), _("Channel"), _("Choice")]
    rows = [
        [
            b.owner.owner_key,
            b.owner.units,
            b.item.number,
            str(CHANNEL_LABELS[b.channel]),
            str(CHOICE_LABELS[b.choice]),
        ]
        for b in ballots
    ]
    return [header, *rows]


def tally_rows(result: MeetingTally) -> list[list]:
    header = [_("Item"), _("Rule"), _("Taking part (owners)"), _("Taking part (m²)")]
    for choice in VOTER_CHOICES:
        label = str(CHOICE_LABELS[choice])
        header += [_("%(choice)s (owners)", choice=label), _("%(choice)s (m²)", choice=label)]
    header += [_("Quorum met"), _("Passed")]
    rows = []
    for item in result.items:
        row = [item.number, item.rule.value, item.participating_owners, area(item.participating_area)]
        for choice in VOTER_CHOICES:
            hundredths, owners = item.figures(choice)
            row += [owners, area(hundredths)]
        row += [item.quorum_met, item.passed]
        rows.append(row)
    return [header, *rows]
