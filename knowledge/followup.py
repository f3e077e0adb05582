"""Follow-ups: what a question that leaves something open takes from the conversation
("and Meta?", "and in 2023?", "how does that compare to 2023?", "their average?")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.afresh import asks_everyone, one_period_named
from knowledge.compared_to import compared_to
from knowledge.conversation import Conversation
from knowledge.model import Period
from knowledge.oneofpair import one_of_the_pair
from knowledge.parse.question import Query
from knowledge.rankgap import gap_in_percent
from knowledge.referents import refers_back
from knowledge.yesno import ask_again

if TYPE_CHECKING:
    from knowledge.plan import Plan

# intents whose bar ("more than 200,000") a follow-up keeps
BARRED = ("threshold", "count", "total", "average", "median")
# what can be asked of the top N, and asked again of another N or period
_OF_THE_TOP = ("total", "share", "average")


def inherit(plan: Plan, q: Query, context: Conversation, intent: str | None) -> None:
    """Fill what the question leaves open from the previous one: period, scope, bar, intent."""
    base = context.answered_period or context.period
    _inherit_periods(plan, q, context, intent, base)
    _inherit_scope(plan, q, context, intent)
    _ends_compared(plan, q, context)
    if _other_end_of_changes(plan, q, context, intent):
        return
    if _reordered(plan, q, context):
        return
    if intent in (None, "figure", "entity_overview") and compared_to(plan, q, context):
        return
    if _one_more_added(plan, q, context) or gap_in_percent(plan, q, context):
        return
    if refers_back(plan, q, context, intent):
        return
    # "who bought more than 200k?" - "and in 2023?" / "their average?": the same bar
    theirs = q.has("pronoun") and intent in (*BARRED, "share")
    theirs = theirs or intent == "count"  # "how many companies is that?": those past the bar
    if not q.entities and context.intent in BARRED and (intent in (None, context.intent) or theirs):
        inherit_threshold(plan, q, context)
    # ("and the top 3 together?" after a share: the top 3's share)
    top = intent in ("ranking", "total") and q.leading_followup and q.top_n is not None
    if top and not q.has("rank") and context.intent in _OF_THE_TOP:
        plan.intent = context.intent  # "how many did the top 2 buy?" - "and the top 3?"
        return
    if intent is not None and intent != "entity_overview":
        return
    previous = context.intent or "figure"
    if q.has("compare") and previous in ("figure", "entity_overview") and context.entities:
        _compared_with(plan, q, context, base)
        return
    if q.entities:
        _about_another(plan, q, context, previous)
    else:
        _same_question(plan, q, context, previous)
    ask_again(plan, q, context.yes_no)


def _other_end_of_changes(plan: Plan, q: Query, context: Conversation, intent: str | None) -> bool:
    """ "Who grew the most?" - "and the least?": the other end of the same changes, not the
    lowest figure of the last period."""
    if intent != "superlative" or context.intent != "change" or not context.extreme:
        return False
    if q.metrics or q.partial_metrics or q.verb_metrics or q.entities or q.groups or q.numbers:
        return False  # "who bought the least?" asks afresh
    if q.has("who"):
        return False
    plan.intent, plan.extreme = "change", True
    plan.relative_change = plan.relative_change or context.relative_change
    plan.entities = list(context.entities)  # "which grew more, A or B?" - "and the least?"
    return True


def _ends_compared(plan: Plan, q: Query, context: Conversation) -> None:
    """ "The gap between the two?" - "no, I meant between the first and the last": a gap again,
    now between the two ends."""
    if context.intent == "comparison" and q.has("most") and q.has("least") and not q.entities:
        plan.gap = True


def _one_more_added(plan: Plan, q: Query, context: Conversation) -> bool:
    """ "The total of these three" - "and with Tencent?": the same sum (or its share of the
    whole), with the one named added (not the one named alone)."""
    if not q.has("adding") or not q.entities or q.groups or q.numbers or q.metrics:
        return False
    if context.intent not in ("total", "share") or not context.entities:
        return False
    plan.intent = context.intent
    plan.entities = list(dict.fromkeys([*context.entities, *q.entities]))
    return True


def _reordered(plan: Plan, q: Query, context: Conversation) -> bool:
    """ "Rank the buyers" - "in ascending order": the same ranking, smallest first (after a
    leader, everyone ranked; after a ranking of changes, the same changes)."""
    if not q.has("ascending", "descending") or context.intent not in _REORDERED:
        return False
    if q.metrics or q.partial_metrics or q.entities or q.groups or q.numbers:
        return False
    plan.intent = "change" if context.intent == "change" else "ranking"
    plan.direction = "min" if q.has("ascending") else "max"
    # "top 3" - "in ascending order": the whole ranking turned round, not the bottom 3
    same_way = plan.direction == context.direction
    plan.top_n = plan.top_n or (context.top_n if same_way else None)
    plan.extreme = context.extreme
    plan.relative_change = plan.relative_change or context.relative_change
    plan.entities = list(context.entities) if context.intent == "change" else []
    return True


# what "and Microsoft?" alone reads as: another one, for the question just asked
_NAMED_ONLY = "entity_overview"
# what "in ascending order" can reorder
_REORDERED = ("ranking", "superlative", "change")


def _inherit_periods(
    plan: Plan, q: Query, context: Conversation, intent: str | None, base: str | None
) -> None:
    """ "and in 2023?", "and the year before?": the period, from the one just discussed."""
    if base and not _year_said(q):
        # "Microsoft's 2024 spending" - "and in Q4?": Q4 of 2024, not of the current year
        year = Period.parse(base).year
        plan.periods = [
            p if p.kind == "year" else Period(year, p.kind, p.index) for p in plan.periods
        ]
    if q.period_shift and base and context.intent == "change" and intent in (None, "change"):
        # "… and the year before that?" after a change: the pair one year earlier
        later = Period.parse(base).shifted(q.period_shift)
        plan.periods = [later.shifted(-1), later]
    elif q.period_shift and base:
        # "and the year before?": from the period just discussed, not from today
        plan.periods = [Period.parse(base).shifted(q.period_shift)]
    elif not plan.periods and context.total_periods and intent in (None, "total", _NAMED_ONLY):
        # "over both years" - "and the Americans?": their total over the same years
        plan.periods = [Period.parse(code) for code in context.total_periods]
    elif not plan.periods and context.period:
        plan.periods = [Period.parse(context.period)]


def _year_said(q: Query) -> bool:
    """Whether the question says a year in digits (a part alone, "Q4", takes today's)."""
    return any(t.number is not None and len(t.text) == 4 for t in q.said)


def _inherit_scope(plan: Plan, q: Query, context: Conversation, intent: str | None) -> None:
    """The groups, exclusions and entities the question does not change."""
    # ("US vs Chinese companies' growth" - "who grew more than Meta?": of everyone, not two sums)
    compared = len(context.groups) > 1 and asks_everyone(q, plan)
    if not q.groups and not q.entities and not q.has("among_everyone") and not compared:
        # "among Chinese companies?" - "excluding Tencent?": still among Chinese companies
        plan.groups = list(context.groups)
    keeps_out = not q.has("including")  # "and including them?" brings them back
    if context.intent == "remainder" and q.excluded and intent is None:
        # "the rest of the market without Google" - "and without Microsoft?": both left out
        plan.excluded = list(dict.fromkeys([*context.excluded, *q.excluded]))
        return
    if _fewer_of_those(plan, q, context, intent):
        return
    if q.excluded and not q.entities and not q.groups:
        plan.listed = plan.listed or context.listed  # "the four's share" - "and without A?"
    if q.the_n is not None and not q.excluded and q.the_n != len(context.entities):
        return  # "the four": all those listed again, not the one just named nor those left
    if q.entities or q.groups or q.excluded or q.excluded_groups or not keeps_out:
        return
    plan.excluded = list(context.excluded)
    plan.excluded_groups = list(context.excluded_groups)
    plan.listed = plan.listed or (context.listed and bool(plan.excluded))
    # "who grew the most?", "who doubled?" name nobody: everyone's changes
    ranks_everyone = intent == "change" and (plan.extreme or q.has("who"))
    ranks_everyone = ranks_everyone or asks_everyone(q, plan)  # "who bought as many as Google?"
    same = intent in (
        None,
        context.intent,
        "share",
        "change",
        "rank_position",
        "rank_neighbour",
        "figure",
    )
    # "and the second?" asks who is at a place, not whether the one just discussed is
    if same and not ranks_everyone and q.ordinal is None:
        # « … quel écart avec Lambda ? » - « sa part ? »: Tesla, not the two
        plan.entities = one_of_the_pair(q, context, list(context.entities))


def _fewer_of_those(plan: Plan, q: Query, context: Conversation, intent: str | None) -> bool:
    """ "The top 3's share" - "and without Microsoft?": the ones just named less the one left
    out (the two others), not everyone but it; one named alone leaves nobody: everyone else."""
    if intent is not None or q.entities or q.groups or q.excluded_groups or not q.excluded:
        return False
    kept = [e for e in context.entities if e not in q.excluded]
    if not kept or len(kept) == len(context.entities) or len(context.entities) < 2:
        return False
    plan.entities, plan.excluded = kept, []
    return True


def _same_question(plan: Plan, q: Query, context: Conversation, previous: str) -> None:
    """ "and in 2023?", "and among Chinese companies?": the previous question, changed."""
    # "Meta in 2024" (everything on it) - "and MI300?": that one figure, not everything again
    said = q.metrics or q.partial_metrics or q.verb_metrics
    plan.intent = "figure" if previous == "entity_overview" and said else previous
    if previous == "reverse_lookup":
        _looked_for_again(plan, q, context)
    if previous in (*_OF_THE_TOP, "ranking") and plan.top_n is None:
        # "the top 3's total" - "and in 2023?"; "the share outside the top 2" - "and in 2023?"
        plan.top_n, plan.top_out = context.top_n, context.top_out
    if previous == "rank_position" and not plan.entities:
        plan.position = plan.position or context.position  # "who is second?" - "and in 2023?"
    plan.direction = context.direction if not q.has("least", "most") else plan.direction
    # "who grew the most?" - "and in 2023?": still everyone's changes, ranked the same way
    plan.extreme = plan.extreme or context.extreme
    relative = plan.relative_change or context.relative_change
    plan.relative_change = relative and not q.has("absolute")  # "and in absolute terms?"
    groups_compared = plan.intent == "comparison" and len(plan.groups) >= 2
    # "did the Chinese companies buy more than Microsoft?" - "by how much?": the same two sides
    asked = context.yes_no
    kept = plan.intent == "comparison" and not q.groups and asked is not None and bool(asked.sides)
    if plan.intent in ("figure", "comparison") and not plan.entities and not groups_compared:
        # "how many did Microsoft buy?" - "and among Chinese companies?": theirs, ranked
        plan.intent = "comparison" if kept else "ranking"


def _looked_for_again(plan: Plan, q: Query, context: Conversation) -> None:
    """ "Who bought exactly 50k?" - "and in 2024?": the same figure looked for; "how many is
    that?": those who have it, counted (never a figure of 0 looked for)."""
    if plan.value is not None or context.threshold is None:
        return
    plan.value = context.threshold[1]
    if q.has("how_many"):
        plan.intent, plan.threshold = "count", ("eq", plan.value)


def _compared_with(plan: Plan, q: Query, context: Conversation, base: str | None) -> None:
    """ "Meta's figure" - "how does that compare to 2023?": the change; "… to Google?": both."""
    if q.entities:
        plan.intent = "comparison"
        plan.entities = list(dict.fromkeys([*context.entities, *q.entities]))
        return
    other = q.periods[0] if q.periods else None
    if q.period_shift and base is not None:
        other = Period.parse(base).shifted(q.period_shift)  # "… to the year before?": from it
    if other is not None and base is not None and other.code != base:
        plan.intent = "change"
        plan.entities = list(context.entities)
        plan.periods = [Period.parse(base), other]
    else:
        plan.intent = "figure"


def _about_another(plan: Plan, q: Query, context: Conversation, previous: str) -> None:
    """ "and Meta?": the same question about another entity."""
    keeps = {"change", "share", "rank_position", "comparison", "figure", "entity_overview"}
    if context.entities:
        # "Microsoft in total?" - "and Meta?": Meta in total; "did Meta buy more than 200k?" -
        # "and Google?": the same yes or no about Google, against the same bar or top N
        keeps |= {"total", "average", "threshold", "superlative", "ranking"}
    plan.intent = previous if previous in keeps else "figure"
    if plan.intent == "change" and one_period_named(q):
        plan.intent = "figure"  # "ByteDance 2023 and 2024" - "CoreWeave 2023": its 2023 figure
    if plan.intent in BARRED:
        inherit_threshold(plan, q, context)
    if plan.intent in ("superlative", "ranking"):
        plan.direction = context.direction
        plan.top_n = plan.top_n or context.top_n
    if plan.intent == "comparison" and len(plan.entities) < 2:
        plan.intent = "figure"
    if plan.intent == "rank_position":
        plan.position = None


def inherit_threshold(plan: Plan, q: Query, context: Conversation) -> None:
    """ "and in 2023?" after "who bought more than 200,000?": the same bar, another period."""
    if q.numbers or q.fraction is not None or q.relative_to or plan.mean_bar:
        return
    plan.threshold, plan.upper, plan.fraction = context.threshold, context.upper, context.fraction
    plan.bounds = context.bounds
    plan.mean_bar, plan.factor = context.mean_bar, context.factor
    plan.relative_to = context.relative_to
    if context.threshold is not None and context.fraction is None and context.factor is None:
        plan.value = context.threshold[1]
