"""A follow-up about another member of the group just ranked keeps the group; one about the
whole after a comparison sets the first one against it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.conversation import Conversation
from knowledge.followup import inherit
from knowledge.groupfollowup import two_groups_back
from knowledge.groupmeans import means_kept
from knowledge.parse.question import Query
from knowledge.view import KnowledgeView
from knowledge.wholefollowup import against_the_whole, group_share_of_all, share_of_the_sum

if TYPE_CHECKING:
    from knowledge.plan import Plan


def follow(
    plan: Plan, q: Query, context: Conversation, intent: str | None, view: KnowledgeView
) -> None:
    """What a follow-up takes from the conversation, the group it stays in, two groups set side
    by side, and whether groups' averages are compared."""
    inherit(plan, q, context, intent)
    _keep_group(plan, q, context, view)
    against_the_whole(plan, q, context, view)
    share_of_the_sum(plan, q, context, view)
    group_share_of_all(plan, q, context)  # "Chinese companies' total" - "share of all?"
    two_groups_back(plan, q, context)
    means_kept(plan, q, context)
    # ("Meta vs Google" - "is that double Meta?": Google; not Meta against itself)
    plan.entities = [e for e in plan.entities if e != plan.relative_to] or plan.entities


def _keep_group(plan: Plan, q: Query, context: Conversation, view: KnowledgeView) -> None:
    """ "Oracle's rank among US companies" - "and CoreWeave?": CoreWeave among US companies."""
    if plan.intent != "rank_position" or context.intent != "rank_position":
        return
    if q.groups or not q.entities or not context.groups or plan.groups:
        return
    members = {m for g in context.groups for m in view.members.get(g, ())}
    if all(e in members for e in q.entities):
        plan.groups = list(context.groups)
