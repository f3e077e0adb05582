"""Changes over time: one entity's figure between two periods, or routed to the changes of
several ("who grew the most?", "who doubled?", "the change of the total")."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from knowledge.changeasked import moved_verdict
from knowledge.computed import need_entity
from knowledge.countedrise import rise_heads
from knowledge.fields import (
    Block,
    Gap,
    Label,
    Names,
    Percent,
    Periods,
    PeriodText,
    Ratio,
    Times,
    Value,
    Word,
)
from knowledge.groupchanges import groups_changes
from knowledge.growth import (
    biggest_change,
    grew_past,
    growth_verdict,
    moved_by,
    multiplied,
    named_changes,
    total_change,
)
from knowledge.intents import Ctx, Part, joined
from knowledge.model import Fact, Period
from knowledge.parse.lang import vocabulary

_CLOSE = Decimal("0.05")  # within 5% of a multiple is "about" that multiple
_TIMES_FROM = 10  # from ten on a multiple is said in times ("more than ten times", "dix fois")


def change(ctx: Ctx, metric: str) -> Part:
    """An entity's figure between two periods: difference, multiple, percentage."""
    plan = ctx.plan
    if plan.sides and not plan.entities:
        return groups_changes(ctx, metric)  # "which grew faster?" after two groups' changes
    if plan.summed:
        # "how much did total purchases grow?", "Tencent and ByteDance together" - "in 2023?" -
        # "how much more is that?"; "did the total double?": yes or no first
        return _sum_verdict(ctx, total_change(ctx, metric))
    if not plan.entities and plan.relative_to:
        return _past_anothers_change(ctx, metric)  # "who grew less than Meta?"
    if not plan.entities and plan.extreme:
        return biggest_change(ctx, metric)  # "who grew the most?"
    if not plan.entities and plan.multiple is not None:
        return multiplied(ctx, metric)  # "who doubled their purchases?"
    if not plan.entities and plan.growth_bar:
        return rise_heads(grew_past(ctx, metric), plan)  # "who grew by more than 200%?"
    if not plan.entities:
        return need_entity(ctx, metric, ctx.view.latest_period(metric) or "")
    ranked = named_changes(ctx, metric) if len(plan.entities) > 1 else None
    if ranked is not None and not plan.growth_bar and not plan.times:
        return ranked  # "which grew more, Tencent or ByteDance?": theirs, ranked
    if len(plan.entities) > 1:
        return joined([_change_of(ctx, metric, entity) for entity in plan.entities])
    return _change_of(ctx, metric, plan.entities[0])


def _change_of(ctx: Ctx, metric: str, entity: str) -> Part:
    """One entity's figure between two periods, with a verdict on a bar if one was asked."""
    plan = ctx.plan
    history = [f for f in ctx.view.by_entity.get(entity, ()) if f.metric == metric]
    pair = _pair(history, plan.periods)
    if isinstance(pair, Part):
        return pair
    if pair is None:
        fields = {
            "entity": Names((entity,)),
            "label_lower": Label(metric, lower=True),
            "periods": Periods(tuple(f.period for f in history)),
        }
        # (none at all: say so, not "I only have" an empty list)
        return Part(blocks=[Block("need_two" if history else "need_two_none", fields)])
    old, new = pair
    unit = ctx.view.metrics[metric].unit
    up = new.value >= old.value
    fields2: dict[str, object] = {
        "entity": Names((entity,)),
        "label_lower": Label(metric, lower=True),
        "old": Value(old),
        "new": Value(new),
        "old_period": PeriodText(old.period),
        "new_period": PeriodText(new.period),
        "sign": Word("sign_up" if up else "sign_down"),
        "difference": Gap(abs(new.value - old.value), unit),
        "ratio": Ratio(new.value / old.value) if old.value else "—",
        "percent": Percent(abs(new.value - old.value) / old.value) if old.value else "—",
    }
    part = Part(
        answered=True, blocks=[Block("change", fields2)], facts=[new, old], period=new.period
    )
    if plan.growth_bar:
        part.blocks.insert(0, growth_verdict(ctx, metric, pair))  # "did Meta grow by 50%?"
    elif plan.times == "either" and old.value > 0:
        # "did Microsoft double or triple?": which one, never a yes to an either/or
        part.blocks.insert(0, _which(ctx, new.value / old.value))
    elif plan.fall_asked is not None:
        part.blocks.insert(0, moved_verdict(plan.fall_asked, old, new))  # "did it fall?"
    elif plan.times and plan.multiple and old.value > 0:
        # "did ByteDance buy at least 10 times as many as in 2023?": yes or no on the multiple
        part.blocks.insert(0, _on_multiple(ctx, new.value / old.value))
    if not plan.growth_bar and old.value > 0 and up and plan.times != "either":
        part.blocks.append(_verdict(ctx, new.value / old.value))
    notes = dict.fromkeys(n for n in (new.note.get(ctx.language), old.note.get(ctx.language)) if n)
    part.blocks.extend(Block("note", {"note": note}) for note in notes)
    return part


