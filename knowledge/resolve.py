"""Query + conversation -> Plan: the intent, the metrics, entities, filters and periods to use."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from knowledge.afresh import whole_of_another_measure
from knowledge.bounds import named_bounds, set_bounds, two_sided
from knowledge.brandactor import money_misread
from knowledge.conversation import Conversation
from knowledge.countedrise import count_rises
from knowledge.eachgroup import groups_asked
from knowledge.goeson import bare_metric, is_followup, metric_of_the_one, names_only
from knowledge.halfplan import half_asked
from knowledge.kept_group import follow
from knowledge.kindsaid import kind_unmatched
from knowledge.likeforlike import asks_like_for_like
from knowledge.metric_choice import metrics_meant, shared_quantities
from knowledge.model import Period
from knowledge.negation import negate
from knowledge.others import the_rest, whole_less
from knowledge.pairing import metric_pairs
from knowledge.parse.comparatives import choice_at, multiples_either
from knowledge.parse.counts import top_left_out
from knowledge.parse.items import COMPARATIVE
from knowledge.parse.lang import vocabulary
from knowledge.parse.qualifiers import measure_lacking
from knowledge.parse.question import Query
from knowledge.plan import Plan
from knowledge.pointed import with_referents
from knowledge.reading import (
    ABOUT_INTENTS,
    bar_on_change,
    classify,
    divides_metrics,
    margin_of,
    percent_said,
    said_in_percent,
    sides_of,
    times_said,
    versus_mean,
)
from knowledge.sidespans import cross_sides
from knowledge.thatsides import sides_after_figure
from knowledge.together import settle_together
from knowledge.view import KnowledgeView
from knowledge.wholes_named import drop_wholes, whole_unasked

MAX_METRICS = 3  # answer for each matching metric up to this many; ask which beyond
NEEDS_NO_METRIC = frozenset({*ABOUT_INTENTS, "entity_overview"})
_OPS = (
    ("at_least", "ge"),
    ("at_most", "le"),
    ("more_than", "gt"),
    ("more", "gt"),
    ("less_than", "lt"),
    ("less", "lt"),
)


_SMALL_FIRST = ("bottom", "ascending")  # "the bottom 3", "in ascending order"


def _sources_of_last(plan: Plan, q: Query, context: Conversation | None) -> None:
    """ "Who bought the most?" - "source?": that answer's sources (metric, period, ones found)."""
    if plan.intent not in ("sources", "quote") or context is None or not context.metrics:
        return
    named = q.entities and not q.has("pronoun")  # "when is it from?": "it" is the last answer
    if named or q.groups or q.metrics or q.partial_metrics or q.periods or q.numbers:
        return
    plan.metrics = list(context.metrics)
    period = context.answered_period or context.period
    plan.periods = [Period.parse(period)] if period else []
    plan.entities = list(context.entities or context.shown)
    if plan.intent == "sources":
        plan.cited = list(context.cited)


