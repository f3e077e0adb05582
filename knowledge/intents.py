"""Answers about one metric: figures, rankings, comparisons, thresholds, value look-ups."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from knowledge.fields import (
    Amount,
    Block,
    Gap,
    Label,
    Labels,
    Names,
    Percent,
    Periods,
    PeriodText,
    Ratio,
    Scope,
    Statement,
    Value,
    Word,
)
from knowledge.model import Fact, Language, Period
from knowledge.pairverdict import equal_key, verdict_key
from knowledge.plan import Plan
from knowledge.population import (
    Population,
    Whole,
    entity_period,
    holds,
    nearest_period,
    population,
)
from knowledge.reading import Margin
from knowledge.several import several_compared
from knowledge.view import KnowledgeView

DEFAULT_TOP = 10
MAX_LINES = 15
MAX_PERIODS = 4  # a question about several periods: one section each, the first few


@dataclass(slots=True)
class Part:
    """What answering for one metric gave."""

    answered: bool = False
    blocks: list[Block] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    period: str | None = None
    suggestions: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # cited without a figure (the sources intent)


def joined(parts: list[Part]) -> Part:
    """Several answers as one: their blocks and figures in order, answered if any one is."""
    merged = Part()
    for part in parts:
        merged.blocks.extend(part.blocks)
        merged.facts.extend(part.facts)
        merged.answered = merged.answered or part.answered
        merged.period = merged.period or part.period
    return merged


@dataclass(slots=True)
class Ctx:
    """What handlers read: the view, the plan, the language."""

    view: KnowledgeView
    plan: Plan
    language: Language

    @property
    def scope(self) -> Scope:
        """The plan's filter, for templates."""
        plan = self.plan
        return Scope(tuple(plan.groups), tuple(plan.excluded), tuple(plan.excluded_groups))

    def population(self, metric: str, period: str) -> Population:
        """The plan's filtered ranking."""
        plan = self.plan
        out = tuple(plan.excluded)
        return population(
            self.view, metric, period, tuple(plan.groups), out, tuple(plan.excluded_groups)
        )


def with_notes(ctx: Ctx, fact: Fact, template: str = "figure") -> list[Block]:
    """A fact's sentence and its note, if any."""
    blocks = [Block(template, {"statement": Statement(fact)})]
    note = fact.note.get(ctx.language)
    if note:
        blocks.append(Block("note", {"note": note}))
    return blocks


def resolve_period(
    ctx: Ctx, metric: str, entity: str | None = None
) -> tuple[str | None, Part | None]:
    """The period to use, or a Part saying the one asked has no data (with the nearest)."""
    view = ctx.view
    if ctx.plan.periods:
        asked = ctx.plan.periods[0]
        if asked.code in view.periods.get(metric, ()):
            return asked.code, None
        nearest = nearest_period(view, metric, asked, entity)
        fields: dict[str, object] = {
            "label_lower": Label(metric, lower=True),
            "period": PeriodText(asked.code),
        }
        if nearest is None:
            return None, Part(blocks=[Block("no_period_data", fields)])
        fields["nearest"] = PeriodText(nearest)
        if entity is not None and nearest != nearest_period(view, metric, asked):
            # "Tesla this year": its own nearest figure (2023), not the one others have (2024)
            fields["entity"] = Names((entity,))
            return None, Part(blocks=[Block("no_entity_nearest", fields)])
        return None, Part(blocks=[Block("no_period", fields)])
    if entity is not None:
        found = entity_period(view, entity, metric)
        if found is not None:
            return found, None
    latest = view.latest_period(metric)
    if latest is None:
        no_data = {"label_lower": Label(metric, lower=True), "period": "—", "scope": ctx.scope}
        return None, Part(blocks=[Block("no_data", no_data)])
    return latest, None


def missing_fact(ctx: Ctx, entity: str, metric: str, period: str) -> Part:
    """No figure for this entity: say so, and what exists for it."""
    fields = {
        "entity": Names((entity,)),
        "label_lower": Label(metric, lower=True),
        "period": PeriodText(period),
    }
    blocks = [Block("no_entity_data", fields)]
    history = ctx.view.by_entity.get(entity, ())
    periods = tuple(sorted({f.period for f in history if f.metric == metric}))
    metrics = tuple(dict.fromkeys(f.metric for f in history))
    if periods:
        # the same figure for another period is the likelier wish: say which periods
        fields = {"entity": Names((entity,)), "periods": Periods(periods)}
        blocks.append(Block("entity_periods", fields | {"label_lower": Label(metric, lower=True)}))
    elif metrics:
        blocks.append(Block("entity_has", {"entity": Names((entity,)), "labels": Labels(metrics)}))
    return Part(blocks=blocks, period=period)


