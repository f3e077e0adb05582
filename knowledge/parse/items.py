"""A recognised span of a question: what the parser found between two token positions."""

from __future__ import annotations

from dataclasses import dataclass

# the kinds that set one name against another: "and", "or", "vs", "et", "ou"
JOINS = frozenset({"compare", "followup"})
# the kinds that compare with a bar: "more than", "less", "at least", "au plus"
COMPARATIVE = ("more_than", "less_than", "more", "less", "at_least", "at_most")


@dataclass(slots=True)
class Item:
    """One recognised span of the question."""

    kind: str  # concept name, "entity", "group", "metric", "verb", "partial", "number", ...
    value: object
    start: int
    end: int
