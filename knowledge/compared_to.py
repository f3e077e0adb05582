"""A follow-up naming whom to set the last one against: "CoreWeave vs Lambda" - "and to Tesla?"
(CoreWeave against Tesla), "Tesla" - "how far behind Lambda?" (the gap between them), "Alibaba
and Baidu together" - "vs Tencent alone?" (their sum against Tencent)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.conversation import Conversation
from knowledge.parse.lang import vocabulary
from knowledge.parse.question import Query
from knowledge.reading import Side

if TYPE_CHECKING:
    from knowledge.plan import Plan

# one company's figures, which a gap can start from (its change or share is compared as such)
_ONE = ("figure", "entity_overview", "rank_position", "rank_neighbour")


def compared_to(plan: Plan, q: Query, context: Conversation) -> bool:
    """Set the last one(s) against those named, when the follow-up asks how they compare."""
    if not q.entities or q.groups or q.numbers or q.has("who", "total"):
        return False
    asks = q.has("compare", "difference") or _to_word_first(q)
    known = context.entities
    if asks and _group_total(context) and q.has("compare") and len(q.entities) == 1:
        # "Chinese companies 2024" - "vs Microsoft?": the group's sum against Microsoft's figure
        plan.sides = [Side(groups=tuple(context.groups)), Side(entities=tuple(q.entities))]
        plan.intent, plan.entities, plan.groups = (
            "comparison",
            list(q.entities),
            list(context.groups),
        )
        return True
    if not asks or not known or set(known) & set(q.entities):
        return False
    if context.intent == "total" and len(known) > 1 and q.has("compare"):
        # "Alibaba and Baidu together" - "vs Tencent alone?": their sum against Tencent's
        plan.sides = [Side(entities=tuple(known)), Side(entities=tuple(q.entities))]
        plan.intent, plan.entities = "comparison", [*known, *q.entities]
        return True
    if context.intent == "comparison" and len(known) > 1:
        subject = known[0]  # "how does CoreWeave compare to Lambda?" - "and to Tesla?"
    elif context.intent in _ONE and len(known) == 1 and q.has("difference", "compare"):
        subject = known[0]  # "Tesla" - "how far behind Lambda?"
    else:
        return False
    plan.intent, plan.entities = "comparison", [subject, *q.entities]
    return True


def _group_total(context: Conversation) -> bool:
    """The last answer was one group's sum, nobody in it named."""
    return context.intent == "total" and not context.entities and len(context.groups) == 1


def _to_word_first(q: Query) -> bool:
    """ "And to Tesla?", "et à Tesla ?": the word of a comparison right after "and"."""
    if not q.leading_followup or not q.items:
        return False
    after = q.items[0].end
    return after < len(q.said) and q.said[after].key in vocabulary().compared_to_words
