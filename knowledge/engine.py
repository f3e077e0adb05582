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
    median,
    rankings,
    remainder,
    sharebar,
    sharechange,
    thresholds,
    ties,
)
from knowledge.acrossmetrics import ranked_across, summed_measures
from knowledge.allpast import asked_of_all
from knowledge.answer import Answer, FigureRef, SourceRef
from knowledge.conversation import Conversation
from knowledge.crossmetric import metrics_compared, metrics_summed, pairs_compared
from knowledge.crosssides import cross_compared
from knowledge.cutties import ties_said
from knowledge.everymetric import every_metric_answer, every_metric_plan
from knowledge.fields import (
    Block,
    Label,
    Labels,
    Names,
    Periods,
    PeriodText,
    UserText,
)
from knowledge.fuzzy import review, shown
from knowledge.groupalone import group_alone
from knowledge.growthpart import part_of_growth
from knowledge.intents import Ctx, Part
from knowledge.interpretation import interpretation, per_period
from knowledge.lexicon import Lexicon, lexicon_for
from knowledge.listing import listing_asked
from knowledge.metricsides import MetricSides, metric_sides, sides_compared
from knowledge.mix import entity_mix, mix_of
from knowledge.model import Fact, Language
from knowledge.narrower import narrower_notes
from knowledge.nearmiddle import nearest_middle, nearest_middle_asked
from knowledge.overperiods import added_over
from knowledge.parse.question import Query, parse
from knowledge.publishers import publisher_answer, publisher_asked
from knowledge.remember import remember
from knowledge.render import Renderer
from knowledge.resolve import Plan, make_plan
from knowledge.summedpair import asks_summed, sums_compared
from knowledge.tieasked import tie_asked
from knowledge.ties import ties_asked
from knowledge.view import KnowledgeView

if TYPE_CHECKING:
    from knowledge.store import KnowledgeBase

