"""What a question's numbers and place words are: a figure to look up or a count of those asked
("the 4 companies"); a place next to another ("after Meta") or what is left ("left after")."""

from __future__ import annotations

from knowledge.parse.items import Item
from knowledge.parse.question import Query


def beside(q: Query) -> bool:
    """Whether one next to another in a ranking is asked: "after", not "what's left after"."""
    return q.has("behind", "ahead", "closer") and not q.has("the_rest")


def bar_said(q: Query) -> bool:
    """Whether a number is said that is a figure, not a count of those asked ("the 4 companies")."""
    return bool(q.numbers) and (bool(bar_numbers(q)) or not q.items)


def bar_numbers(q: Query) -> list[Item]:
    """The numbers said that are not a count of the things asked about ("all 6 companies")."""
    pairs = zip(q.items, [*q.items[1:], None], strict=False)  # (no items: numbers carried over)
    return [
        a
        for a, b in pairs
        if a.kind == "number"
        and a.value in q.numbers
        and not (b is not None and b.kind == "entity_noun" and b.start == a.end)
    ]
