"""Both ends of a ranking said by their places: "the gap between the first and the last",
"l'écart entre le premier et le dernier" asks what "the biggest and the smallest" asks."""

from __future__ import annotations

from knowledge.parse.items import Item

FIRST, LAST = 1, -1


def read_both_ends(items: list[Item]) -> list[Item]:
    """The items, with "first" and "last" said together read as "most" and "least"."""
    places = {item.value for item in items if item.kind == "ordinal"}
    if places != {FIRST, LAST}:
        return items  # one place, or others ("the second and the last"): places as said
    ends = {FIRST: "most", LAST: "least"}
    return [
        Item(ends[int(str(x.value))], x.value, x.start, x.end) if x.kind == "ordinal" else x
        for x in items
    ]
