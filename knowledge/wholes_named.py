"""A whole named in a share or a part ("of world exports", "du marché mondial"): what the part
is of, not an entity asked about."""

from __future__ import annotations

from dataclasses import replace

from knowledge.parse.question import Query
from knowledge.plan import Plan
from knowledge.view import KnowledgeView


def whole_unasked(q: Query, view: KnowledgeView) -> Query:
    """A share's question without the whole it names, so that "those 3" still reads as the
    ones just listed ("what share of world exports did those 3 have?")."""
    if not q.has("share") or q.fraction is not None or not _refers(q):
        return q
    if not (q.metrics or q.partial_metrics or q.verb_metrics):
        return q  # "what share of the server market do they have?": the whole says the measure
    if not q.entities or not all(is_aggregate(view, e) for e in q.entities):
        return q
    return replace(q, entities=[])


def _refers(q: Query) -> bool:
    """Whether the question points back at ones already named ("those 3", "they", "ces 3")."""
    return q.the_n is not None or q.has("pronoun")


def drop_wholes(plan: Plan, view: KnowledgeView) -> None:
    """A whole named in a part or a share is what the part is of, not an entity asked about."""
    if plan.fraction is not None:
        # "more than a fifth of the world's coffee": the whole named sets the bar, it is not asked
        plan.entities = [e for e in plan.entities if not is_aggregate(view, e)]
        if plan.intent == "share" and not plan.entities:
            plan.intent = "reverse_lookup"  # "who exported a third of the world's coffee?"
    if plan.intent == "share":
        # "X's share of the whole market": the whole is the stored aggregate, not an entity asked
        # about (alone, it would be its own share: 100%)
        plan.entities = [e for e in plan.entities if not is_aggregate(view, e)]


def is_aggregate(view: KnowledgeView, key: str) -> bool:
    """Whether the entity is a stored whole (a whole market), not one of its parts."""
    entity = view.entities.get(key)
    return entity is not None and entity.aggregate
