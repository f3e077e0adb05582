"""The groups themselves as the things compared: "rank the groups by Hopper chips", "which group
spent more?", "classement des groupes": each group's sum, largest first, not its companies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.parse.question import Query
from knowledge.view import KnowledgeView

if TYPE_CHECKING:
    from knowledge.resolve import Plan

_ASKED = ("most", "least", "rank", "top", "who", "which_one", "more", "less", "compare")


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
