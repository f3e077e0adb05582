"""Who has no figure for a period: "which companies have no 2024 figure?", « qui n'a pas de
chiffre pour 2024 ? » (those with figures only for other periods), not those that have one."""

from __future__ import annotations

from knowledge.about import entity_list, list_entities
from knowledge.fields import Block, Names, Periods
from knowledge.intents import Ctx, Part
from knowledge.onlyin import only_in
from knowledge.parse.lang import vocabulary
from knowledge.parse.question import Query
from knowledge.plan import Plan

# what such a question may read as before: the list of those with figures, or nothing
_READ_AS = ("list_entities", "unknown")


def lacking_asked(plan: Plan, q: Query) -> None:
    """Read "who has no figures for 2024?" as the list of those without any for it."""
    if plan.intent not in _READ_AS or not q.periods or not _no_data_said(q):
        return
    if q.entities or q.metrics or q.partial_metrics or q.numbers or q.verb_metrics:
        return  # (a measure named asks who did not buy: the figures never say)
    if not q.has("who", "list_entities"):
        return
    plan.intent, plan.lacking, plan.problem = "list_entities", True, None


def _no_data_said(q: Query) -> bool:
    """ "no … figure", "don't have … data", « pas de chiffre », « sans données »."""
    vocab = vocabulary()
    if not any(t.key in vocab.data_words for t in q.said):
        return False
    # ("no, I meant the 2024 figures" corrects: a "no" opening the question is not one)
    said_no = any(t.key in vocab.lacking_words for t in q.said[1:])
    return said_no or q.has("negation")


def listed(ctx: Ctx) -> Part:
    """Those with figures, or (asked with "no") those without any for the periods asked."""
    if ctx.plan.only_in is not None and len(ctx.plan.metrics) == 1:
        return only_in(ctx, ctx.plan.metrics[0])  # "2023 figures but no 2024 figures"
    return _without_figures(ctx) if ctx.plan.lacking else list_entities(ctx)


def _without_figures(ctx: Ctx) -> Part:
    """Those with figures, but none for any of the periods asked (in the groups asked)."""
    keys = entity_list(ctx.view, ctx.language, tuple(sorted(ctx.plan.groups)))
    codes = {p.code for p in ctx.plan.periods}
    by_entity = ctx.view.by_entity
    lacking = tuple(k for k in keys if not codes & {f.period for f in by_entity.get(k, ())})
    said = Periods(tuple(sorted(codes)))
    fields = {"count": len(lacking), "names": Names(lacking), "periods": said, "scope": ctx.scope}
    template = "list_entities_lacking" + ("_of" if ctx.plan.groups else "")
    if not lacking:
        template += "_none"  # every one has a figure for it: say so, never an empty list
    return Part(answered=True, blocks=[Block(template, fields)])
