"""The rules of an owners' committee election, as pure functions (DESIGN §4.3, issue 11).

Whether a candidate is approved is the assembly's own rule for Art. 278 matter 3 (`committee`):
the meeting quorum and "more than half" of the participating area and owners
(`portal.assembly.rules.decide`). What is particular to elections lives here: the seat count,
the term, and how the qualified candidates fill the seats and the alternates' places.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from portal.assembly.rules import Matter, decide
from portal.errors import DomainError

#: A compound of at most this many households may elect a committee of three.
SMALL_COMPOUND_HOUSEHOLDS = 100
MIN_SEATS, MAX_SEATS, SMALL_SEATS = 5, 11, 3
MAX_TERM_YEARS = 5


class Outcome:
    ELECTED = "elected"
    ALTERNATE = "alternate"
    TIE = "tie"
    NOT_ELECTED = "not_elected"


def allowed_seats(households: int) -> tuple[int, ...]:
    """Seats are an odd number from 5 to 11; a compound of at most 100 households may also
    elect 3."""
    odd = tuple(range(MIN_SEATS, MAX_SEATS + 1, 2))
    return ((SMALL_SEATS,) if households <= SMALL_COMPOUND_HOUSEHOLDS else ()) + odd


def check_seats(seats: int, households: int) -> None:
    """Refuse a seat count the rule does not allow, saying the rule."""
    if seats not in allowed_seats(households):
        raise DomainError(
            _l(
                "The committee has an odd number of seats from 5 to 11, or 3 when the compound has "
                "at most 100 households (this one has %(households)d): %(seats)d is not allowed.",
                households=households,
                seats=seats,
            )
        )


def check_term(years: int) -> None:
    """A committee's term is at most five years (and at least one)."""
    if not 1 <= years <= MAX_TERM_YEARS:
        raise DomainError(_l("The committee's term is from 1 to %(max)d years.", max=MAX_TERM_YEARS))


def check_alternates(alternates: int) -> None:
    if not 0 <= alternates <= MAX_SEATS:
        raise DomainError(_l("The number of alternates is from 0 to %(max)d.", max=MAX_SEATS))


@dataclass(frozen=True)
class Figures:
    """One candidate's agreeing area (hundredths of m²) and owners."""

    candidate_id: int
    agree_area: int
    agree_owners: int


@dataclass(frozen=True)
class Standing:
    candidate_id: int
    agree_area: int
    agree_owners: int
    qualified: bool
    outcome: str


@dataclass(frozen=True)
class Result:
    quorum_met: bool
    open_seats: int
    standings: list[Standing]


def qualifies(
    figures: Figures,
    *,
    total_area: int,
    total_owners: int,
    participating_area: int,
    participating_owners: int,
) -> bool:
    """A candidate qualifies when the quorum is met and both their agreeing area and their
    agreeing owners are more than half of those taking part (the assembly's rule for matter 3)."""
    return decide(
        Matter.COMMITTEE,
        total_area=total_area,
        total_owners=total_owners,
        participating_area=participating_area,
        participating_owners=participating_owners,
        agree_area=figures.agree_area,
        agree_owners=figures.agree_owners,
    ).passed


def _fill(ranked: list[Figures], places: int) -> tuple[list[Figures], list[Figures], list[Figures]]:
    """The first `places` of `ranked`, unless the last of them ties (same owners and area) with
    the next: then the whole tie is set apart and none of it takes a place. Returns (placed,
    tied, rest)."""
    if places <= 0 or not ranked:
        return [], [], ranked
    if len(ranked) <= places:
        return ranked, [], []
    last, following = ranked[places - 1], ranked[places]
    key = (last.agree_owners, last.agree_area)
    if (following.agree_owners, following.agree_area) != key:
        return ranked[:places], [], ranked[places:]
    tied = [f for f in ranked if (f.agree_owners, f.agree_area) == key]
    placed = [f for f in ranked[:places] if (f.agree_owners, f.agree_area) != key]
    rest = ranked[len(placed) + len(tied) :]
    return placed, tied, rest