def make_plan(
    q: Query,
    view: KnowledgeView,
    context: Conversation | None,
    fuzzy: frozenset[str] = frozenset(),
) -> Plan:
    """Decide how to answer, inheriting from the conversation only what the question leaves open.

    `fuzzy`: the entities the question names only through a corrected typo.
    """
    if context is not None:
        q = with_referents(whole_unasked(q, view), view, context)
    if q.has("two_periods", "every_period") and not q.periods:
        # "in both years", "each year": the periods the named ones have figures for
        count = 2 if q.has("two_periods") else None
        q = replace(q, periods=_last_periods(q, view, q.entities, count))
    intent = classify(q)  # read once: the follow-up check and the plan both need it
    followup = is_followup(q, context, intent)
    if followup and context is not None and whole_of_another_measure(q, view, context):
        followup = False  # "what share of the server market …?" after Hopper: its own measure
    intent = _left_open(q, intent, context) if followup else intent
    plan = Plan(
        intent=intent or "unknown",
        periods=list(q.periods),
        entities=list(q.entities),
        groups=list(q.groups),
        excluded=list(q.excluded),
        excluded_groups=list(q.excluded_groups),
        direction="min" if q.has("least", "less_than", "less", "at_most", *_SMALL_FIRST) else "max",
        top_n=q.top_n,
        top_out=top_left_out(q),
        position=q.ordinal,
        relative_to=q.relative_to,
        multiple=q.multiple,
        followup=followup,
        listed=q.entity_noun,
        percent=q.has("share", "percent_gap"),
    )
    _read_manner(plan, q)
    _set_bar(plan, q)
    _growth_bar(plan, q)
    count_rises(plan, q)  # "how many countries grew?": those above nothing
    plan.like_for_like = asks_like_for_like(q)
    plan.sides = sides_of(q) or (sides_after_figure(q, context) if followup else [])
    plan.margin = margin_of(q)
    plan.margin_percent = plan.margin is not None and said_in_percent(q)
    if plan.margin is not None and plan.margin_percent:  # "20 %" is a fifth of the other's figure
        plan.margin = (plan.margin[0] / 100, plan.margin[1], plan.margin[2])
    # "who bought more, Microsoft or the Chinese companies?" is a choice, not a yes or a no
    plan.sides_asked = q.factor is not None or (
        q.first_comparative is not None and choice_at(q.items) is None
    )
    plan.cross = cross_sides(q)
    if plan.sides or plan.cross:
        plan.intent = "comparison"  # "did ByteDance and Tencent together buy more than Microsoft?"
    if followup and context is not None:
        follow(plan, q, context, intent, view)
    whole_less(plan, q, view)
    the_rest(plan, q, context, view)
    _settle_intent(plan, q, view)
    # (a follow-up comparing the last two answers' metrics has set them already)
    plan.metrics = plan.metrics or metrics_meant(q, view, plan, context if followup else None)
    plan.metrics = shared_quantities(view, plan)
    rest = plan.intent == "remainder" and not (plan.excluded or plan.excluded_groups)
    # (the stored wholes are looked at only for "the rest", not on every question)
    if rest and not any(metric in plan.metrics for metric, _ in view.aggregates):
        plan.problem = "the_rest"  # no stored whole to take "the rest of" for these metrics
    drop_wholes(plan, view)
    plan.pairs = metric_pairs(q) if plan.intent == "comparison" and not plan.sides else None
    plan.together = _asked_together(plan, q)
    settle_together(plan)
    if plan.intent == "count" and plan.threshold is None and plan.value is not None:
        plan.threshold = ("eq", plan.value)  # "how many bought 50,000?": exactly that many
    if plan.intent == "figure" and not plan.metrics and plan.entities:
        plan.intent = "entity_overview"
    _check(plan, q, context)
    # "the 3" with 6 listed and no three just shown; "which companies" of figures by country
    kind_unmatched(plan, q, view)
    money_misread(plan, q, view)  # "how much did Nvidia spend?", "spent on Hopper chips"
    negate(plan, q)
    if plan.problem is None and _fuzzy_only(plan, q, fuzzy):
        plan.problem = "fuzzy_only"
    return plan


def _left_open(q: Query, intent: str | None, context: Conversation | None) -> str | None:
    """No intent of its own for a follow-up that only names others: the previous question."""
    answering = context is not None and context.awaiting_metric
    if metric_of_the_one(q, intent, context) or (answering and bare_metric(q, intent)):
        return None  # "and in-house chips?": the previous question, about another metric
    if context is not None and names_only(q, intent, context):
        return None  # "… share" - "I meant Amazon and Google": their share, not a comparison
    return intent


def _read_manner(plan: Plan, q: Query) -> None:
    """How the question asks: in proportion, for each, with the gap, the most, a fall."""
    # "compare Microsoft's growth with ByteDance's in percent": their changes ranked in proportion
    in_percent = plan.intent == "change" and plan.percent and len(q.entities) + len(q.groups) > 1
    plan.relative_change = q.has("relative", "slowest") or in_percent
    plan.gap = q.has("difference")
    plan.each = q.has("each")
    plan.closer = q.has("closer")
    # "how much more did Google spend than Meta in percentage terms?": apart, in percent
    plan.percent = plan.percent or (plan.intent == "comparison" and plan.relative_change)
    if q.has("slowest"):
        plan.direction = "min"
    plan.extreme = q.has("most", "least") or plan.relative_change
    if plan.intent == "change" and q.has("decline"):
        plan.direction = "max" if plan.direction == "min" else "min"  # "fell the most": the falls
        plan.fall = True


