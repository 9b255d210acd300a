"""Volunteer service's rules applied and its writes, by topic: activities (organising and
cancelling), sign-ups (places, the waitlist, cancelling and promotion), attendance (check-in,
check-out, no-shows, corrections) and records (hours, stars, certificates, statistics).

Everything public is importable from here, so callers need not know the split.
"""

from portal.volunteering.services.activities import (  # noqa: F401
    SessionDraft,
    activities_of_compound,
    activity_counts,
    cancel_activity,
    create_activity,
    organised_by,
    sessions_to_check_in,
    upcoming_activities,
)
from portal.volunteering.services.attendance import (  # noqa: F401
    attendance_rows,
    check_in,
    check_in_by_code,
    check_out,
    correct_attendance,
    mark_no_show,
    session_roster,
)
from portal.volunteering.services.records import (  # noqa: F401
    VolunteerRecord,
    certificate_by_code,
    certificates_of,
    hours_by_month_and_category,
    issue_certificate,
    leaderboard,
    normalise_code,
    on_leaderboard,
    record_of,
    set_leaderboard,
    volunteer_communities,
)
from portal.volunteering.services.signups import (  # noqa: F401
    MinorDeclaration,
    SignupResult,
    cancel_signup,
    my_signup,
    overlapping,
    sign_up,
    waitlist_positions,
)