def facts_of(ctx: Ctx, entities: Sequence[str], metric: str, period: str) -> list[Fact] | Part:
    """Each named entity's figure in a period; or what is missing, for the first without one."""
    found = []
    for entity in entities:
        fact = ctx.view.fact(entity, metric, period)
        if fact is None:
            return missing_fact(ctx, entity, metric, period)
        found.append(fact)
    return found


def figure(ctx: Ctx, metric: str) -> Part:
    """One entity's figure (or each named entity's)."""
    if not ctx.plan.entities:
        return Part()  # nobody to give a figure for: not an answer
    part = Part(answered=True)
    for entity in ctx.plan.entities:
        period, problem = resolve_period(ctx, metric, entity)
        if problem is not None or period is None:
            return problem or Part()
        fact = ctx.view.fact(entity, metric, period)
        if fact is None:
            return missing_fact(ctx, entity, metric, period)
        part.blocks.extend(with_notes(ctx, fact))
        part.facts.append(fact)
        part.period = period
    return part


def comparison(ctx: Ctx, metric: str) -> Part:
    """Two entities side by side: both figures, the difference and the ratio."""
    if len(ctx.plan.entities) < 2:
        return figure(ctx, metric)  # one left to compare (a follow-up narrowed them): its figure
    entities = ctx.plan.entities[:MAX_LINES]
    period = common_period(ctx, metric, entities)
    if period is None:
        period, problem = resolve_period(ctx, metric, entities[0])
        if problem is not None or period is None:
            return problem or Part()
    found = facts_of(ctx, entities, metric, period)
    if isinstance(found, Part):
        return found
    a, b = found[0], found[1]
    part = Part(answered=True, blocks=_compared_lines(ctx, found), facts=found, period=period)
    big, small = (a, b) if a.value > b.value else (b, a)
    if len(found) > 2:
        # three or more: their order, then how far the first is ahead of the second
        said, pair = several_compared(ctx, metric, found)
        part.blocks.extend(said)
        if pair is None:
            return part  # which one is closer, or a tie at the top
        big, small = pair
    elif a.value == b.value:
        part.blocks.append(Block(equal_key(ctx.plan), {"value": Value(a)}))  # "No: level"
        return part
    unit = ctx.view.metrics[metric].unit
    fields: dict[str, object] = {
        "bigger": Names((big.entity,)),
        "smaller": Names((small.entity,)),
        "difference": Gap(big.value - small.value, unit, a.approximate or b.approximate),
        "ratio": Ratio(big.value / small.value) if small.value > 0 else "—",
    }
    margin = _margin_verdict(ctx, a, b, fields, unit)
    if margin is not None:
        part.blocks.append(margin)  # "did Microsoft buy 200k more than Meta?": yes or no
        return part
    if ctx.plan.percent and ctx.plan.direction == "min" and big.value > 0:
        # "what percentage less did Meta spend than Microsoft?": 35.5% less
        fields["percent"] = Percent((big.value - small.value) / big.value)
        part.blocks.append(Block("comparison_less_percent", fields))
        return part
    if ctx.plan.percent and small.value > 0:
        # "what percentage more did Microsoft buy than Meta?": +116.5%
        fields["percent"] = Percent((big.value - small.value) / small.value)
        part.blocks.append(Block("comparison_more_percent", fields))
        return part
    part.blocks.append(Block(verdict_key(ctx.plan, big, small), fields))  # yes or no if asked
    return part


def _compared_lines(ctx: Ctx, found: list[Fact]) -> list[Block]:
    """The figures compared, in one line for two, one each for more, then their notes."""
    if len(found) == 2:
        pair: dict[str, object] = {"first": Statement(found[0]), "second": Statement(found[1])}
        blocks = [Block("comparison_pair", pair)]
    else:
        blocks = [Block("figure", {"statement": Statement(f)}) for f in found]
    notes = dict.fromkeys(n for f in found if (n := f.note.get(ctx.language)))
    return blocks + [Block("note", {"note": note}) for note in notes]


def _margin_verdict(
    ctx: Ctx, first: Fact, second: Fact, fields: dict[str, object], unit: str
) -> Block | None:
    """ "Did Microsoft buy 200k more than Meta?": whether the first is ahead by that much."""
    plan = ctx.plan
    if plan.margin is None or not plan.sides_asked:
        return None
    return margin_verdict(
        plan.margin, first.value, second.value, fields, unit, percent=plan.margin_percent
    )


def margin_verdict(
    margin: Margin,
    first: Decimal,
    second: Decimal,
    fields: dict[str, object],
    unit: str,
    *,
    percent: bool = False,
) -> Block:
    """Yes or no: is the first ahead of the second by the margin asked ("200k more", "20 %
    more": of the second's figure)? For two figures and for two sums alike; `fields` says who is
    ahead, and by how much."""
    value, op, less = margin
    ahead = (second - first) if less else (first - second)
    if percent:
        ahead = ahead / second if second > 0 else Decimal(0)
    key = "sides_margin_less" if less else "sides_margin"
    shown = Percent(value) if percent else Amount(value, unit)
    said = fields | {"margin": shown, "op": Word(f"op_{op}")}
    if percent:
        said["ratio"] = Percent(ahead)  # "(+18.2%)" next to a margin asked in percent
    return Block(f"{key}_yes" if holds(op, ahead, value) else f"{key}_no", said)


