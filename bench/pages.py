"""What bench/run.py measures: the pages (`PAGES`, one line each), and the people and numbers
the benchmark database is built with (bench/fixture.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

PASSWORD = "Bench2026pass"
COMMITTEE_PHONE = "13500000000"
ADMIN_PHONE = "13500000001"
#: The first verified owner of compound 1 (see build_database: every tenth claim is pending).
OWNER_PHONE = "13700000001"
#: How many different owners the POSTs rotate through (each request is another person).
VOTERS = 500
SESSIONS = 19  # volunteering sessions (prime, so owner x session pairs repeat late)
NOTICES = 30
#: Requests written into a rotating wrk script at most (a POST repeated beyond this repeats).
MAX_REQUESTS = 9500


#: The complaint form as a resident fills it in (`{compound}` is the fixture's compound).
COMPLAINT_FORM = {
    "compound": "{compound}",
    "category": "repairs",
    "respondent": "property_company",
    "description": "电梯经常停运，物业维修不及时，请调解站协调。",
    "contact_method": "phone",
    "mediation_consent": "y",
}


@dataclass(frozen=True)
class Page:
    """One thing to measure. `path` is formatted with the fixture (`{compound}`, `{meeting}`,
    ...; a fixture value that is a list takes its next element on each request). `who`: nobody
    (anonymous), "owner", "committee", "admin", "owners" (a different owner each request) or
    "api-owners" (the same with bearer tokens), "mediator". `kind` picks the anchor: "write" (a
    POST that records something), "read" (a signed-in page), "public" or "login" (hello only).
    `form`: the POST's fields (values formatted with the fixture; a list is sent as repeated
    fields), or {"vote": "all"} for the meeting's ballot."""

    name: str
    path: str
    kind: str = "read"
    who: str = "owner"
    method: str = "GET"
    form: dict = field(default_factory=dict)
    cold: bool = False  # served with the public page cache off (every request renders)
    rows: int = 0  # a list's rows (bench/profile_pages.py gives a list of 50 or more its budget)
    app: str = "wsgi:app"  # what gunicorn serves it from (bench/floor.py: the portal plus the floor)


PAGES = [
    # Public pages, with the page cache warm (as in production) and cold.
    Page("home page", "/", "public", who=""),
    Page("home page, cold cache", "/", "public", who="", cold=True),
    Page("compound page", "/places/compounds/{compound}", "public", who=""),
    Page("compound page, cold cache", "/places/compounds/{compound}", "public", who="", cold=True),
    Page("notice board", "/notices/compounds/{compound}", "public", who=""),
    Page("notice board, cold cache", "/notices/compounds/{compound}", "public", who="", cold=True),
    # Signed-in pages. First the floor under all of them: the layout with an empty content block.
    Page("the layout alone (empty page)", "/bench/floor", app="bench.floor:serve()"),
    Page("to-do home", "/"),
    Page("inbox", "/notifications/"),
    Page("notice board (owner)", "/notices/compounds/{compound}"),
    Page("notice", "/notices/{notice}"),
    Page("meetings of the compound", "/assembly/compounds/{compound}"),
    Page("meeting page", "/assembly/meetings/{meeting}"),
    Page("meeting page (committee)", "/assembly/meetings/{meeting}", who="committee"),
    Page("ballot page", "/assembly/meetings/{meeting}/vote"),
    Page("my receipts", "/assembly/receipts"),
    Page("verification queue (50 claims)", "/registration/review/{compound}", who="committee", rows=50),
    Page("volunteering", "/volunteering/"),
    Page("volunteering activity", "/volunteering/activities/{activity}"),
    Page("my volunteering", "/volunteering/me"),
    Page("check-in list", "/volunteering/sessions/{first_session}/check-in", who="committee"),
    Page("admin audit page (50 records)", "/admin/audit", who="admin", rows=50),
    Page("committee elections of the compound", "/elections/compounds/{compound}"),
    Page("election page (open for voting)", "/elections/{election}"),
    Page("election ballot page", "/elections/{election}/vote"),
    Page("the committee's page", "/elections/committee/{compound}"),
    Page("my complaints", "/mediation/"),
    Page("complaint page", "/mediation/complaints/{complaint}"),
    Page(
        "mediation queue (50 complaints)", "/mediation/offices/{street_office}/queue", who="mediator", rows=50
    ),
    Page("residents' forum (50 topics)", "/forum/compounds/{compound}", rows=50),
    Page("forum topic (20 replies)", "/forum/topics/{topic}"),
    Page(
        "public ledger (a month of 60 entries)", "/ledger/compounds/{compound}?month={ledger_month}", rows=60
    ),
    Page("management and fees", "/management/compounds/{compound}"),
    Page("overview (20 compounds a page)", "/management/overview", who="admin"),
    # POSTs that record something (each request by another owner).
    Page("online vote POST", "/assembly/meetings/{meeting}/vote", "write", "owners", "POST", {"vote": "all"}),
    Page(
        "vote API POST", "/api/v1/meetings/{meeting}/ballots", "write", "api-owners", "POST", {"vote": "all"}
    ),
    Page("volunteering sign-up POST", "/volunteering/sessions/{session}/signup", "write", "owners", "POST"),
    Page(
        "election vote POST",
        "/elections/{election}/vote",
        "write",
        "owners",
        "POST",
        {"candidates": "{candidates}"},
    ),
    Page("complaint filing POST", "/mediation/new", "write", "owners", "POST", COMPLAINT_FORM),
    Page(
        "forum reply POST",
        "/forum/topics/{reply_topic}",
        "write",
        "owners",
        "POST",
        {"body": "同意，建议尽快维修。"},
    ),
    # Signing in: bounded by the password hash.
    Page("login POST", "/auth/login", "login", who=""),
]
