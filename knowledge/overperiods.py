"""Over the two years: "who bought the most over the two years?" ranks each one's two years
added up, and "Microsoft's Hopper purchases over the two years" is their sum and each year."""

from __future__ import annotations

from knowledge.parse.lang import vocabulary
from knowledge.parse.question import Query
from knowledge.plan import Plan

# what a question about the change says ("how did it change over the two years?")
_CHANGE_WORDS = ("change", "decline", "relative", "difference", "ratio", "slowest", "share")


def added_over(plan: Plan, q: Query) -> None:
    """Read "over"/"across"/"sur" said before the years as the years added up."""
    if len(plan.periods) < 2 or plan.problem is not None or not _over_said(q):
        return
    if plan.intent in ("superlative", "ranking") and not plan.entities and not plan.groups:
        plan.summed = True  # the leaders of the sums, as "over both years combined"
        return
    if plan.intent != "change" or q.has(*_CHANGE_WORDS) or plan.multiple or plan.growth_bar:
        return
    if plan.entities and not plan.extreme and not plan.summed:
        plan.intent = "total"  # each year, and the two added up


def _over_said(q: Query) -> bool:
    """Whether "over", "across" or "sur" opens the years ("over the two years")."""
    words = vocabulary().over_words
    for item in q.items:
        if item.kind not in ("two_periods", "every_period"):
            continue
        first = q.said[item.start].key if item.start < len(q.said) else ""
        before = q.said[item.start - 1].key if item.start > 0 else ""
        if first in words or before in words:
            return True
    return False
