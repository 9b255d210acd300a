"""The owners' assembly's rules and writes, by topic: meetings (draft, notice, cancel, final),
ballots (every channel, receipts, the register), online votes and objections (and corrections).

Everything public is importable from here, so callers need not know the split.
"""

from portal.assembly.services.ballots import (  # noqa: F401
    ballots_by_receipt,
    ballots_changed,
    ballots_of,
    closing_day,
    counted_by,
    enter_ballot,
    log_inspection,
    read_choices,
    register_of,
    require_paper_entry,
    require_voting,
)
from portal.assembly.services.meetings import (  # noqa: F401
    MAX_VOTING_DAYS,
    MIN_VOTING_DAYS,
    ItemDraft,
    cancel,
    create_meeting,
    earliest_opening,
    finalise,
    meetings_of,
    objections_close_at,
    publish,
    settings_of,
    status_of,
    update_draft,
)
from portal.assembly.services.objections import (  # noqa: F401
    MAX_TEXT,
    answer_objection,
    correct_ballot,
    file_objection,
    in_objection_period,
    objections_of,
    void_sheet,
)
from portal.assembly.services.online import (  # noqa: F401
    cast_online,
    check_online,
    groups_with_ballots,
    voting_groups,
)
from portal.assembly.services.receipts import (  # noqa: F401
    changes_by_receipt,
    changes_of,
    last_changes,
    own_vote,
    receipts_of,
)
