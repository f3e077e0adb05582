""" "The rest", "the others" outside a comparison of two sides: everyone but the ones just named."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.conversation import Conversation
from knowledge.parse.question import Query

if TYPE_CHECKING:
    from knowledge.plan import Plan
    from knowledge.view import KnowledgeView

# a question about one entity, asked of "the rest", is about their sum
_SUMMED = ("figure", "entity_overview", "comparison")
# "show me the other metrics": the catalogue, no one left out
_CATALOGUE = ("list_metrics", "list_entities", "help")


def whole_less(plan: Plan, q: Query, view: KnowledgeView) -> None:
    """ "The server market without Microsoft / the four companies": the stored whole less them."""
    if len(plan.entities) != 1 or not view.entities[plan.entities[0]].aggregate:
        return
    listed_out = q.has("excluding") and q.entity_noun  # "without the 4 companies"
    if plan.excluded or plan.excluded_groups or listed_out or q.has("the_rest"):
        plan.intent = "remainder"  # the whole stays named: its metric is the one asked


def _count_said(q: Query) -> int | None:
    """How many the question says those left out are: "the four", "the 4 companies"."""
    if q.the_n is not None:
        return q.the_n
    pairs = zip(q.items, q.items[1:], strict=False)
    for a, b in pairs:
        if a.kind == "number" and b.kind == "entity_noun" and b.start == a.end:
            return int(str(a.value)) if str(a.value).isdigit() else None
    return None


def the_rest(plan: Plan, q: Query, context: Conversation | None, view: KnowledgeView) -> None:
    """ "And the rest?" after a question about Microsoft: everyone but Microsoft; with nobody
    named before, "the rest" names no one, and the question is refused rather than answered about
    everyone."""
    if not q.has("the_rest") or plan.intent in ("remainder", *_CATALOGUE):
        return
    # the ones just named, else the ones the last answer found ("top 3" - "and the rest?")
    before = (context.entities or context.shown) if context is not None else ()
    # "the other companies", "les autres": the others listed, not a stored whole less some; but
    # "top 3" - "what share of the market did the other companies have?": the market's others
    of_whole = plan.followup and bool(before) and _whole_said(q, view)
    plan.listed = plan.listed or (q.has("others_listed") and not of_whole)
    if plan.sides:
        return  # "Microsoft vs the rest" is a comparison of two sides (knowledge/sides.py)
    said = _count_said(q)
    if said is not None and said != len(before):
        # "Amazon vs Meta" - "what's left after the four?": all four listed, not those two
        before, plan.entities = (), [e for e in plan.entities if e in q.entities]
    named = list(before) if plan.followup else []
    # "the others, excluding Meta": those left out are the ones the others are not
    named += [e for e in (*q.entities, *plan.excluded) if e not in named]
    summed = plan.intent in (*_SUMMED, "total", "unknown", "ranking", "share")
    if not named and summed and not plan.top_n:
        # "the rest of the market": the stored whole less all listed (after a share, as a part
        # of the whole too)
        plan.percent = plan.percent or plan.intent == "share"
        plan.intent = "remainder"
        return
    if not named and _outside_the_top(plan, context):
        return
    if not named:
        plan.problem = "the_rest"
        return
    plan.excluded += [e for e in named if e not in plan.excluded]
    plan.entities = [e for e in plan.entities if e not in named]
    if plan.intent == "count" and plan.threshold is None and plan.bounds is None:
        plan.intent = "total"  # "how many did the others buy?": their sum, not how many they are
    if not plan.entities and plan.intent in (*_SUMMED, "total", "unknown"):
        # the stored whole less them when there is one ("and the rest of the market?"), else
        # the sum of the others listed; "the other three" counts those listed: their sum
        plan.intent = "total" if q.has("others_listed") else "remainder"


def _whole_said(q: Query, view: KnowledgeView) -> bool:
    """Whether the question names a stored whole ("of the market"), even one it is a share of."""
    said = [x.value for x in q.items if x.kind == "entity" and isinstance(x.value, str)]
    return any(e in view.entities and view.entities[e].aggregate for e in said)


def _outside_the_top(plan: Plan, context: Conversation | None) -> bool:
    """ "The big four's share" - "what's left for everyone else?": everyone but that top N (the
    same question, of those outside it)."""
    if context is None or not plan.followup or not context.top_n or context.top_out:
        return False
    if context.intent not in ("share", "total") or plan.intent not in (context.intent, "unknown"):
        return False
    plan.intent, plan.top_n, plan.top_out = context.intent, context.top_n, True
    plan.percent = plan.percent or context.intent == "share"
    return True
