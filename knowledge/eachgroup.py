"""The groups themselves as the things compared: "rank the groups by Hopper chips", "which group
spent more?", "classement des groupes": each group's sum, largest first, not its companies; "Chinese
vs US companies in percent": how far apart the two sums are."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.groupfollowup import two_groups_asked
from knowledge.groupmeans import group_means_asked
from knowledge.parse.question import Query
from knowledge.reading import percent_word, speed_said
from knowledge.view import KnowledgeView

if TYPE_CHECKING:
    from knowledge.plan import Plan

_ASKED = ("most", "least", "rank", "top", "who", "which_one", "more", "less", "compare")


def groups_asked(plan: Plan, q: Query, view: KnowledgeView) -> None:
    """What a question asks of groups as such: two apart in percent, two groups' growth, their
    averages, every group ranked (in that order: each may settle what the next one reads)."""
    groups_apart_asked(plan, q)
    two_groups_asked(plan, q)
    group_means_asked(plan, q)
    each_group_asked(plan, q, view)


def each_group_asked(plan: Plan, q: Query, view: KnowledgeView) -> None:
    """ "Which group …?" with no group or name said: every group's sum, set side by side."""
    if not q.has("each_group") or plan.entities or plan.groups or plan.sides:
        return
    if plan.intent not in ("ranking", "superlative", "comparison", "figure", "total"):
        return
    if len(view.groups) < 2 or not (q.has(*_ASKED) or plan.intent == "ranking"):
        return
    plan.groups = list(view.groups)
    plan.intent = "comparison"
    plan.ranked_groups = True


def groups_apart_asked(plan: Plan, q: Query) -> None:
    """ "Chinese vs US companies in percent", « … en pourcentage »: how far apart the two groups'
    sums are, in percent; not their part of the whole (100%), nor their growth."""
    if plan.entities or len(plan.groups) != 2 or not q.has("compare") or len(plan.periods) > 1:
        return
    if q.has("change", "decline", "two_periods") or speed_said(q):
        return  # "which grew faster in percent, US or Chinese companies?"
    share = plan.intent == "share" and percent_word(q)
    if share or (plan.intent == "change" and q.has("relative")):
        plan.intent, plan.percent, plan.sides = "comparison", True, []
        plan.relative_change = plan.extreme = plan.summed = False