def _settle_intent(plan: Plan, q: Query, view: KnowledgeView) -> None:
    """What the intent asks once the conversation has filled in the names."""
    if plan.intent == "change" and times_said(q) and plan.multiple is None:
        # "did ByteDance buy at least 10 times as many as in 2023?", "qui a multiplié ses
        # achats par 4 ?": a multiple of the earlier figure, not a number of chips
        op, value = plan.threshold or ("about", plan.value or Decimal(0))
        if op in ("gt", "ge", "about") and value == value.to_integral_value() and value >= 2:
            plan.multiple, plan.threshold, plan.value = int(value), None, None
            plan.times = op
    if plan.intent == "change" and not plan.entities and not plan.multiple:
        _everyones_change(plan, q)
    if plan.intent == "change" and plan.entities and plan.multiple and plan.times is None:
        # "did Microsoft double its purchases?", "Meta a doublé ?": a yes or a no on the multiple,
        # within 5% of it a yes too ("did Amazon nearly quadruple?", 3.9×)
        plan.times = "either" if multiples_either(q.items) else "about"  # "double or triple?"
    ranks = q.has("most", "least", "rank", "top")
    if plan.intent == "total" and len(plan.periods) > 1 and not plan.entities and ranks:
        # "who bought the most over 2023 and 2024 combined?": each one's sum, ranked
        plan.intent = "ranking" if q.has("rank", "top") else "superlative"
        plan.summed = True
    plan.both_ends = plan.intent == "superlative" and q.has("most") and q.has("least")
    bounds = named_bounds(q) if plan.intent == "ranked_between" else None
    if bounds is not None:
        plan.entities, plan.bounded = list(bounds), True
    set_bounds(plan, q)
    groups_asked(plan, q, view)  # "rank the groups", "US vs China in %", "the Chinese average vs …"
    half_asked(plan, q)  # "the bottom half of Hopper buyers"
    # ("who is just ahead of it?" - "and in 2023?": still ahead, the direction kept from before)
    said = q.has("ahead", "behind", "closer")
    kept = plan.direction in ("ahead", "behind", "nearest") and not said
    if plan.intent == "rank_neighbour" and not kept:
        plan.direction = "ahead" if q.has("ahead") else "nearest" if q.has("closer") else "behind"
    if plan.intent == "rank_position" and q.has("change") and not plan.periods:
        plan.periods = _last_periods(q, view, plan.entities)  # "how did Meta's rank change?"


def _everyones_change(plan: Plan, q: Query) -> None:
    """A change asked of no one named: of a sum, or everyone's changes ranked."""
    # "did total purchases grow?", "growth of Chinese companies": the change of their sum
    each = any(t.key in vocabulary().each_words for t in q.said)  # "did all of them grow?"
    of_a_group = len(plan.groups) == 1 and not q.has("who", "rank") and not each
    # a sum asked in two periods just before ("the total in 2023" - "and 2024?" - "growth?")
    plan.summed = (plan.summed or q.has("total") or of_a_group) and not plan.extreme
    # "how much did they grow?", not "their sales" nor "ont-ils baissé pour quelqu'un ?"
    theirs = q.has("pronoun") and not plan.groups and not q.has("who")
    asks_other = q.has("total", "average", "median", "how_many") or theirs or len(plan.groups) > 1
    if not asks_other and not plan.growth_bar and not plan.summed:
        plan.extreme = True  # "did anyone's purchases fall?", "who grew?": the largest changes
    if plan.extreme and q.has("share"):
        plan.relative_change = True  # "who grew the most in percentage?"


def _asked_together(plan: Plan, q: Query) -> bool:
    """Whether a bar is asked of several, or of a group, together rather than of each."""
    if q.has("who", "each"):
        return False  # "which … bought more than a quarter?" lists each
    # "did Microsoft and Meta buy more than half?", "did Chinese companies buy more than a
    # quarter?": a part of the whole is asked of them together
    several = len(plan.entities) >= 2 or (bool(plan.groups) and not plan.entities)
    if q.fraction is not None:
        # "did the four big spenders account for more than half?": those listed, together
        return several or (plan.listed and not plan.entities and _many_asked(q))
    # "do Microsoft and Meta have more than 700k between them?": their sum against the bar;
    # named ones only ("total of US companies with more than 100k" filters the members), and
    # all named before the comparison ("A and B together … 200k more than C" is no bar on a sum)
    cut = q.first_comparative or 0
    before = all(x.start < cut for x in q.items if x.kind == "entity")  # none named: "they"
    summed = bool(q.numbers) and q.has("total") and q.has(*COMPARATIVE) and not plan.sides
    # "does total server spending exceed 100 billion?": the total itself against the bar
    everyone = not plan.entities and not plan.groups and _asks_yes_or_no(q)
    return summed and ((len(plan.entities) >= 2 and before) or everyone)


def _many_asked(q: Query) -> bool:
    """ "Did the four / the big spenders account for …?": a yes or no on several listed, said
    in the plural (not "did any one company …?", asked of each)."""
    nouns = vocabulary().entity_nouns
    plural = any(t.key in nouns and t.text != t.key for t in q.said)
    return (q.the_n is not None or plural) and _asks_yes_or_no(q)


def _asks_yes_or_no(q: Query) -> bool:
    """ "Is …", "does …", "est-ce que …", or a French inversion ("dépasse-t-il"): a yes or no."""
    first = q.said[0].key if q.said else ""
    return first in vocabulary().yes_no_openers or q.has("pronoun")


