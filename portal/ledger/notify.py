"""What the ledger tells others: a published month's statement goes on the compound's board
as a finance notice for its owners (who are told of it by the notices' own telling)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from portal.auth.models import User
from portal.ledger import rules
from portal.ledger.services.accounts import month_account
from portal.notices.models import Notice, NoticeCategory
from portal.notices.services import publish_notice
from portal.places.models import Compound


def statement_text(compound: Compound, period: int) -> tuple[str, str]:
    """The notice's title and body: the month's figures and where to read every entry."""
    summary = month_account(compound, period).summary
    with force_locale("zh_Hans_CN"):
        title = _("%(compound)s ledger for %(month)s", compound=compound.name, month=rules.month_text(period))
        body = _(
            "Balance brought forward: %(opening)s yuan. Income: %(income)s yuan. Spending: "
            "%(spending)s yuan. Balance carried forward: %(closing)s yuan. Every entry, with its "
            "voucher, is on the ledger page: %(path)s",
            opening=rules.yuan_grouped(summary.opening),
            income=rules.yuan_grouped(summary.income),
            spending=rules.yuan_grouped(summary.spending),
            closing=rules.yuan_grouped(summary.closing),
            path=f"/ledger/compounds/{compound.id}?month={rules.month_text(period)}",
        )
    return title, body


def post_statement(compound: Compound, period: int, actor: User, now: datetime) -> Notice:
    """Post the month's statement for the owners, once per month (the source makes it so)."""
    title, body = statement_text(compound, period)
    return publish_notice(
        compound,
        title=title,
        body=body,
        category=NoticeCategory.FINANCE,
        publisher=actor,
        owners_only=True,
        source=("ledger", compound.id, period),
        now=now,
    )
