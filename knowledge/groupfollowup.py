"""A follow-up setting two groups against each other: "how much did Chinese purchases grow?" -
"and US?" - "which grew faster?" compares the two sums' changes, not the companies of the last
group (answered by `groupchanges`); "US companies' total" - "and Chinese?" - "which is bigger?"
sets the two sums (or averages) side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.conversation import Conversation
from knowledge.parse.question import Query
from knowledge.reading import Side

if TYPE_CHECKING:
    from knowledge.plan import Plan


def two_group_changes(plan: Plan, q: Query, context: Conversation) -> bool:
    """ "Which grew faster?" after two groups' changes: the two groups' sums, each one's change."""
    if q.entities or q.groups or q.numbers or not q.has("change", "decline", "relative", "slowest"):
        return False
    if not q.has("who", "which_one") or context.intent != "change" or not context.summed:
        return False
    groups, before = context.groups, context.groups_before
    if context.entities or not (len(groups) == len(before) == 1) or groups == before:
        return False
    plan.intent, plan.entities, plan.groups = "change", [], [*before, *groups]
    plan.sides = [Side(groups=before), Side(groups=groups)]
    return True


def two_groups_asked(plan: Plan, q: Query) -> None:
    """ "Did US companies grow faster than Chinese companies?", "which grew more, US or Chinese
    companies?": the two groups' sums, each one's change, set against each other (not every
    company of both groups ranked)."""
    if plan.intent != "change" or plan.entities or len(plan.groups) != 2 or plan.sides:
        return
    if not q.has("relative", "absolute", "more", "less", "than", "compare", "who", "which_one"):
        return  # "growth of US and Chinese companies": both, without a which
    if q.has("most", "least"):
        return  # "who grew the most among US and Chinese companies?": their companies ranked
    first, second = plan.groups
    plan.sides = [Side(groups=(first,)), Side(groups=(second,))]


def two_groups_back(plan: Plan, q: Query, context: Conversation) -> None:
    """ "US companies' average" - "and Chinese?" - "which is bigger?"; "US companies' total" -
    "compare with Chinese companies": the two groups side by side, not the last one again."""
    if context.intent not in ("total", "average") or context.entities or q.entities or q.numbers:
        return
    if len(context.groups) != 1 or plan.sides or plan.top_n is not None or plan.barred:
        return
    groups, before = context.groups, context.groups_before
    # "which is bigger?" after two groups' answers; "compare with Chinese companies" after one
    which = not q.groups and q.has("who", "which_one") and q.has("more", "most", "compare")
    if which and len(before) == 1 and before != groups:
        plan.intent, plan.entities, plan.groups = "comparison", [], [*before, *groups]
    elif q.has("compare") and len(q.groups) == 1 and q.groups[0] not in groups:
        plan.intent, plan.entities, plan.groups = "comparison", [], [*groups, *q.groups]
