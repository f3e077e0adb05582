""" "Amazon vs Google" - "and the market?": after a comparison, the stored whole named alone sets
the first one against it (its share of the whole), not the whole's figure on its own; after a
total ("the 4's server spending" - "vs the whole market"), the sum just given is set against it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.conversation import Conversation
from knowledge.parse.question import Query
from knowledge.view import KnowledgeView

if TYPE_CHECKING:
    from knowledge.plan import Plan


def against_the_whole(plan: Plan, q: Query, context: Conversation, view: KnowledgeView) -> None:
    """The first one compared, as a share of the whole just named, when the whole has a figure
    for the measure compared (else the whole's own answer says it has none)."""
    if plan.intent != "figure" or not _after_two_or_sum(context):
        return
    if not q.entities or q.metrics or q.partial_metrics or q.verb_metrics or q.groups:
        return
    wholes = [view.entities.get(e) for e in q.entities]
    if not all(whole is not None and whole.aggregate for whole in wholes):
        return
    measured = {f.metric for e in q.entities for f in view.by_entity.get(e, ())}
    if not measured & set(context.metrics):
        return
    plan.intent = "share"
    if context.intent == "total":
        # the same ones added up again, now as their part of the whole
        plan.entities = list(context.entities)
        plan.groups, plan.excluded = list(context.groups), list(context.excluded)
        plan.excluded_groups, plan.listed = list(context.excluded_groups), True
        return
    plan.entities = [context.entities[0], *q.entities]  # the whole is dropped as what it is of


def share_of_the_sum(plan: Plan, q: Query, context: Conversation, view: KnowledgeView) -> None:
    """ "Total server spending of the 4" - "what share?": the sum just given, as a part of the
    stored whole (only when the measure has one: else the sum is the whole)."""
    if plan.intent != "share" or plan.entities or plan.groups or plan.excluded:
        return
    if context.entities or not (context.intent == "total" or context.listed):
        return
    # ("the four's share" - "more than 40%?": a bar on that share, the same four)
    numbers = bool(q.numbers) and plan.share_bar is None
    if context.intent not in ("total", "share") or q.entities or q.groups or numbers:
        return
    if q.top_n is not None or q.ordinal is not None or q.has("each"):
        return
    if any(metric in context.metrics for metric, _ in view.aggregates):
        plan.listed = True


def _after_two_or_sum(context: Conversation) -> bool:
    """Whether the last answer set two against each other or added some up."""
    if context.intent == "total":
        return True
    return context.intent == "comparison" and len(context.entities) >= 2


# answers about a group's own figures: its sum, its change, its members ranked
_OF_A_GROUP = ("total", "change", "ranking")


def group_share_of_all(plan: Plan, q: Query, context: Conversation) -> None:
    """ "Chinese companies' total" - "how much did they grow?" - "what share of all Hoppers is
    that?": the group's sum as a part of everyone's; "of all" is what the share is of, not a
    scope that drops the group (as it does after one member's share of the group)."""
    if plan.intent != "share" or plan.entities or plan.groups or not q.has("among_everyone"):
        return
    if q.entities or q.groups or context.entities or context.intent not in _OF_A_GROUP:
        return
    plan.groups = list(context.groups)
