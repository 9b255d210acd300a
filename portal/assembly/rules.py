"""The counting rules of the owners' assembly, as pure functions (DESIGN §3).

Civil Code Art. 278 with 法释〔2009〕7号 Art. 8–9. Everything is compared in integers: areas in
hundredths of a square metre, headcounts in owner groups. "以上" includes the bound (Civil Code
Art. 1259); "过半数" is strictly more than half. Silent owners are never counted as agreeing.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Matter(enum.StrEnum):
    """The nine matters of Civil Code Art. 278, para. 1."""

    RULES_OF_PROCEDURE = "rules_of_procedure"
    COVENANT = "covenant"
    COMMITTEE = "committee"
    PROPERTY_COMPANY = "property_company"
    FUND_USE = "fund_use"
    FUND_RAISE = "fund_raise"
    REBUILD = "rebuild"
    COMMON_PARTS = "common_parts"
    OTHER_MAJOR = "other_major"


#: Matters 6–8 of Art. 278 need three quarters of the participants; all others a majority.
THREE_QUARTER_MATTERS = frozenset({Matter.FUND_RAISE, Matter.REBUILD, Matter.COMMON_PARTS})


class Rule(enum.StrEnum):
    MAJORITY = "majority"
    THREE_QUARTERS = "three_quarters"


def rule_for(matter: Matter) -> Rule:
    """Which passing rule a matter is decided by."""
    return Rule.THREE_QUARTERS if matter in THREE_QUARTER_MATTERS else Rule.MAJORITY


def quorum_met(
    participating_area: int, participating_owners: int, total_area: int, total_owners: int
) -> bool:
    """Art. 278 para. 2: owners holding at least two thirds of the area AND at least two thirds
    of the owners take part (abstaining counts as taking part). An empty roster has no quorum."""
    if total_area <= 0 or total_owners <= 0:
        return False
    return 3 * participating_area >= 2 * total_area and 3 * participating_owners >= 2 * total_owners


def rule_met(
    rule: Rule, agree_area: int, agree_owners: int, participating_area: int, participating_owners: int
) -> bool:
    """Art. 278 para. 2: matters 6–8 need agreement of at least three quarters of the
    participating area AND owners; the others need more than half of both."""
    if participating_area <= 0 or participating_owners <= 0:
        return False
    if rule == Rule.THREE_QUARTERS:
        return 4 * agree_area >= 3 * participating_area and 4 * agree_owners >= 3 * participating_owners
    return 2 * agree_area > participating_area and 2 * agree_owners > participating_owners


#: A recorded choice that is not a voter's own decision: an item left empty on a paper ballot,
#: or a spoilt paper ballot (废票).
NOT_DECIDED = frozenset({"blank", "invalid"})


def counted_as(choice: str, blank_counts_as_abstain: bool) -> str | None:
    """How a recorded choice is counted: agree, oppose and abstain as they are; a blank item or
    an invalid paper ballot counts as abstaining (so as taking part) when the compound's rules
    of procedure (议事规则) say so, and otherwise not at all: by default leaving an item empty
    is not voting on it. Returns the choice it counts as, or None."""
    if choice in NOT_DECIDED:
        return "abstain" if blank_counts_as_abstain else None
    return choice


@dataclass(frozen=True)
class Verdict:
    quorum_met: bool
    passed: bool
    rule: Rule


def decide(
    matter: Matter,
    *,
    total_area: int,
    total_owners: int,
    participating_area: int,
    participating_owners: int,
    agree_area: int,
    agree_owners: int,
) -> Verdict:
    """The verdict on one item: it passes only when the quorum is met and its rule is met."""
    rule = rule_for(matter)
    quorum = quorum_met(participating_area, participating_owners, total_area, total_owners)
    passed = quorum and rule_met(rule, agree_area, agree_owners, participating_area, participating_owners)
    return Verdict(quorum, passed, rule)
