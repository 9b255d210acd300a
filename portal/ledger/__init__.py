"""The public ledger (收支公示): a compound's income and spending of the common parts, month by
month, published to its owners and locked once published."""

from flask import Blueprint

bp = Blueprint("ledger", __name__, url_prefix="/ledger")

from portal.ledger import audit_actions, panels, routes, todo  # noqa: E402,F401


@bp.app_template_filter("yuan")
def yuan_filter(fen: int) -> str:
    """Fen as yuan for reading: 123456 → "1,234.56"."""
    from portal.ledger.rules import yuan_grouped

    return yuan_grouped(fen)


@bp.app_template_filter("month_text")
def month_text_filter(period: int) -> str:
    """202611 → "2026-11"."""
    from portal.ledger.rules import month_text

    return month_text(period)
