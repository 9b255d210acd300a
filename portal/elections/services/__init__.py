"""The election's rules and writes, by topic: elections (settings, list, final), candidates
(nominations), ballots (every channel), counting, and the committee's terms."""

from portal.elections.services.ballots import (  # noqa: F401
    ballots_by_receipt,
    changes_by_receipt,
    enter_ballot,
    last_changes,
    own_ballots,
    read_candidates,
    voting_groups,
)
from portal.elections.services.candidates import nominate_owner, nominate_self, reject  # noqa: F401
from portal.elections.services.counting import count  # noqa: F401
from portal.elections.services.elections import (  # noqa: F401
    Settings,
    cancel,
    create_election,
    elections_of,
    finalise,
    objections_close_at,
    open_nominations,
    publish_list,
    standing_candidates,
    status_of,
)
from portal.elections.services.objections import (  # noqa: F401
    answer_objection,
    correct_ballot,
    file_objection,
    in_objection_period,
    objections_of,
    void_ballot,
    voided_ballots_of,
)
from portal.elections.services.online import cast_online  # noqa: F401
from portal.elections.services.terms import (  # noqa: F401
    assign_posts,
    current_term,
    has_chair,
    mark_cross_post,
    member_leaves,
    record_filing,
    reminders,
    running_term,
    start_term,
    terms_of,
)