def _set_bar(plan: Plan, q: Query) -> None:
    """What the question compares to: a part of the whole, a number or two, the average."""
    plan.mean_bar = versus_mean(q)
    if q.factor is not None and (q.relative_to or q.groups):
        # "twice as many as Meta" is at least twice; "half as many", "deux fois moins" at most
        said = _said_op(q)
        # about a named entity, "half as many" is about half (within a tenth of it)
        default = "ge" if q.factor >= 1 else "about"
        if q.factor <= 1 and not q.entities:
            # "who bought as many as Microsoft?", "half as many as": that figure, or the nearest
            default = "eq"
        plan.factor = q.factor
        plan.threshold = (said or default, q.factor)
    elif q.fraction is not None:
        plan.fraction = q.fraction
        plan.threshold = (_said_op(q) or "gt", q.fraction)
    elif q.numbers and plan.intent == "share" and said_in_percent(q):
        # a share "above 25 %": a bar on the share asked about, not a bar of 25 on the figures
        plan.share_bar = (_said_op(q) or "about", q.numbers[0] / 100)
    elif q.numbers:
        plan.value = q.numbers[0]
        op = _said_op(q)
        if q.has("between") and len(q.numbers) >= 2:
            op, plan.upper = "between", q.numbers[1]
        bounds = two_sided(q) if op != "between" and len(q.numbers) >= 2 else None
        if bounds is not None:
            # "more than 100k but less than 200k": both bars (the lower one may be said second)
            op, low, plan.upper = bounds
            plan.value = low
            plan.threshold = (op, low)
        elif op is not None:
            plan.threshold = (op, q.numbers[0])


def _growth_bar(plan: Plan, q: Query) -> None:
    """ "Grew by more than 50 %": a bar on the change, in proportion when said in percent."""
    if plan.intent != "change" or not bar_on_change(q):
        return
    if plan.threshold is None and plan.value is not None:
        plan.threshold = ("about", plan.value)
    if plan.threshold is None:
        return
    op, value = plan.threshold
    if op not in ("gt", "ge", "lt", "le", "about") or plan.fraction is not None:
        return
    if times_said(q):
        # "who grew more than 5x?": a multiple of the earlier figure, as "who doubled?"
        whole = value == value.to_integral_value() and value >= 2
        plan.multiple, plan.threshold = (int(value) if whole else plan.multiple), None
        plan.times = op if whole else None  # "did ByteDance grow more than 10x?": yes or no
        return
    plan.growth_bar = True
    if percent_said(q):
        plan.threshold, plan.relative_change = (op, value / 100), True


def _said_op(q: Query) -> str | None:
    """The comparison a question says: "at least" ge, "more than" gt, …; None when it says none."""
    return next((op for concept, op in _OPS if q.has(concept)), None)


def _fuzzy_only(plan: Plan, q: Query, fuzzy: frozenset[str]) -> bool:
    """A corrected typo is the question's only sign of what it is about ("weather in Paris"
    read as company Parix): ask rather than answer about a name nobody wrote."""
    if not fuzzy or plan.followup or q.metrics or q.partial_metrics or q.verb_metrics:
        return False
    return plan.intent == "entity_overview" and all(e in fuzzy for e in plan.entities)


def _last_periods(
    q: Query, view: KnowledgeView, entities: list[str], count: int | None = 2
) -> list[Period]:
    """The latest periods (all when `count` is None) in which the named entities have a figure,
    for one metric."""
    metrics = [m for m in q.metrics if m in view.metrics] or list(view.metrics)
    for metric in metrics:
        shared = set(view.periods.get(metric, ()))
        for entity in entities:
            shared &= {f.period for f in view.by_entity.get(entity, ()) if f.metric == metric}
        if len(shared) >= 2:
            ordered = sorted((Period.parse(code) for code in shared), key=Period.sort_key)
            return ordered[-count:] if count is not None else ordered
    return []


def _check(plan: Plan, q: Query, context: Conversation | None) -> None:
    """What Tally does not know stops the answer ("source?" first takes the last answer's)."""
    _sources_of_last(plan, q, context)
    if q.has("beyond") and plan.intent not in ("help", "sources", "list_metrics"):
        plan.problem = "beyond"  # "why …?", "is it a good investment?", "what does an H100 cost?"
    elif q.qualifiers and plan.intent not in ("help", "sources", "list_metrics", "list_entities"):
        plan.problem = "unknown_qualifier"
    elif q.unknown_names and plan.intent not in ("help", "sources", "list_metrics"):
        plan.problem = "unknown_entity"
    elif plan.intent == "entity_overview" and measure_lacking(q):
        plan.problem = "unknown_metric"  # "how many employees does X have?", "Meta revenue"
    elif divides_metrics(q):
        plan.problem = "per_unit"  # "spent per chip": Tally does not divide figures
    elif plan.intent == "unknown":
        plan.problem = "unknown"
    elif plan.intent not in NEEDS_NO_METRIC and not plan.metrics:
        plan.problem = "no_metric"
    elif len(plan.metrics) > MAX_METRICS and plan.intent not in NEEDS_NO_METRIC:
        plan.problem = "clarify"
