""" "Who bought the most MI300s?" - "who else bought some?": the others with a figure for the
same measure and period, ranked, rather than the one already found again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.conversation import Conversation
from knowledge.model import Period
from knowledge.parse.question import Query

if TYPE_CHECKING:
    from knowledge.plan import Plan

# answers that found one (or a few), whom "who else?" leaves out
_FOUND = ("superlative", "rank_position", "rank_neighbour", "figure", "reverse_lookup")
# questions that list those past a bar: "did anyone else grow 10x?" is asked of each of the others
_BARRED = ("change", "threshold")


def else_asked(plan: Plan, q: Query, context: Conversation | None) -> None:
    """ "Who else?": everyone but those the last answer found, for its measure and period."""
    if context is None or not q.has("who_else"):
        return
    if context.intent not in _FOUND:
        _others_asked(plan, q, context)
        return
    found = context.shown or context.entities
    if not found or len(context.metrics) != 1 or q.entities or q.metrics or q.periods:
        return
    period = context.answered_period or context.period
    plan.intent, plan.problem, plan.top_n = "ranking", None, None
    plan.metrics, plan.entities = list(context.metrics), []
    plan.periods = [Period.parse(period)] if period else []
    plan.groups = list(context.groups)
    plan.excluded = list(dict.fromkeys([*context.excluded, *found]))


def _others_asked(plan: Plan, q: Query, context: Conversation) -> None:
    """ "ByteDance's growth" - "did anyone else grow 10x?": the same question of everyone but the
    ones just discussed, not of them again."""
    if plan.intent not in _BARRED or q.entities or not context.entities:
        return
    barred = plan.threshold is not None or plan.multiple is not None or bool(plan.times)
    if plan.entities != list(context.entities) or not (barred or plan.growth_bar):
        return  # ("did anyone else grow faster?": than whom is not said)
    plan.entities = []
    plan.excluded = list(dict.fromkeys([*plan.excluded, *context.entities]))
