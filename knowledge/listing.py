"""Questions about who Tally has figures on, counted or listed, rather than about a figure:
"how many US companies are listed?", "combien d'entreprises dans la base ?" - "et de
chinoises ?" - "lesquelles ?"; and "how many are they?" after a list, which counts those."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.conversation import Conversation
from knowledge.followup import BARRED, inherit_threshold
from knowledge.parse.listed import counts_them, measures_nothing
from knowledge.parse.question import Query

if TYPE_CHECKING:
    from knowledge.plan import Plan

# what may be said when who has figures is asked ("and Chinese ones?", "lesquelles ?")
_AFTER_A_LIST = frozenset(
    {"how_many", "who", "which_one", "followup", "entity_noun", "list_entities", "among", "group"}
    | {"period", "between", "filler"}  # ("combien de chinoises": "de" read as a range word)
)


# what a share of a word for some measures may say besides it ("part de marché de nvidia ?")
_AROUND_A_SHARE = frozenset({"partial", "share", "between", "who", "period", "filler"})


def _own_share(q: Query) -> bool:
    """ "Nvidia's market share?": a share asked of a word that only names some measures (no
    one listed, no measure in full), which is no share of anyone Tally has figures on."""
    named = q.entities or q.groups or q.metrics or q.unknown or q.numbers
    return bool(q.partial_metrics) and not named and {x.kind for x in q.items} <= _AROUND_A_SHARE


def listing_asked(plan: Plan, q: Query, context: Conversation | None) -> None:
    """Who has figures, when that is what is asked: "how many US companies are there?" opening
    a conversation, or any question naming only a group or "which" after such a list."""
    if q.has("share") and _own_share(q):
        plan.problem = "share_of_measure"  # "nvidia's market share?": not one Tally lists
        return
    if context is not None and context.listing is not None and _their_figures(plan, q):
        plan.groups = list(context.listing)
        return
    if not measures_nothing(q) or plan.problem not in (None, "clarify", "no_metric", "unknown"):
        return
    if context is not None and plan.intent == "count" and plan.entities and counts_them(q):
        _those_counted(plan, q, context)  # "how many are they?": those just listed
        return
    listing = context.listing if context is not None else None
    if (
        listing is not None
        and not q.has("list_entities")
        and q.items
        and {x.kind for x in q.items} <= _AFTER_A_LIST
    ):
        _listed(plan, list(q.groups) or list(listing))  # "et combien de chinoises ?"
    elif plan.intent == "count" and not plan.followup and not q.has("pronoun"):
        _listed(plan, plan.groups)  # "how many US companies are there?": those Tally knows


def _their_figures(plan: Plan, q: Query) -> bool:
    """ "Which of those are Chinese?" - "what did they buy in 2023?": the figures of the group
    just listed (each one's, or their sum for "how many"), not of everyone."""
    if not q.has("pronoun") or q.entities or q.groups or plan.groups:
        return False
    if not (q.verb_metrics or q.metrics or q.partial_metrics):
        return False
    if plan.problem == "unknown" and plan.metrics:
        plan.intent, plan.problem = "ranking", None  # "what did they buy?": each one's figure
    return plan.problem is None


def _those_counted(plan: Plan, q: Query, context: Conversation) -> None:
    """ "Who bought between 20k and 40k?" - "how many are they?": those past the same bar (or in
    the same group) counted; the ones named one by one are compared, not counted."""
    if context.intent not in BARRED and not context.groups:
        plan.intent = "comparison"
        return
    plan.entities, plan.groups = [], list(context.groups)
    inherit_threshold(plan, q, context)


def _listed(plan: Plan, groups: list[str]) -> None:
    """The plan turned into the list of who has figures (in these groups)."""
    plan.intent, plan.groups, plan.problem = "list_entities", groups, None


def remember_listing(context: Conversation, plan: Plan, intent: str) -> None:
    """The groups a list of who has figures was about, for "and Chinese ones?"; any other
    answer ends the listing."""
    context.listing = tuple(plan.groups) if intent == "list_entities" else None
