""" "Did Lambda buy more H100s than Tesla?", « Meta a-t-elle acheté plus de puces que Google ? »:
two named set against each other in a question that wants a yes or a no, said first."""

from __future__ import annotations

from knowledge.model import Fact
from knowledge.parse.lang import vocabulary
from knowledge.parse.question import Query
from knowledge.plan import Plan

# what asks for an amount or a manner, not a yes or a no ("how many more …?", "compare …")
_NOT_YES_NO = ("how_many", "difference", "ratio", "compare", "who", "which_one")


def pair_asked(plan: Plan, query: Query) -> None:
    """Mark a comparison of two named as a yes or no question when it is asked as one."""
    if plan.intent != "comparison" or len(plan.entities) != 2 or plan.sides or plan.cross:
        return
    if query.has("tie") and not query.has("who", "which_one", "how_many") and _opens_yes_no(query):
        plan.pair_tie = True  # "are ByteDance and Tencent tied?": yes when level
        return
    # (« Google est-il plus gros que Meta ? »: the parser reads that "most" before a "than" as
    # "more", so the two sides are asked like "is Google bigger than Meta?")
    if not plan.sides_asked or plan.margin is not None or plan.percent or plan.factor:
        return
    if query.has(*_NOT_YES_NO):
        return
    if query.numbers or query.fraction is not None or query.ordinal is not None:
        return  # "more than an eighth of the market": a part, which this gap does not answer
    plan.pair_yes_no = _opens_yes_no(query)


def _opens_yes_no(query: Query) -> bool:
    """ "Did …", "is …", « est-ce que … », or a French inversion (« a-t-elle »)."""
    first = query.said[0].key if query.said else ""
    return first in vocabulary().yes_no_openers or query.has("pronoun")


def equal_key(plan: Plan) -> str:
    """The template of two level figures: "No" first to "did Meta buy more than Microsoft?",
    "Yes" to "are they tied?"."""
    if plan.pair_tie:
        return "comparison_equal_yes"
    return "comparison_equal_no" if plan.pair_yes_no else "comparison_equal"


def verdict_key(plan: Plan, big: Fact, small: Fact) -> str:
    """The template of the gap between two: with a yes or a no first when one is asked."""
    if plan.pair_tie:
        return "comparison_no"  # "are they tied?": no, one is ahead
    if not plan.pair_yes_no or not plan.entities:
        return "comparison_more"
    wanted = small if plan.direction == "min" else big  # "did Google buy fewer than Meta?"
    return "comparison_yes" if wanted.entity == plan.entities[0] else "comparison_no"
