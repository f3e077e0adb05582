"""Whether a question goes on with the last one: "and Meta?", "and in-house chips?" do; a
complete question ("who's the top spender?", "Google vs Amazon on every metric") does not."""

from __future__ import annotations

from knowledge.afresh import stands_alone
from knowledge.conversation import Conversation
from knowledge.parse.question import Query
from knowledge.reading import ABOUT_INTENTS
from knowledge.referents import its_other
from knowledge.thisone import which_period


def bare_metric(q: Query, intent: str | None) -> bool:
    """A metric alone, asked of nobody ("Hopper chips", "and in-house chips?")."""
    return intent == "ranking" and q.top_n is None and not q.has("rank")


# what a question saying a metric and nothing else may hold ("mi300?", "in-house 2023?")
_METRIC_ONLY = frozenset({"metric", "period", "followup"})
# answers about one named that a metric said alone goes on with
_OF_ONE = ("entity_overview", "figure")


def metric_of_the_one(q: Query, intent: str | None, context: Conversation | None) -> bool:
    """A metric said alone after one named ("Microsoft 2024" - "mi300?", "and in-house?"):
    that one's figure, not everyone's ranking; "and …" goes on with any question."""
    if not bare_metric(q, intent):
        return False
    if q.leading_followup:
        return True
    if context is None or context.intent not in _OF_ONE or len(context.entities) != 1:
        return False
    if context.groups or not {x.kind for x in q.items} <= _METRIC_ONLY:
        return False
    # every word part of the metric or period ("what's the H20?" asks something else)
    return sum(x.end - x.start for x in q.items) == len(q.said)


def is_followup(q: Query, context: Conversation | None, intent: str | None) -> bool:
    """Whether the question goes on with the last one (`intent`: what it states on its own)."""
    if context is not None and context.intent is not None and context.awaiting_metric:
        # "who is the biggest?" - "which one?" - "Hopper chips": the question, now complete
        return bool(q.metrics or q.partial_metrics) and bare_metric(q, intent)
    if context is None or context.intent is None or not (context.metrics or context.entities):
        return False
    if q.has("which_one") and not q.entities and len(context.entities) + len(context.before) > 1:
        return True  # "Amazon" - "and Google?" - "which one spent the most?": of those two
    if stands_alone(q, context):
        return False  # "who's the top spender?" after Hopper chips: its own measure, and year
    if q.metrics or q.partial_metrics:
        # a complete question inherits nothing; "and in-house chips?" only names another metric
        bare = metric_of_the_one(q, intent, context)
        return bare or its_other(q, context) or _share_of_those(q, context, intent)
    if not q.items:
        return False  # "ok", "lol": nothing to take the last question on with
    return intent not in ABOUT_INTENTS or which_period(q, context, intent)


def _share_of_those(q: Query, context: Conversation, intent: str | None) -> bool:
    """ "Oracle and CoreWeave combined" - "what % of all 2023 H100s is that?": a share naming
    only the metric just discussed is theirs (alone it would have nobody to be the share of);
    "Chinese companies' total" - "what share of all Hoppers is that?": the group's."""
    if q.entities or q.groups or q.top_n is not None:
        return False
    # "top 3" - "what share of world exports did those 3 countries have?": the three shown
    shown = q.the_n is not None and q.the_n == len(context.shown)
    if not (context.entities or context.groups or shown):
        return False
    return intent == "share" and set(q.metrics) <= set(context.metrics)


# questions that "and Amazon and Google?" asks again of the two, rather than comparing them
_ASKED_AGAIN = ("share", "threshold", "total", "change")


def names_only(q: Query, intent: str | None, context: Conversation) -> bool:
    """ "The 4's share" - "more than 40%?" - "wait, I meant just Amazon and Google": the same
    question about the two named (not the two compared), when nothing but them is said."""
    if intent != "comparison" or not q.leading_followup or len(q.entities) < 2:
        return False
    if q.concepts - {"followup"} or q.groups or q.numbers or q.metrics or q.partial_metrics:
        return False
    return context.intent in _ASKED_AGAIN
