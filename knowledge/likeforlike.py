"""A sum's change, like for like: "how much did total purchases grow?" adds up twelve figures in
one year and six in the next; the change of those with a figure in both years is said as well."""

from __future__ import annotations

from knowledge.parse.question import Query
from knowledge.population import Population


def both_periods(before: Population, after: Population) -> tuple[Population, Population] | None:
    """The figures of those with one in both periods (same order in each), when the two sums do
    not cover the same ones; None when they do, or when nobody has both."""
    old = {f.entity: f for f in before.facts}
    new = {f.entity: f for f in after.facts}
    both = [entity for entity in new if entity in old]
    if old.keys() == new.keys() or not both:
        return None
    return Population(tuple(old[e] for e in both)), Population(tuple(new[e] for e in both))


def asks_like_for_like(q: Query) -> bool:
    """ "What was the total growth for the 6 companies with both years?": the sum's change over
    only those with a figure in both periods (said of the ones counted, after them)."""
    if not q.has("two_periods") or not q.has("change", "decline"):
        return False  # most questions: neither a change nor both years
    # ("the Chinese companies with both years": a group said with the noun counts as the noun)
    said = ("entity_noun", "group") if q.entity_noun else ("entity_noun",)
    noun = next((x.start for x in q.items if x.kind in said), None)
    both = next((x.start for x in q.items if x.kind == "two_periods"), None)
    return noun is not None and both is not None and noun < both
