"""Services of the mediation station (state changes flush; the request commits once)."""

from portal.mediation.services.cases import (  # noqa: F401
    add_information,
    complaints_of,
    discard_draft,
    draft_of,
    evidence,
    file_complaint,
    filed,
    load_case_details,
    next_number,
    party_timeline,
    post_message,
    rate,
    save_draft,
    timeline,
    withdraw,
)
from portal.mediation.services.deadlines import set_deadlines, station_of  # noqa: F401
from portal.mediation.services.handling import (  # noqa: F401
    accept,
    add_party,
    assign,
    assign_many,
    close,
    decline,
    extend,
    fail,
    mediators_of,
    record_agreement,
    record_judicial_application,
    record_listing,
    record_session,
    record_view,
)
from portal.mediation.services.queue import QueueFilter, overdue_cases, queue  # noqa: F401
from portal.mediation.services.statistics import case_rows, figures, months  # noqa: F401
