"""Exports of a meeting's ballot register and tally, as CSV (UTF-8 with BOM, for Excel) and
XLSX (openpyxl)."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _
from openpyxl import Workbook

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


def _cell(value):
    """Text that a spreadsheet would run as a formula (=, +, -, @) is kept as plain text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _safe(rows: list[list]) -> list[list]:
    return [[_cell(value) for value in row] for row in rows]


def as_csv(rows: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(_safe(rows))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(rows: list[list], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for row in _safe(rows):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