def elect(
    figures: list[Figures],
    *,
    seats: int,
    alternates: int,
    total_area: int,
    total_owners: int,
    participating_area: int,
    participating_owners: int,
) -> Result:
    """The result of an election (issue 11 §1): qualified candidates are ranked by agreeing
    owners, then agreeing area; the first `seats` are elected, unless the candidate at the last
    seat ties with the next: then every candidate of that tie is marked `tie`, none is elected
    and their seats stay open for a run-off (never drawn by lot). Alternates are the next
    qualified candidates, up to `alternates`, with the same tie rule. Open seats are reported."""
    shares = {
        "total_area": total_area,
        "total_owners": total_owners,
        "participating_area": participating_area,
        "participating_owners": participating_owners,
    }
    quorum = decide(Matter.COMMITTEE, agree_area=0, agree_owners=0, **shares).quorum_met
    qualified = {f.candidate_id for f in figures if quorum and qualifies(f, **shares)}
    ranked = sorted(
        (f for f in figures if f.candidate_id in qualified), key=lambda f: (-f.agree_owners, -f.agree_area)
    )
    elected, tied, rest = _fill(ranked, seats)
    alternate, tied_alternates, _rest = _fill(rest, alternates)
    outcome = {f.candidate_id: Outcome.ELECTED for f in elected}
    outcome |= {f.candidate_id: Outcome.TIE for f in tied + tied_alternates}
    outcome |= {f.candidate_id: Outcome.ALTERNATE for f in alternate}
    standings = [
        Standing(
            f.candidate_id,
            f.agree_area,
            f.agree_owners,
            f.candidate_id in qualified,
            outcome.get(f.candidate_id, Outcome.NOT_ELECTED),
        )
        for f in sorted(figures, key=lambda f: (-f.agree_owners, -f.agree_area, f.candidate_id))
    ]
    return Result(quorum, seats - len(elected), standings)


# --- the committee's term ----------------------------------------------------------------------

#: The first committee meeting chooses the chair and vice chair within 7 days of the election;
#: the term is filed (备案) with the street office within 30 days; the re-election is due
#: 3 months before the term ends.
FIRST_MEETING_DAYS, FILING_DAYS, REELECTION_MONTHS = 7, 30, 3


@dataclass(frozen=True)
class Reminder:
    code: str
    label: object
    due_on: date


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day when it has no such day)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate in range(day.day, 27, -1):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    return date(year, month + 1, min(day.day, 28))


def term_reminders(
    starts_on: date, ends_on: date, filed_on: date | None, *, has_chair: bool, today: date
) -> list[Reminder]:
    """What the committee still has to do for its term: choose the chair and vice chair at a
    first meeting (within 7 days), file with the street office (within 30 days), and prepare
    the re-election (from 3 months before the end)."""
    found = []
    if not has_chair:
        found.append(
            Reminder(
                "first_meeting",
                _l("Hold the first committee meeting to choose the chair and vice chair"),
                starts_on + timedelta(days=FIRST_MEETING_DAYS),
            )
        )
    if filed_on is None:
        found.append(
            Reminder(
                "filing",
                _l("File the new committee with the street office (备案)"),
                starts_on + timedelta(days=FILING_DAYS),
            )
        )
    reelection = months_before(ends_on, REELECTION_MONTHS)
    if today >= reelection:
        found.append(Reminder("reelection", _l("Call the re-election of the committee"), reelection))
    return found


# --- committee meetings ------------------------------------------------------------------------

#: A meeting's decisions are posted as notices within 3 days.
DECISION_NOTICE_DAYS = 3


def decision_adopted(votes_for: int, members: int) -> bool:
    """A committee decision needs the votes of more than half of ALL the committee's members
    (not only of those present)."""
    return members > 0 and 2 * votes_for > members


def check_votes(votes_for: int, votes_against: int, abstentions: int, present: int) -> None:
    """Only the members present vote, each once."""
    if min(votes_for, votes_against, abstentions) < 0 or votes_for + votes_against + abstentions > present:
        raise DomainError(
            _l("Only the %(present)d members present vote: the votes add up to more.", present=present)
        )