def _on_multiple(ctx: Ctx, ratio: Decimal) -> Block:
    """Yes or no on the multiple asked; "did Amazon grow 4x?" (3.9×): about that is a yes too."""
    multiple = ctx.plan.multiple or 1
    said = {"factor": Times(Decimal(multiple)), "ratio": Ratio(ratio)}
    close = ctx.plan.times == "about" and abs(ratio - multiple) <= multiple * _CLOSE
    head = "multiple_yes" if ratio >= multiple else "multiple_no"
    return Block("multiple_about" if close else head, said)


def _sum_verdict(ctx: Ctx, part: Part) -> Part:
    """A sum's change, with the yes or no on a multiple asked of it ("did the total double?")."""
    ratio = part.blocks[0].fields.get("ratio") if part.answered and part.blocks else None
    if ctx.plan.times == "either" and isinstance(ratio, Ratio):
        part.blocks.insert(0, _which(ctx, ratio.value))  # "did it double or triple?"
    elif ctx.plan.times and ctx.plan.multiple and isinstance(ratio, Ratio):
        part.blocks.insert(0, _on_multiple(ctx, ratio.value))
    return part


def _pair(history: list[Fact], periods: list[Period]) -> tuple[Fact, Fact] | Part | None:
    """The (earlier, later) facts to compare: the periods asked, else the last two of a kind."""
    by_code = {f.period: f for f in history}
    if len(periods) >= 2:
        chosen = sorted(periods[:2], key=Period.sort_key)
        found = [by_code.get(p.code) for p in chosen]
        if found[0] is None or found[1] is None:
            return None
        return found[0], found[1]
    if len(periods) == 1:
        asked = by_code.get(periods[0].code)
        if asked is None:
            return None
        kind = Period.parse(asked.period).kind
        same = sorted(
            (f for f in history if Period.parse(f.period).kind == kind),
            key=lambda f: Period.parse(f.period).sort_key(),
        )
        # from the period before the one asked; from the first one, to the period after it
        index = max(same.index(asked), 1)
        return (same[index - 1], same[index]) if len(same) >= 2 else None
    years = [f for f in history if Period.parse(f.period).kind == "year"] or history
    return (years[-2], years[-1]) if len(years) >= 2 else None


def _verdict(ctx: Ctx, ratio: Decimal) -> Block:
    """ "More than tripled", "about doubled": from the language's multiple words."""
    words = vocabulary().multiple_words.get(ctx.language, {})
    factors = sorted(words)
    if not factors or ratio < factors[0] * (1 - _CLOSE):
        first = factors[0] if factors else 2
        return Block("verdict_below", {"word": words.get(first, str(first))})
    factor = max((k for k in factors if k * (1 - _CLOSE) <= ratio), default=factors[0])
    close = abs(ratio - factor) <= factor * _CLOSE
    name = "verdict_about" if close else "verdict_above"
    return Block(f"{name}_times" if factor >= _TIMES_FROM else name, {"word": words[factor]})


def _which(ctx: Ctx, ratio: Decimal) -> Block:
    """ "More than triple: 3.2×": the verdict on the multiple, said first, with the multiple."""
    verdict = _verdict(ctx, ratio)
    key = verdict.template.removeprefix("verdict_")
    return Block(f"which_{key}", verdict.fields | {"ratio": Ratio(ratio)})


def _past_anothers_change(ctx: Ctx, metric: str) -> Part:
    """ "Who grew more (or less) than Meta?": everyone's change against Meta's own, by
    difference or in proportion."""
    plan = ctx.plan
    assert plan.relative_to is not None
    history = [f for f in ctx.view.by_entity.get(plan.relative_to, ()) if f.metric == metric]
    pair = _pair(history, plan.periods)
    if not isinstance(pair, tuple) or (plan.relative_change and pair[0].value <= 0):
        return _change_of(ctx, metric, plan.relative_to)  # says why its change is not known
    old, new = pair
    change = moved_by(old, new, relative=plan.relative_change)
    op = "lt" if plan.direction == "min" else "gt"
    periods = [Period.parse(old.period), Period.parse(new.period)]
    others = [*plan.excluded, plan.relative_to]
    barred = replace(plan, threshold=(op, change), excluded=others, periods=periods)
    part = grew_past(Ctx(ctx.view, barred, ctx.language), metric)
    part.facts.extend([new, old])  # the bar is the other's change: its figures are cited too
    return part