def each_period(ctx: Ctx, metric: str, handler: Callable[[Ctx, str], Part]) -> Part:
    """ "Who bought the most in 2023 and 2024?": the answer for each period, in time order."""
    merged = Part()
    for period in sorted(ctx.plan.periods, key=Period.sort_key)[:MAX_PERIODS]:
        one = Ctx(ctx.view, replace(ctx.plan, periods=[period]), ctx.language)
        part = handler(one, metric)
        merged.blocks.append(Block("section", {"label": PeriodText(period.code)}))
        merged.blocks.extend(part.blocks)
        merged.facts.extend(part.facts)
        merged.answered = merged.answered or part.answered
        merged.period = part.period or merged.period
    return merged


def common_period(ctx: Ctx, metric: str, entities: list[str]) -> str | None:
    """The latest period with a figure for every entity (when no period is named)."""
    if ctx.plan.periods:
        return None
    view = ctx.view
    for code in sorted(view.periods.get(metric, ()), key=_latest_first):
        if all(view.fact(e, metric, code) for e in entities):
            return code
    return None


def _latest_first(code: str) -> tuple[int, bool, int]:
    period = Period.parse(code)
    return (-period.year, period.kind != "year", -period.start_month)


def threshold_number(ctx: Ctx, metric: str) -> object:
    """The number a threshold is compared to, or the range ("200,000 and 300,000")."""
    plan, unit = ctx.plan, ctx.view.metrics[metric].unit
    value = plan.threshold[1] if plan.threshold else plan.value or Decimal(0)
    if plan.upper is None:
        return Amount(value, unit)
    # "more than 300k but less than 200k" is said as asked: nobody is in it
    low, high = (
        (value, plan.upper)
        if plan.threshold and plan.threshold[0] == "inside"
        else sorted((value, plan.upper))
    )
    return Block("range", {"low": Amount(low, unit), "high": Amount(high, unit)})


def reverse_lookup(ctx: Ctx, metric: str) -> Part:
    """Who has exactly this value."""
    period, problem = resolve_period(ctx, metric)
    if problem is not None or period is None:
        return problem or Part()
    value = ctx.plan.value or Decimal(0)
    pop = ctx.population(metric, period)
    matches = pop.equal(value)
    fields: dict[str, object] = {
        "number": Amount(value, ctx.view.metrics[metric].unit),
        "label_lower": Label(metric, lower=True),
        "period": PeriodText(period),
    }
    if matches:
        part = Part(
            answered=True,
            blocks=[Block("reverse_head", fields)],
            facts=list(matches),
            period=period,
        )
        part.blocks.extend(
            Block("figure", {"statement": Statement(f)}) for f in matches[:MAX_LINES]
        )
        return part
    closest = pop.closest(value)
    if closest is None:
        return no_data(ctx, metric, period)
    fields.update({"entity": Names((closest.entity,)), "value": Value(closest)})
    return Part(blocks=[Block("reverse_none", fields)], facts=[closest], period=period)


def no_data(ctx: Ctx, metric: str, period: str) -> Part:
    """No figure for a metric in a period within the question's scope."""
    fields = {
        "label_lower": Label(metric, lower=True),
        "period": PeriodText(period),
        "scope": ctx.scope,
    }
    return Part(blocks=[Block("no_data", fields)], period=period)


def amount_of(ctx: Ctx, metric: str, facts: Sequence[Fact], *, mean: bool) -> Amount:
    """The sum (or the mean) of some figures in the metric's unit; "about" when any is, or when a
    mean is not a whole number."""
    total = sum((f.value for f in facts), Decimal(0))
    value = total / len(facts) if mean else total
    approximate = any(f.approximate for f in facts) or (mean and value != value.to_integral_value())
    return Amount(value, ctx.view.metrics[metric].unit, approximate)


def whole_fields(ctx: Ctx, whole: Whole, metric: str) -> tuple[dict[str, object], list[Fact]]:
    """How an answer names the whole a part is taken of, and the stored figure it rests on."""
    if whole.aggregate is not None:
        fields: dict[str, object] = {
            "whole": Value(whole.aggregate),
            "whole_name": Names((whole.aggregate.entity,)),
        }
        return fields, [whole.aggregate]
    unit = ctx.view.metrics[metric].unit
    amount = Amount(whole.value, unit, whole.approximate)
    return {"whole": amount, "total_count": len(whole.everyone.facts)}, []
