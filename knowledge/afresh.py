"""What a complete question says of its own, which the conversation must not overwrite: a measure
(said by a verb, "on every metric", or one Tally lacks), the group a pronoun stands for, "who"
asked of everyone, a single period."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from knowledge.conversation import Conversation
from knowledge.parse.qualifiers import measure_after_name
from knowledge.parse.question import Query
from knowledge.view import KnowledgeView

if TYPE_CHECKING:
    from knowledge.plan import Plan

# what "Meta revenue 2024" says: a name, a word Tally does not know, perhaps a year
_NAME_AND_WORD = frozenset({"entity", "unknown", "period", "followup"})


def stands_alone(q: Query, context: Conversation) -> bool:
    """Whether a question naming no metric in full still says which measure it is about."""
    if {x.kind for x in q.items} <= _NAME_AND_WORD and measure_after_name(q):
        return True  # "Meta revenue", "microsft hopre 2024": a measure Tally lacks, not the last
    if q.leading_followup or q.has("pronoun"):
        return False  # "and how much did they spend?": about the ones just discussed
    if q.has("every_metric") and len(q.entities) >= 2:
        return True  # "Google vs Amazon on every metric": each metric, each its latest period
    # "who's the top spender?" after Hopper chips: spending, not the last question's year
    return bool(q.verb_metrics) and q.verb_metrics.isdisjoint(context.metrics)


def inverted(q: Query) -> bool:
    """A pronoun after a group the question names ("les entreprises américaines ont-elles …"):
    it is that group, not the ones just discussed."""
    at = next((x.start for x in q.items if x.kind == "pronoun"), None)
    return at is not None and any(x.kind == "group" and x.start < at for x in q.items)


def asks_everyone(q: Query, plan: Plan) -> bool:
    """ "Who bought as many as Google?", "who bought the most over both years?": who, among
    everyone, not whether the ones just discussed did ("which one …?" is one of them)."""
    if not q.has("who") or q.has("which_one") or q.entities:
        return False
    return plan.barred or q.has("most", "least")


def one_period_named(q: Query) -> bool:
    """ "ByteDance 2023 and 2024" - "CoreWeave 2023": one figure in the year named, not a change
    (which needs two)."""
    return len(q.periods) == 1 and not q.has("change", "decline")


def listed_said(q: Query) -> bool:
    """ "The 4 giants", "the companies" said with no pronoun: those listed, named here."""
    return q.entity_noun and not q.has("pronoun")


def has_any(view: KnowledgeView, entity: str, metrics: list[str]) -> bool:
    """Whether the entity has a figure on any of these metrics."""
    return any(f.metric in metrics for f in view.by_entity.get(entity, ()))


def past_the_one(q: Query, referents: list[str]) -> Query:
    """ "Lambda 2023" - "who's below it?", "qui est en dessous ?": who has less (or more) than
    the one just discussed, as "who is below Lambda?" (not that one's figures again)."""
    if len(referents) != 1 or q.entities or q.relative_to or q.numbers or q.fraction is not None:
        return q
    if not q.has("who") or not q.has("less_than", "more_than") or q.has("average", "median"):
        return q
    return replace(q, relative_to=referents[0], concepts=q.concepts - {"pronoun"})


def whole_of_another_measure(q: Query, view: KnowledgeView, context: Conversation) -> bool:
    """A stored whole named ("the server market") with no figure on the measures just discussed:
    its own measure is asked ("who bought the most Hopper chips?" - "what share of the server
    market do the 4 giants have?" is about server spending, not Hopper chips)."""
    if q.metrics or q.partial_metrics or q.leading_followup or not context.metrics:
        return False  # ("and the market?" goes on with the measure: it may have none of it)
    wholes = [e for e in q.entities if e in view.entities and view.entities[e].aggregate]
    return bool(wholes) and not any(has_any(view, e, list(context.metrics)) for e in wholes)
