"""Every metric at once: "Microsoft vs Meta on every metric" compares them on each metric where
both have figures (and says where only one has), and "which companies have a figure for every
metric?" lists those with figures for each kind of figure Tally has."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from knowledge.about import entity_list
from knowledge.conversation import Conversation
from knowledge.fields import Block, Label, Labels, Names, Noun
from knowledge.intents import Ctx, Part, with_notes
from knowledge.model import Fact, Period
from knowledge.parse.question import Query
from knowledge.plan import Plan
from knowledge.reading import ABOUT_INTENTS
from knowledge.view import KnowledgeView

_SOLVABLE = (None, "clarify", "no_metric", "unknown")  # what "every metric" answers: which one
_NOT_PER_METRIC = frozenset({*ABOUT_INTENTS, "entity_overview", "unknown"})


def every_metric_plan(
    plan: Plan, q: Query, view: KnowledgeView, context: Conversation | None
) -> Plan:
    """The plan with "every metric" read: a list of those with figures for each metric, or
    the question asked of each metric with figures (where one of those named has some)."""
    if not q.has("every_metric") or q.metrics or plan.problem not in _SOLVABLE:
        return plan
    plan = _clarified(plan, context)
    about_entities = q.entity_noun or q.has("who", "list_entities")
    if about_entities and not plan.entities and _lists(plan):
        # "which companies have a figure for every metric?", "how many companies …?"
        return replace(plan, intent="list_entities", metrics=list(view.metrics), problem=None)
    if plan.intent in ("unknown", "list_metrics"):
        return replace(plan, intent="list_metrics", problem=None)  # "show me all metrics"
    if plan.intent in _NOT_PER_METRIC or plan.threshold is not None:
        return plan  # (a number as a bar is in one unit: not one for every metric)
    codes = {p.code for p in plan.periods}
    named = plan.entities or [e for e in view.by_entity if not view.entities[e].aggregate]
    having = [m for m in view.metrics if any(_facts(view, e, m, codes) for e in named)]
    return replace(plan, metrics=having, problem=None if having else plan.problem)


def _clarified(plan: Plan, context: Conversation | None) -> Plan:
    """ "Microsoft vs Meta" - "which one do you mean?" - "every metric": that question."""
    if plan.intent != "unknown" or context is None or not context.awaiting_metric:
        return plan
    return replace(
        plan,
        intent=context.intent or "unknown",
        entities=list(context.entities),
        groups=list(context.groups),
        excluded=list(context.excluded),
        excluded_groups=list(context.excluded_groups),
        periods=[Period.parse(context.period)] if context.period else plan.periods,
        problem=None,
    )


def _lists(plan: Plan) -> bool:
    """Whether the question, with "every metric", asks which ones (or how many) have figures."""
    counts = plan.intent == "count" and not plan.barred
    return counts or plan.intent in ("list_entities", "list_metrics", "unknown")


def every_metric_answer(
    ctx: Ctx, q: Query, compare: Callable[[Ctx, str], Part] | None
) -> Part | None:
    """The answer when "every metric" makes one of its own: those with figures for each, or
    the named ones compared on each metric; None when the usual answer does it."""
    if not q.has("every_metric") or q.metrics:
        return None
    if ctx.plan.intent == "list_entities":
        return _complete_entities(ctx)
    if compare is not None and len(ctx.plan.entities) >= 2 and ctx.plan.metrics:
        return _compared_on_each(ctx, compare)
    return None


def _complete_entities(ctx: Ctx) -> Part:
    """ "Which companies have a figure for every metric?": those with figures for each one."""
    view, plan = ctx.view, ctx.plan
    among = entity_list(view, ctx.language, tuple(sorted(plan.groups)))
    having = tuple(e for e in among if all(_facts(view, e, m, set()) for m in plan.metrics))
    fields = {
        "count": len(having),
        "total": len(among),
        "noun": Noun(one=len(among) == 1),
        "metrics": len(plan.metrics),
        "labels": Labels(tuple(plan.metrics), lower=True),
        "names": Names(having),
        "scope": ctx.scope,
    }
    key = "every_metric_entities" if having else "every_metric_entities_none"
    return Part(answered=bool(among), blocks=[Block(key, fields)])


def _compared_on_each(ctx: Ctx, compare: Callable[[Ctx, str], Part]) -> Part:
    """Each metric in turn: the comparison where at least two named have figures, else the one
    figure there is, with the names that have none."""
    plan, merged = ctx.plan, Part()
    codes = {p.code for p in plan.periods}
    for metric in plan.metrics:
        merged.blocks.append(Block("section", {"label": Label(metric)}))
        having = [e for e in plan.entities if _facts(ctx.view, e, metric, codes)]
        missing = tuple(e for e in plan.entities if e not in having)
        if len(having) >= 2:
            part = compare(Ctx(ctx.view, replace(plan, entities=having), ctx.language), metric)
        else:
            part = _only_one(ctx, _facts(ctx.view, having[0], metric, codes)[-1])
        merged.blocks.extend(part.blocks)
        if missing:
            fields = {"names": Names(missing), "label_lower": Label(metric, lower=True)}
            merged.blocks.append(Block("every_metric_missing", fields))
        merged.facts.extend(part.facts)
        merged.answered = merged.answered or part.answered
        merged.period = merged.period or part.period
    return merged


def _only_one(ctx: Ctx, fact: Fact) -> Part:
    """The one figure of a metric only one of those compared has."""
    blocks = with_notes(ctx, fact)
    return Part(answered=True, blocks=blocks, facts=[fact], period=fact.period)


def _facts(view: KnowledgeView, entity: str, metric: str, codes: set[str]) -> list[Fact]:
    """An entity's figures for a metric (in the periods asked, if any), oldest first."""
    facts = view.by_entity.get(entity, ())  # (sorted by metric, then period)
    return [f for f in facts if f.metric == metric and (not codes or f.period in codes)]
