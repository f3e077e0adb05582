"""How a question was read, said in one line next to its answer ("Nvidia Hopper chips bought,
Microsoft, 2024"), and whether a plan is answered once per period."""

from __future__ import annotations

from collections.abc import Callable

from knowledge import intents
from knowledge.bounds import bounds_said
from knowledge.elision import elide
from knowledge.fields import (
    Block,
    Label,
    Labels,
    Names,
    Percent,
    Periods,
    PeriodText,
    Scope,
    Times,
    Word,
)
from knowledge.intents import Ctx, Part
from knowledge.model import Period
from knowledge.notesasked import ONE_MEASURE
from knowledge.plan import Plan
from knowledge.render import Renderer
from knowledge.templating import compiled, fill


def per_period(plan: Plan) -> bool:
    """Whether the question names periods to answer one by one (not to compare or to add)."""
    if len(plan.periods) < 2 or plan.intent in ("change", "figure"):
        return False  # a change compares the two; one entity's figures in two periods too
    # "Microsoft and Meta in total over 2023 and 2024" adds the named entities' figures up
    return not (plan.intent in ("total", "average", "median") and plan.entities)


def _labels(plan: Plan) -> object:
    if len(plan.metrics) > 1:
        return Labels(tuple(plan.metrics), lower=True)  # answered for each: name each
    return Label(plan.metrics[0], lower=True) if plan.metrics else ""


def _number(ctx: Ctx, plan: Plan, metric: str | None) -> object:
    if plan.fraction is not None:
        return Percent(plan.fraction)
    if plan.value is None or metric is None:
        return ""
    return intents.threshold_number(ctx, metric)


def interpretation(renderer: Renderer, ctx: Ctx, intent: str, part: Part) -> str:
    """One line saying how the question was read: intent, metric, who, period, bar."""
    plan = ctx.plan
    said = renderer.t.get("interpretation", {})
    template = str(said.get(_interpretation_key(plan, intent)) or said.get(intent, intent))
    metric = plan.metrics[0] if plan.metrics else None
    period = part.period or (plan.periods[0].code if plan.periods else None)
    op = plan.threshold[0] if plan.threshold else ("lt" if plan.direction == "min" else "gt")
    shown = compiled(template).names
    # only the fields the template shows are built ("label_the" is read from "label_lower")
    makers: dict[str, Callable[[], object]] = {
        "label_lower": lambda: _labels(plan),
        "entity": lambda: (
            Names(tuple(plan.entities)) if plan.entities else Scope(tuple(plan.groups))
        ),
        "entities": lambda: Names(tuple(plan.entities)),
        "period": lambda: _said_periods(plan) or (PeriodText(period) if period else ""),
        "periods": lambda: Names(_periods(plan, intent, part)),
        "scope": lambda: Scope(
            tuple(plan.groups), tuple(plan.excluded), tuple(plan.excluded_groups)
        ),
        "direction": lambda: Word(f"direction_{plan.direction}"),
        "op": lambda: Word(f"op_{op}"),
    }
    wanted = {*shown, "label_lower"} if "label_the" in shown else shown
    fields: dict[str, object] = {name: makers[name]() for name in wanted if name in makers}
    if "number" in shown:
        fields["number"] = _number(ctx, plan, metric)
    if plan.relative_to and plan.factor is not None and plan.factor != 1:
        fields["op"] = ""  # "at least 2 times Meta": the word goes with the multiple
        said = {"op": Word(f"op_{op}"), "factor": Times(plan.factor)}
        fields["number"] = Block("than_times", said | {"entity": Names((plan.relative_to,))})
    elif plan.bounds is not None:
        # "plus qu'Amazon et moins que les entreprises chinoises": both bars
        fields["op"] = ""
        unit = ctx.view.metrics[metric].unit if metric else ""
        fields["number"] = bounds_said(plan.bounds, unit)
    elif plan.relative_to:
        # "plus qu'Amazon", not "plus de Amazon": the comparison word goes with the name
        fields["op"] = ""
        fields["number"] = Block(f"than_{op}", {"entity": Names((plan.relative_to,))})
    elif plan.mean_bar:
        fields["op"] = ""  # "plus que la moyenne", not "plus de la moyenne"
        middle = "median" if plan.mean_bar == "median" else "mean"
        fields["number"] = Word(f"{middle}_less" if op in ("lt", "le") else f"{middle}_more")
    # only the fields the intent's template shows are formatted
    values = renderer.values(shown, fields)
    found = compiled(template)
    if found.elidable and ctx.language == "fr":
        text = elide(found.texts, found.names, values)  # "tous les chiffres d'Amazon"
    else:
        text = fill(template, values)
    return " ".join(text.replace("*", "").split()).strip(" ,")[:300]


def _periods(plan: Plan, intent: str, part: Part) -> tuple[str, ...]:
    """The periods a change (or one's total or average over time) rests on, else those asked."""
    over_time = intent == "change" or (intent in ("total", "average") and bool(plan.entities))
    periods = tuple(sorted({f.period for f in part.facts})) if over_time else ()
    return periods or tuple(p.code for p in plan.periods)


def _said_periods(plan: Plan) -> object:
    """ "2023, 2024" when the question was answered for each of several periods."""
    if not per_period(plan):
        return None
    return Periods(tuple(p.code for p in sorted(plan.periods, key=Period.sort_key)))


def _interpretation_key(plan: Plan, intent: str) -> str:
    """The variant of an intent's interpretation that says what the question added."""
    if intent == "clarify" and plan.problem in (ONE_MEASURE, "count_unmatched"):
        return plan.problem  # "how many more TPUs than Maia?", "the 3": not a choice of measure
    if plan.only_in is not None:
        return "only_in"  # "in 2023 but not in 2024": one answer, not each period's
    if intent == "list_entities" and plan.lacking:
        return "list_entities_lacking"  # "which companies have no 2024 figure?"
    if intent == "count" and plan.barred:
        return "count_filtered"  # "how many have more than 200,000"
    if intent == "reverse_lookup" and plan.mean_bar:
        return f"nearest_{plan.mean_bar}"  # "which company is closest to the average?"
    if intent in ("threshold", "total", "average", "median") and plan.entities:
        return f"{intent}_named"  # "did Meta buy more than 200,000?", "Microsoft in total"
    # ("Chinese companies in 2024 vs all companies in 2023": one group, each side its period)
    several = len(plan.groups) >= 2 or plan.sides or plan.cross is not None
    if intent == "comparison" and not plan.entities and several:
        # "US vs Chinese companies", "the Chinese average vs the American"
        return "comparison_group_means" if plan.group_means else "comparison_groups"
    if intent in ("total", "average", "median") and plan.barred:
        return f"{intent}_barred"  # "the average of those with more than 100,000"
    return intent
