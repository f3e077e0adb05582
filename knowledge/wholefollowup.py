""" "Amazon vs Google" - "and the market?": after a comparison, the stored whole named alone sets
the first one against it (its share of the whole), not the whole's figure on its own."""

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
    if plan.intent != "figure" or context.intent != "comparison" or len(context.entities) < 2:
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
    plan.entities = [context.entities[0], *q.entities]  # the whole is dropped as what it is of
