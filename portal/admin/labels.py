"""Readable names of audit actions and subjects for the audit trail page."""

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "claim_filed": _l("Claim filed"),
    "claim_verified": _l("Claim verified"),
    "claim_rejected": _l("Claim rejected"),
    "claim_reopened": _l("Claim sent back for verification"),
    "role_granted": _l("Role granted"),
    "role_revoked": _l("Role revoked"),
    "roster_imported": _l("Roster imported"),
    "paper_ballots_imported": _l("Paper ballots imported from a file"),
    "password_changed": _l("Password changed"),
}

SUBJECT_LABELS = {
    "UnitClaim": _l("Claim"),
    "RoleGrant": _l("Role"),
    "Compound": _l("Compound"),
    "User": _l("Account"),
}
