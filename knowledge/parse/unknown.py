"""Unknown words that stand where a name would: "did xai buy", "Meta and OpenAI", "French firms".

Tally must not answer about everyone else when a question names someone it has no figures for. A
word it does not know is read as such a name when it stands where a name stands: right before a
figure's verb with no known name in the question ("how many chips did xai buy?"), joined to a known
name ("Meta and OpenAI", "Tesla or SpaceX"), or right before a word for the things figures are
about ("the French companies").
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.parse.items import Item

_JOINS = frozenset({"followup", "compare"})  # "and", "or", "vs", "et", "ou"
_NAMED = frozenset({"entity", "group"})


def unknown_names(items: Sequence[Item]) -> list[str]:
    """The unknown words of a question that stand where a name would."""
    found: list[str] = []
    for n, item in enumerate(items):
        if item.kind != "unknown":
            continue
        named = any(x.kind in _NAMED for x in items[:n])  # a subject named before it
        before = items[n - 1] if n > 0 else None
        after = items[n + 1] if n + 1 < len(items) else None
        if _stands_for_a_name(before, after, items, n, named):
            found.append(str(item.value))
    return found


def _stands_for_a_name(
    before: Item | None, after: Item | None, items: Sequence[Item], n: int, named: bool
) -> bool:
    if after is not None and after.kind == "entity_noun" and after.start == items[n].end:
        return True  # "the French companies": a group it does not know
    if after is not None and after.kind == "verb" and not named:
        return True  # "how many chips did xai buy?", "did OpenAI spend more than Google?"
    joined_after = after is not None and after.kind in _JOINS and _name_at(items, n + 2)
    joined_before = before is not None and before.kind in _JOINS and _name_at(items, n - 2)
    return joined_after or joined_before  # "Meta and OpenAI", "Tesla or SpaceX"


def _name_at(items: Sequence[Item], n: int) -> bool:
    return 0 <= n < len(items) and items[n].kind in _NAMED
