"""The answer engine's entry point: a question in, a templated Answer out, from the view only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from knowledge import (
    about,
    allpast,
    computed,
    cumulative,
    groups,
    intents,
    levelnext,
    median,
    rankings,
    remainder,
    sharebar,
    sharechange,
    thresholds,
)
from knowledge.acrossmetrics import ranked_across, summed_measures
from knowledge.allpast import asked_of_all
from knowledge.answer import Answer
from knowledge.answermemo import AnswerMemo, memo_key
from knowledge.changeasked import fall_asked
from knowledge.conversation import Conversation
from knowledge.crossmetric import metrics_compared, metrics_summed, pairs_compared
from knowledge.crosssides import cross_compared
from knowledge.cutties import ties_said
from knowledge.dropouts import dropouts
from knowledge.elseasked import else_asked
from knowledge.everymetric import every_metric_answer, every_metric_plan
from knowledge.fields import (
    Block,
    Label,
    Names,
    Periods,
    PeriodText,
)
from knowledge.fuzzy import review
from knowledge.groupalone import group_alone
from knowledge.growthpart import part_of_growth, part_of_share
from knowledge.intents import Ctx, Part
from knowledge.interpretation import per_period
from knowledge.lacking import lacking_asked, listed
from knowledge.lexicon import Lexicon, lexicon_for
from knowledge.listing import listing_asked
from knowledge.metricsides import MetricSides, metric_sides, sides_compared
from knowledge.mix import entity_mix, mix_of
from knowledge.model import Language
from knowledge.nearmiddle import nearest_middle, nearest_middle_asked
from knowledge.notesasked import NOTES, ONE_MEASURE, notes, notes_asked
from knowledge.onlyin import only_in, only_in_asked
from knowledge.overperiods import added_over
from knowledge.pairverdict import pair_asked
from knowledge.parse.question import Query, parse
from knowledge.plan import Plan
from knowledge.problems import problem_part
from knowledge.publishers import publisher_answer, publisher_asked
from knowledge.quotes import QUOTE, quotes
from knowledge.rankmoved import rank_from_to
from knowledge.reading import ABOUT_INTENTS
from knowledge.remember import remember
from knowledge.reply import build_answer
from knowledge.resolve import make_plan
from knowledge.sharemean import average_or_worked
from knowledge.shareworked import figure_or_worked, ranking_or_worked, superlative_or_worked
from knowledge.summedpair import asks_summed, sums_compared
from knowledge.thanwhom import than_whom
from knowledge.tieasked import tie_asked, tie_verdict
from knowledge.ties import ties_asked
from knowledge.twoasks import figure_and_holder
from knowledge.valuenamed import value_named
from knowledge.view import KnowledgeView

if TYPE_CHECKING:
    from knowledge.store import KnowledgeBase

Handler = Callable[[Ctx, str], Part]
PER_METRIC: dict[str, Handler] = {
    "figure": figure_or_worked,
    "superlative": superlative_or_worked,
    "ranking": ranking_or_worked,
    "rank_position": rankings.rank_position,
    "ranked_between": rankings.ranked_between,
    "rank_neighbour": levelnext.rank_neighbour,
    "comparison": groups.comparison,
    "threshold": allpast.threshold,
    "reverse_lookup": thresholds.reverse,
    "total": computed.total,
    "average": average_or_worked,
    "median": median.median,
    "count": computed.count,
    "share": sharebar.share,
    "change": sharechange.change,
    "remainder": remainder.remainder,
}
ABOUT: dict[str, Callable[[Ctx], Part]] = {
    "sources": about.sources,
    "list_entities": listed,  # "which companies have (no) 2024 figure?"
    "list_metrics": about.list_metrics,
    "help": about.help_text,
    "thanks": about.thanks,
    "accuracy": about.accuracy,
    "itself": about.itself,
    QUOTE: quotes,
}
# ("most", "least": "laquelle est la plus grande ?" of one's two figures)
_COMPARING = (
    "compare",
    "more",
    "less",
    "more_than",
    "less_than",
    "difference",
    "ratio",
    "most",
    "least",
)
MAX_OVERVIEW = 12


async def answer(
    question: str,
    *,
    kb: KnowledgeBase | KnowledgeView,
    language: Language | None = None,
    default_language: Language | None = None,
    context: Conversation | None = None,
    today: date | None = None,
    memo: AnswerMemo | None = None,
) -> Answer:
    """Answer one question from the in-memory view (no I/O); update `context` for follow-ups."""
    view = kb if isinstance(kb, KnowledgeView) else kb.view
    return answer_sync(
        question,
        view,
        language=language,
        default_language=default_language,
        context=context,
        today=today,
        memo=memo,
    )


def answer_sync(
    question: str,
    view: KnowledgeView,
    *,
    language: Language | None = None,
    default_language: Language | None = None,
    context: Conversation | None = None,
    today: date | None = None,
    memo: AnswerMemo | None = None,
) -> Answer:
    """The synchronous core of `answer` (for scripts and benchmarks); `memo` keeps answers."""
    day = today or date.today()
    if memo is None:
        return _fresh(question, view, language, default_language, context, day)
    key = memo_key(question, language, default_language, day, context)
    return memo.answer(
        key,
        view,
        context,
        partial(_fresh, question, view, language, default_language, context, day),
    )


def _fresh(
    question: str,
    view: KnowledgeView,
    language: Language | None,
    default_language: Language | None,
    context: Conversation | None,
    today: date,
) -> Answer:
    """The answer, worked out."""
    lexicon = lexicon_for(view)
    # a question in neither language (a bare name) keeps the conversation's language
    fallback = (context.language if context is not None else None) or default_language
    query = parse(question, lexicon, today=today, language=language, default_language=fallback)
    fuzzy = review(query, lexicon)
    plan = _refined(make_plan(query, view, context, fuzzy), query, view, context)
    ctx = Ctx(view, plan, query.language)
    # "is Meta's in-house count bigger than its Hopper and MI300 combined?": measures added up
    sides = metric_sides(query, context) if plan.problem is None else None
    dropped = dropouts(ctx, query, context)  # "who dropped out?" after two top lists
    part, intent = dropped or _answered(ctx, query, lexicon, sides)
    tie_verdict(part, plan)  # "was it a tie?": yes or no first
    # "Microsoft's AI chips, all kinds" - "and Meta" - "who has more?": the sums too
    if asks_summed(plan, context) and (summed := sums_compared(ctx, part.facts)) is not None:
        part.blocks.append(summed)
    if context is not None:  # "who came in?" - "how many did they buy?": those it named
        context.moved = tuple(dict.fromkeys(f.entity for f in part.facts)) if dropped else ()
    if context is not None and dropped is None:  # (the two top lists stay for "who came in?")
        clarifying = intent == "clarify" and plan.intent in PER_METRIC
        remember(context, plan, query, part, intent, clarifying=clarifying)
        context.metric_sides = sides  # "by how much?" next: the same two sides
    answer = build_answer(question, ctx, query, part, intent, lexicon)
    if context is not None and intent not in ABOUT_INTENTS:
        # "source?" next: every source this answer cited, whichever figures they gave
        context.cited = tuple(source.key for source in answer.sources)
    return answer


def _answered(
    ctx: Ctx, query: Query, lexicon: Lexicon, sides: MetricSides | None
) -> tuple[Part, str]:
    """The answer: to a publisher named, to measures set against their sum, else by the plan."""
    named = publisher_asked(query, lexicon)
    if named is not None:
        # "who is Omdia?": what Tally has from it; a question of its own, not a follow-up
        ctx.plan.intent, ctx.plan.problem = "sources", None
        return publisher_answer(ctx, query, named), "sources"
    if sides is not None:
        return sides_compared(ctx, sides), "comparison"
    return _run(ctx, query, lexicon)


def _refined(plan: Plan, query: Query, view: KnowledgeView, context: Conversation | None) -> Plan:
    """The plan, with the readings that look at the whole question and the conversation."""
    added_over(plan, query)  # "over the two years": added up
    asked_of_all(plan, query)  # "did all four spend more than …?"
    ties_asked(plan, query)  # "who is tied with Tesla?"
    part_of_growth(plan, query)  # "did Meta grow by less than half?"
    part_of_share(plan, query, context)  # "… share" - "is that over a quarter?"
    rank_from_to(plan, query, view)  # "so Meta went from 1st to what?": its two ranks
    plan = every_metric_plan(plan, query, view, context)
    listing_asked(plan, query, context)  # "how many US companies are listed?": who, not a figure
    lacking_asked(plan, query)  # "which companies have no 2024 figure?": those without
    only_in_asked(plan, query)  # "in 2023 but not in 2024": a figure for the first only
    group_alone(plan, query, view)  # "entreprises chinoises 2023": their figures added up
    nearest_middle_asked(plan, query, context)  # "which company is closest to the average?"
    tie_asked(plan, query, context)  # "who deployed the most?" - "is there a tie?"
    else_asked(plan, query, context)  # "who else bought some?": the others, ranked
    notes_asked(plan, query, view)  # "does the 2024 number include H20s?": the notes
    value_named(plan, query, view)  # "what is the 229 billion figure?": the figure with it
    pair_asked(plan, query)  # "did Lambda buy more than Tesla?": yes or no first
    figure_and_holder(plan, query)  # "how many did Meta get and who's #1?": both, no yes or no
    plan.fall_asked = fall_asked(plan, query)  # "did Meta buy fewer in 2024 than in 2023?"
    than_whom(plan, query)  # "how many times more did Microsoft buy?": than whom, or when?
    return plan


def _run(ctx: Ctx, query: Query, lexicon: Lexicon) -> tuple[Part, str]:
    plan = ctx.plan
    if not ctx.view.facts:
        # an empty knowledge base: say so rather than offer a choice among nothing
        return Part(blocks=[Block("no_knowledge", {})]), "unknown"
    if plan.problem is not None:
        return problem_part(ctx, query, lexicon), "clarify" if plan.problem in (
            "clarify",
            "no_metric",
            ONE_MEASURE,
            "count_unmatched",
        ) else "unknown"
    if plan.intent == NOTES:
        return notes(ctx, query), NOTES
    special = _across_metrics(ctx, query)
    if special is not None:
        return special
    if plan.intent in ABOUT:
        return ABOUT[plan.intent](ctx), plan.intent
    if plan.intent == "entity_overview":
        return _overview(ctx), plan.intent
    if plan.cross is not None:
        return cross_compared(ctx, plan.cross), plan.intent  # each side its period or measure
    if plan.pairs is not None:
        return pairs_compared(ctx, plan.pairs), plan.intent  # each one's own metric
    handler = ties_said(_handler(plan, query), plan.intent, query)  # "top 3 without ties"
    if len(plan.metrics) == 1:
        return handler(ctx, plan.metrics[0]), plan.intent
    merged, firsts = Part(), []
    for metric in plan.metrics:
        part = handler(ctx, metric)
        merged.blocks.append(Block("section", {"label": Label(metric)}))
        merged.blocks.extend(part.blocks)
        merged.facts.extend(part.facts)
        merged.answered = merged.answered or part.answered
        merged.period = merged.period or part.period
        firsts.extend(part.facts[:1] if part.answered else [])
    if plan.intent == "figure" and (query.has(*_COMPARING) or plan.multiple):
        # "did Microsoft buy more Hopper or MI300 chips?": say which, not just both figures
        verdict = metrics_compared(ctx, firsts)
        merged.blocks.extend([verdict] if verdict is not None else [])
    if plan.intent == "total" and (summed := metrics_summed(ctx, firsts)) is not None:
        merged.blocks.append(summed)  # "Nvidia and AMD together": one unit, added up
    return merged, plan.intent


def _across_metrics(ctx: Ctx, query: Query) -> tuple[Part, str] | None:
    """An answer that reads several metrics at once, when the question asks for one."""
    plan = ctx.plan
    compare = _handler(plan, query) if plan.intent == "comparison" else None
    every = every_metric_answer(ctx, query, compare)
    if every is not None:
        return every, plan.intent  # "Microsoft vs Meta on every metric", "who has figures for …"
    if plan.intent == "share" and (mix := mix_of(query, ctx)) is not None:
        return entity_mix(ctx, mix), plan.intent  # "Meta's AI chips": its own figures added up
    if (across := summed_measures(query, ctx)) is not None:
        return ranked_across(ctx, across), "ranking"  # "the most AI chips in total": all added
    return None


def _handler(plan: Plan, query: Query) -> Handler:
    """What answers the plan for one metric: the intent's handler, or once per period."""
    if plan.only_in is not None:
        return only_in  # "in 2023 but not in 2024": one answer over both periods
    handler = PER_METRIC[plan.intent]
    if plan.intent == "reverse_lookup" and plan.mean_bar:
        return nearest_middle  # "which company is closest to the median?"
    if plan.summed and plan.intent in ("superlative", "ranking") and len(plan.periods) > 1:
        return cumulative.ranked_sums  # "who bought the most over both years combined?"
    if not per_period(plan):
        return handler
    added = plan.intent == "total" and not (plan.barred or plan.top_n)
    if added and not query.has("compare", "every_period"):
        return computed.total_over_periods  # each period's total, and their sum
    return partial(intents.each_period, handler=handler)


def _overview(ctx: Ctx) -> Part:
    part = Part(answered=True)
    for entity in ctx.plan.entities:
        facts = ctx.view.by_entity.get(entity, ())
        if not facts:
            part.blocks.append(Block("unknown_entity", {"words": Names((entity,))}))
            part.answered = False
            continue
        if ctx.plan.periods:
            codes = {p.code for p in ctx.plan.periods}
            asked = [f for f in facts if f.period in codes]
            if not asked:
                fields = {
                    "entity": Names((entity,)),
                    "period": PeriodText(ctx.plan.periods[0].code),
                    "periods": Periods(tuple(sorted({f.period for f in facts}))),
                }
                part.blocks.append(Block("no_entity_period", fields))
                part.answered = False
                continue
            facts = tuple(asked)
        part.blocks.append(Block("overview_head", {"entity": Names((entity,))}))
        latest_first = sorted(facts, key=lambda f: f.period, reverse=True)[:MAX_OVERVIEW]
        for fact in latest_first:
            part.blocks.extend(intents.with_notes(ctx, fact, "overview_line"))
            part.facts.append(fact)
    return part