Handler = Callable[[Ctx, str], Part]
PER_METRIC: dict[str, Handler] = {
    "figure": intents.figure,
    "superlative": rankings.superlative,
    "ranking": ties.ranking,
    "rank_position": rankings.rank_position,
    "ranked_between": rankings.ranked_between,
    "rank_neighbour": rankings.rank_neighbour,
    "comparison": groups.comparison,
    "threshold": allpast.threshold,
    "reverse_lookup": thresholds.reverse,
    "total": computed.total,
    "average": computed.average,
    "median": median.median,
    "count": computed.count,
    "share": sharebar.share,
    "change": sharechange.change,
    "remainder": remainder.remainder,
}
ABOUT: dict[str, Callable[[Ctx], Part]] = {
    "sources": about.sources,
    "list_entities": about.list_entities,
    "list_metrics": about.list_metrics,
    "help": about.help_text,
    "thanks": about.thanks,
    "accuracy": about.accuracy,
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
MAX_FIGURES = 50


async def answer(
    question: str,
    *,
    kb: KnowledgeBase | KnowledgeView,
    language: Language | None = None,
    default_language: Language | None = None,
    context: Conversation | None = None,
    today: date | None = None,
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
    )


def answer_sync(
    question: str,
    view: KnowledgeView,
    *,
    language: Language | None = None,
    default_language: Language | None = None,
    context: Conversation | None = None,
    today: date | None = None,
) -> Answer:
    """The synchronous core of `answer` (for scripts and benchmarks)."""
    lexicon = lexicon_for(view)
    # a question in neither language (a bare name) keeps the conversation's language
    fallback = (context.language if context is not None else None) or default_language
    query = parse(
        question, lexicon, today=today or date.today(), language=language, default_language=fallback
    )
    fuzzy = review(query, lexicon)
    plan = _refined(make_plan(query, view, context, fuzzy), query, view, context)
    ctx = Ctx(view, plan, query.language)
    # "is Meta's in-house count bigger than its Hopper and MI300 combined?": measures added up
    sides = metric_sides(query, context) if plan.problem is None else None
    part, intent = _answered(ctx, query, lexicon, sides)
    # "Microsoft's AI chips, all kinds" - "and Meta" - "who has more?": the sums too
    if asks_summed(plan, context) and (summed := sums_compared(ctx, part.facts)) is not None:
        part.blocks.append(summed)
    if context is not None:
        clarifying = intent == "clarify" and plan.intent in PER_METRIC
        remember(context, plan, query, part, intent, clarifying=clarifying)
        context.metric_sides = sides  # "by how much?" next: the same two sides
    return _build(question, ctx, query, part, intent, lexicon)


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
    plan = every_metric_plan(plan, query, view, context)
    listing_asked(plan, query, context)  # "how many US companies are listed?": who, not a figure
    group_alone(plan, query, view)  # "entreprises chinoises 2023": their figures added up
    nearest_middle_asked(plan, query, context)  # "which company is closest to the average?"
    tie_asked(plan, query, context)  # "who deployed the most?" - "is there a tie?"
    return plan


def _run(ctx: Ctx, query: Query, lexicon: Lexicon) -> tuple[Part, str]:
    plan = ctx.plan
    if not ctx.view.facts:
        # an empty knowledge base: say so rather than offer a choice among nothing
        return Part(blocks=[Block("no_knowledge", {})]), "unknown"
    if plan.problem is not None:
        return _problem(ctx, query, lexicon), "clarify" if plan.problem in (
            "clarify",
            "no_metric",
        ) else "unknown"
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
    if plan.intent == "figure" and query.has(*_COMPARING):
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


def _problem(ctx: Ctx, query: Query, lexicon: Lexicon) -> Part:
    plan, view = ctx.plan, ctx.view
    every = tuple(view.metrics)
    if plan.problem in ("unknown_qualifier", "unknown_metric"):
        said_words = (
            [*query.qualifiers, *query.partial_words] if query.qualifiers else query.unknown
        )
        said = " ".join(said_words[:8])
        labels = tuple(m for m in every if m in query.partial_metrics) or every
        return Part(
            blocks=[Block("unknown_qualifier", {"words": UserText(said), "labels": Labels(labels)})]
        )
    if plan.problem in ("clarify", "no_metric"):
        labels = tuple(plan.metrics) or every
        return Part(blocks=[Block("clarify", {"labels": Labels(labels)})])
    if plan.problem == "fuzzy_only":
        return _fuzzy_only(ctx, query)
    if plan.problem == "other_measure" and plan.other_measure is not None:
        verb, metric = plan.other_measure
        named = tuple(m for m in plan.metrics if m != metric) or tuple(query.metrics)
        fields = {"verb": UserText(verb), "verb_label": Label(metric, lower=True)}
        return Part(blocks=[Block("other_measure", fields | {"labels": Labels(named, lower=True)})])
    if plan.problem in ("negation", "the_rest", "per_unit", "beyond"):
        return Part(blocks=[Block(plan.problem, {})])
    words = query.unknown_names or query.unknown
    if not words:
        return Part(blocks=[Block("unknown")])
    blocks = [
        Block(
            "unknown_entity" if query.unknown_names else "unknown_words",
            {"words": UserText(" ".join(words[:6]))},
        )
    ]
    guesses = _did_you_mean(words, lexicon, view, ctx.language)
    if guesses:
        blocks.append(Block("did_you_mean", {"names": UserText(" / ".join(guesses))}))
    return Part(blocks=blocks, suggestions=guesses)


def _fuzzy_only(ctx: Ctx, query: Query) -> Part:
    """The names the typos were read as, offered rather than answered about."""
    typos = [typo for typo, _ in query.corrections]
    names = [ctx.view.entities[e].display(ctx.language) for e in ctx.plan.entities]
    blocks = [Block("unknown_entity", {"words": UserText(" ".join(typos[:6]))})]
    if names:
        blocks.append(Block("did_you_mean", {"names": UserText(" / ".join(names[:5]))}))
    return Part(blocks=blocks, suggestions=names[:5])


def _did_you_mean(
    words: list[str], lexicon: Lexicon, view: KnowledgeView, language: Language
) -> list[str]:
    found: dict[str, None] = {}
    for word in words[:4]:
        for candidate in lexicon.correct(word, loose=True)[:3]:
            for ref in lexicon.lookup((candidate,)):
                if ref.kind == "entity":
                    found[view.entities[ref.key].display(language)] = None
                elif ref.kind == "metric":
                    metric = view.metrics[ref.key]
                    found[metric.label.get(language, ref.key)] = None
    return list(found)[:5]


def _build(
    question: str, ctx: Ctx, query: Query, part: Part, intent: str, lexicon: Lexicon
) -> Answer:
    view, language = ctx.view, ctx.language
    renderer = Renderer(view, language, seed=len(question))
    blocks = list(part.blocks) or [Block("unknown")]  # never an empty reply
    # the first figures are the relevant ones; a tie of thousands is not worth listing whole
    facts = list({f.identity: f for f in part.facts[: MAX_FIGURES * 2]}.values())[:MAX_FIGURES]
    answered = part.answered and (bool(facts) or intent in ABOUT)
    if not answered:
        facts = []  # an answer that is not answered rests on no figure
    if answered and facts:
        blocks.extend(narrower_notes(query, lexicon, facts))  # a part named, the whole answered
        blocks.extend(_source_blocks(view, facts))
    # a typo read as a name nobody asked about is offered as a suggestion, not as a reading
    corrections = [] if ctx.plan.problem == "fuzzy_only" else query.corrections[:3]
    names = [view.entities[e].name for e in ctx.plan.entities if e in view.entities]
    for typo, fixed in corrections:
        fields: dict[str, object] = {"typo": UserText(typo), "fixed": UserText(shown(fixed, names))}
        blocks.append(Block("corrected", fields))
    return Answer(
        question=question,
        language=language,
        answered=answered,
        intent=intent,
        text=renderer.text(blocks),
        interpretation=interpretation(renderer, ctx, intent, part),
        figures=[_figure(view, f, language) for f in facts],
        sources=[
            _source(view, key) for key in _cited(part, facts, answered) if key in view.sources
        ],
        suggestions=list(part.suggestions),
    )


def _cited(part: Part, facts: list[Fact], answered: bool) -> list[str]:
    keys = [f.source for f in facts] + (part.sources if answered else [])
    return list(dict.fromkeys(keys))


def _source_blocks(view: KnowledgeView, facts: list[Fact]) -> list[Block]:
    blocks = []
    for key in dict.fromkeys(f.source for f in facts):
        source = view.sources.get(key)
        if source is not None:
            fields = {
                "publisher": source.publisher,
                "title": source.title,
                "date": source.published,
            }
            blocks.append(Block("source", dict(fields)))
    return blocks


def _figure(view: KnowledgeView, fact: Fact, language: Language) -> FigureRef:
    entity = view.entities.get(fact.entity)
    metric = view.metrics.get(fact.metric)
    return FigureRef(
        entity=fact.entity,
        entity_name=entity.display(language) if entity else fact.entity,
        metric=fact.metric,
        metric_label=metric.label.get(language, fact.metric) if metric else fact.metric,
        period=fact.period,
        value=fact.value,
        unit=metric.unit if metric else "",
        approximate=fact.approximate,
        source=fact.source,
    )


def _source(view: KnowledgeView, key: str) -> SourceRef:
    source = view.sources[key]
    return SourceRef(source.key, source.title, source.publisher, source.published, source.url)
