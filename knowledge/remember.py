"""What an answered question leaves in the conversation for the next one to take up."""

from __future__ import annotations

from knowledge.conversation import Conversation
from knowledge.intents import Part
from knowledge.listing import remember_listing
from knowledge.model import Period
from knowledge.parse.question import Query
from knowledge.plan import Plan
from knowledge.reading import ABOUT_INTENTS
from knowledge.yesno import asked_of


def remember(
    context: Conversation, plan: Plan, query: Query, part: Part, intent: str, *, clarifying: bool
) -> None:
    """Keep what a follow-up may take from this question and its answer."""
    context.language = query.language
    context.turns += 1
    remember_listing(context, plan, intent)
    if intent in ("unknown", "clarify", *ABOUT_INTENTS):
        if not clarifying:
            return
        intent = plan.intent  # "which one?": the answer naming a metric finishes this question
    context.awaiting_metric = clarifying
    shown = _shown_by(plan, intent, part)
    _remember_before(context, plan, part, shown)
    context.chain = _chain(context, plan)
    context.intent = intent
    # "Tencent" (everything on it) - "is that more than ByteDance?": the metrics it was shown with
    shown_metrics = (
        tuple(dict.fromkeys(f.metric for f in part.facts)) if intent == "entity_overview" else ()
    )
    context.metrics = () if clarifying else tuple(plan.metrics) or shown_metrics or context.metrics
    context.period = _period_named(plan, intent)
    context.answered_period = part.period or context.period
    context.entities = tuple(plan.entities)
    context.shown = shown
    context.groups = tuple(plan.groups)
    context.excluded = tuple(plan.excluded)
    context.excluded_groups = tuple(plan.excluded_groups)
    context.listed = plan.listed
    context.direction = plan.direction
    context.threshold, context.upper, context.bounds = plan.threshold, plan.upper, plan.bounds
    if intent == "reverse_lookup" and plan.threshold is None and plan.value is not None:
        context.threshold = ("eq", plan.value)  # "who bought 50k?": the figure looked for
    context.relative_to, context.fraction = plan.relative_to, plan.fraction
    context.mean_bar, context.factor = plan.mean_bar, plan.factor
    context.top_n, context.position = plan.top_n, plan.position
    context.top_out = plan.top_out
    context.extreme, context.relative_change = plan.extreme, plan.relative_change
    context.gap = plan.gap and intent == "superlative"
    context.summed = plan.summed
    context.group_means = plan.group_means
    context.yes_no = asked_of(plan)
    several = intent == "total" and len(plan.periods) > 1
    context.total_periods = tuple(p.code for p in plan.periods) if several else ()


def _period_named(plan: Plan, intent: str) -> str | None:
    """The period a follow-up goes on with: of a change, the later one ("growth?" - "rank?")."""
    if not plan.periods:
        return None
    if intent == "change":
        return max(plan.periods, key=Period.sort_key).code
    return plan.periods[0].code


def _remember_before(context: Conversation, plan: Plan, part: Part, shown: tuple[str, ...]) -> None:
    """What the question before was about, where this one changes it: for "the difference?"."""
    entities, groups = tuple(plan.entities), tuple(plan.groups)
    if entities != context.entities:
        context.before = context.entities
    context.groups_before = context.groups if groups != context.groups else context.groups_before
    period = part.period or (plan.periods[0].code if plan.periods else None)
    same = (entities, groups, tuple(plan.metrics)) == (
        context.entities,
        context.groups,
        context.metrics,
    )
    moved = same and period != context.answered_period
    # "top 3 in 2023" - "and in 2024?": the same three again is still a list of its own period
    # ("who dropped out?": nobody)
    relisted = moved and plan.intent == context.intent == "ranking"
    changed = shown != context.shown or relisted
    context.shown_before = context.shown if changed else context.shown_before
    context.period_before = context.answered_period if moved else None
    # "Meta's MI300" - "and Hopper?": the same ones, another metric ("which is bigger?")
    other_metric = (entities, groups) == (context.entities, context.groups)
    other_metric = other_metric and tuple(plan.metrics) != context.metrics
    # "… - "and in-house?" - "and Nvidia?": each metric asked of them in a row, in order
    earlier = (*context.metrics_before, *context.metrics)
    kept = tuple(m for m in dict.fromkeys(earlier) if m not in plan.metrics)
    context.metrics_before = kept if other_metric else ()


def _chain(context: Conversation, plan: Plan) -> tuple[str, ...]:
    """The ones asked about one at a time in a row ("Google" - "and Meta?" - "and Amazon?"),
    so "total?" adds up all of them, not only the last two; "X vs Y" - "and vs Z?" adds Z."""
    if len(plan.entities) != 1:
        earlier = context.chain or context.entities
        if plan.followup and len(plan.entities) >= 2 and set(plan.entities) & set(earlier):
            return tuple(dict.fromkeys([*earlier, *plan.entities]))
        return ()
    one = plan.entities[0]
    if not plan.followup or not context.chain or context.chain[-1] == one:
        return context.chain if context.chain[-1:] == (one,) else (one,)
    return (*context.chain, one) if one not in context.chain else (one,)


def _shown_by(plan: Plan, intent: str, part: Part) -> tuple[str, ...]:
    """Whom an answer is about: those named, else those it found."""
    if intent == "rank_neighbour":
        return _neighbours(plan, part)
    if intent == "total" and plan.top_out:
        # "everyone except the top 2, combined" - "their share?": those added up
        return tuple(dict.fromkeys(f.entity for f in part.facts))
    return tuple(plan.entities) or _shown(intent, part)


def _neighbours(plan: Plan, part: Part) -> tuple[str, ...]:
    """ "Who is right behind Microsoft?": the ones found, not Microsoft ("how many did they
    buy?")."""
    return tuple(dict.fromkeys(f.entity for f in part.facts if f.entity not in plan.entities))


def _shown(intent: str, part: Part) -> tuple[str, ...]:
    """Whom an answer about nobody named names: the ones ranked, or the leaders ("that")."""
    if intent in ("ranking", "change", "threshold", "reverse_lookup"):
        # the ones listed ("who bought exactly 50k?" - "is that a 4 way tie?": those found)
        return tuple(dict.fromkeys(f.entity for f in part.facts))
    if intent in ("superlative", "rank_position", "rank_neighbour") and part.facts:
        # the leader, the one at the position asked, the neighbour: with those tied with it
        first = part.facts[0]
        return tuple(f.entity for f in part.facts if f.value == first.value)
    return ()
