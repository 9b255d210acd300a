"""How capabilities show themselves on pages that belong to others, without those pages
importing them: panels on a compound's page, and facts about compounds (a compound's assembly
status, its open complaints...) for lists and overviews.

A capability registers its panel or fact once, at import:

    @compound_panel("assembly", order=20, template="assembly/_panel.html")
    def assembly_panel(compound, user) -> dict | None: ...   # None: nothing to show

    @compound_fact("assembly_status")
    def assembly_statuses(compounds) -> dict[int, str]: ...  # one query for all compounds
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    """A section of the compound page: its template and the function giving its context."""

    name: str
    order: int
    template: str
    context: Callable[[Any, Any], dict | None]


_panels: dict[str, Panel] = {}
_facts: dict[str, Callable[[list], dict[int, Any]]] = {}


def compound_panel(name: str, *, order: int, template: str) -> Callable:
    """Register a panel of the compound page; the decorated function takes the compound and
    the visitor and returns the template's context, or None to show nothing."""

    def register(context: Callable) -> Callable:
        _panels[name] = Panel(name, order, template, context)
        return context

    return register


def panels_for(compound, user) -> list[tuple[Panel, dict]]:
    """The panels to show on this compound's page for this visitor, in order."""
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        context = panel.context(compound, user)
        if context is not None:
            shown.append((panel, context))
    return shown


def compound_fact(name: str) -> Callable:
    """Register a fact about compounds: a function from a list of compounds to
    {compound id: value}, answered in a constant number of queries."""

    def register(function: Callable) -> Callable:
        _facts[name] = function
        return function

    return register


def facts(name: str, compounds: Iterable) -> dict[int, Any]:
    """The registered fact for these compounds (empty when no capability provides it)."""
    compounds = list(compounds)
    provider = _facts.get(name)
    return provider(compounds) if provider and compounds else {}
