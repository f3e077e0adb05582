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
    if not q.has("who", "which_one", "each_group") or context.intent != "change":
        return False
    pair = _two_groups(q, context)
    # ("which group …?" says it is about the groups' sums, whatever the last answer listed)
    summed = context.summed or q.has("each_group")
    if not summed or context.entities or pair is None:
        return False
    plan.intent, plan.entities, plan.groups = "change", [], list(pair)
    plan.sides = [Side(groups=(pair[0],)), Side(groups=(pair[1],))]
    return True


def _two_groups(q: Query, context: Conversation) -> tuple[str, str] | None:
    """The two groups a "which grew faster?" sets apart: the last two asked one after the other,
    or ("US vs China" - "did the US double?" - "which group grew faster?") the two compared just
    before the one group, when the question says it is about groups."""
    groups, before = context.groups, context.groups_before
    if len(groups) != 1:
        return None
    if len(before) == 1 and before != groups:
        return before[0], groups[0]
    if len(before) == 2 and groups[0] in before and q.has("each_group"):
        return before[0], before[1]
    return None


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
    # "chinese companies hopper 2023" (all of them ranked) - "vs US companies?": the two sums
    ranked = context.intent == "ranking" and context.top_n is None and not q.has("who", "rank")
    if context.intent not in ("total", "average") and not ranked:
        return
    if context.entities or q.entities or q.numbers:
        return
    if len(context.groups) != 1 or plan.sides or plan.top_n is not None or plan.barred:
        return
    groups, before = context.groups, context.groups_before
    # "which is bigger?" after two groups' answers; "compare with Chinese companies" after one
    which = not q.groups and q.has("who", "which_one") and q.has("more", "most", "compare")
    if which and len(before) == 1 and before != groups and not ranked:
        plan.intent, plan.entities, plan.groups = "comparison", [], [*before, *groups]
    elif q.has("compare") and len(q.groups) == 1 and q.groups[0] not in groups:
        plan.intent, plan.entities, plan.groups = "comparison", [], [*groups, *q.groups]
