"""Services of the public ledger: recording and reversing entries, publishing months, and the
accounts and summaries that the pages, the API and the exports show."""

from portal.ledger.services import accounts  # noqa: F401
from portal.ledger.services.accounts import (  # noqa: F401
    MonthAccount,
    balance_before,
    entries_of,
    entries_of_year,
    month_account,
    month_summary,
    monthly_summaries,
    published_periods,
    published_through,
    yearly_summaries,
)
from portal.ledger.services.entries import publish_month, record_entry, reverse_entry  # noqa: F401
