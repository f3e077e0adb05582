"""Who changed the most between two periods: by difference, or in proportion ("the fastest")."""

from __future__ import annotations

from decimal import Decimal

from knowledge.fallbar import bar_text, fall_passes, suffix
from knowledge.fields import (
    Amount,
    Block,
    Gap,
    Label,
    Names,
    Noun,
    Percent,
    Periods,
    PeriodText,
    Ratio,
    Times,
    Value,
    Word,
)
from knowledge.intents import Ctx, Part, no_data
from knowledge.likeforlike import both_periods
from knowledge.model import Fact, Period
from knowledge.population import Population

MAX_LINES = 5  # the leader's answer names the next few, so a near tie is seen
# one more than the lines shown is kept, so a ranking with one left over lists it rather than
# saying "…and 1 more"
KEPT = MAX_LINES + 1
CACHE_KEY = "growth"  # (metric, old, new, groups, excluded) -> count, the top and bottom pairs
MAX_CACHED = 256  # each entry holds at most 2 * KEPT pairs, whatever the knowledge's size

Pair = tuple[Fact, Fact]  # (earlier, later)


def biggest_change(ctx: Ctx, metric: str) -> Part:
    """ "Who grew the most from 2023 to 2024?": the largest rise (or fall) and the next ones."""
    periods = _two_periods(ctx, metric)
    if periods is None:
        return _need_two_periods(ctx, metric)
    old, new = periods
    relative = ctx.plan.relative_change
    count, rises, falls = _pairs(ctx, metric, old, new, relative)
    if not count:
        return no_data(ctx, metric, old)
    ranked = rises if ctx.plan.direction != "min" else falls
    part = _ranked_changes(ctx, metric, ranked, count, ctx.scope)
    if ctx.plan.fall and ranked[0][1].value >= ranked[0][0].value:
        # "did anyone's purchases fall?": no, and the smallest rises
        said: dict[str, object] = {"old_period": PeriodText(old), "new_period": PeriodText(new)}
        part.blocks.insert(0, Block("no_fall", said))
    return part


def named_changes(ctx: Ctx, metric: str) -> Part | None:
    """ "Which grew more, Tencent or ByteDance?": the named ones' changes, ranked; None when
    fewer than two of them have figures to compare."""
    periods = _two_periods(ctx, metric)
    if periods is None:
        return None
    old, new = periods
    relative = ctx.plan.relative_change
    pairs: list[Pair] = []
    missing: list[str] = []
    for entity in ctx.plan.entities:
        by_period = {f.period: f for f in ctx.view.by_entity.get(entity, ()) if f.metric == metric}
        earlier, later = by_period.get(old), by_period.get(new)
        if earlier is None or later is None or (relative and earlier.value <= 0):
            missing.append(entity)
        else:
            pairs.append((earlier, later))
    if len(pairs) < 2:
        return None
    _sort_changes(pairs, relative)
    if ctx.plan.direction == "min":
        pairs.reverse()
    part = _ranked_changes(ctx, metric, tuple(pairs), len(pairs), Names(_entities(pairs)))
    if ctx.plan.gap and not relative:
        part.blocks.insert(1, _changes_gap(ctx, metric, pairs[0], pairs[1]))  # "by how much?"
    for entity in missing:
        fields: dict[str, object] = {"entity": Names((entity,)), "old_period": PeriodText(old)}
        fields |= {"new_period": PeriodText(new), "label_lower": Label(metric, lower=True)}
        part.blocks.append(Block("change_missing", fields))
    return part


def _changes_gap(ctx: Ctx, metric: str, first: Pair, second: Pair) -> Block:
    """How far apart two changes are: "the gap between the two changes: 30,000"."""
    apart = abs((first[1].value - first[0].value) - (second[1].value - second[0].value))
    fields: dict[str, object] = {
        "first": Names((first[1].entity,)),
        "second": Names((second[1].entity,)),
        "difference": Gap(apart, ctx.view.metrics[metric].unit, True),
    }
    return Block("changes_gap", fields)


def _entities(pairs: list[Pair]) -> tuple[str, ...]:
    return tuple(new.entity for _, new in pairs)


def _sort_changes(pairs: list[Pair], relative: bool) -> None:
    """Largest rise first; in proportion, or by difference (then the larger later figure)."""
    if relative:
        pairs.sort(key=lambda p: (-(p[1].value / p[0].value), -p[1].value, p[1].entity))
    else:
        pairs.sort(key=lambda p: (p[0].value - p[1].value, -p[1].value, p[1].entity))


def _ranked_changes(
    ctx: Ctx, metric: str, ranked: tuple[Pair, ...], count: int, scope: object
) -> Part:
    """The first change of a ranking, the next few as lines, and the first one's notes."""
    top_old, top_new = ranked[0]
    old, new = top_old.period, top_new.period
    relative = ctx.plan.relative_change
    fall = top_new.value < top_old.value
    rising = ctx.plan.direction != "min"
    head = "change_most" if rising else "change_fall" if fall else "change_least"
    said = "_relative" if relative else ""  # "fastest rise: +223.3%" rather than "+335,000"
    fields = {
        "label_lower": Label(metric, lower=True),
        "old_period": PeriodText(old),
        "new_period": PeriodText(new),
        "scope": scope,
        "count": count,
        "noun": Noun(),
        **_pair_fields(ctx, metric, ranked[0]),
    }
    part = Part(answered=True, blocks=[Block(head + said, fields)], period=new)
    part.facts.extend([top_new, top_old])
    shown = ranked if len(ranked) >= count else ranked[:MAX_LINES]
    for pair in shown[1:]:
        part.blocks.append(Block("change_line" + said, _pair_fields(ctx, metric, pair)))
        part.facts.extend([pair[1], pair[0]])
    if count > len(shown):
        # a ranking never drops anyone silently: how many more there are is said
        part.blocks.append(Block("ranking_more", {"count": count - len(shown)}))
    # what the leader's two figures cover ("H100 only" one year): said, as for one entity's change
    notes = (top_new.note.get(ctx.language), top_old.note.get(ctx.language))
    part.blocks.extend(Block("note", {"note": note}) for note in dict.fromkeys(notes) if note)
    return part


def multiplied(ctx: Ctx, metric: str) -> Part:
    """ "Who doubled their purchases?": everyone whose figure grew at least that many times."""
    periods = _two_periods(ctx, metric)
    if periods is None or ctx.plan.multiple is None:
        return _need_two_periods(ctx, metric)
    old, new = periods
    earlier = {f.entity: f for f in ctx.population(metric, old).facts}
    pairs = [
        (earlier[f.entity], f)
        for f in ctx.population(metric, new).facts
        if f.entity in earlier and earlier[f.entity].value > 0
    ]
    if not pairs:
        return no_data(ctx, metric, old)
    factor = Decimal(ctx.plan.multiple)
    below = ctx.plan.times in ("lt", "le")  # "who didn't double?", "who grew less than 2x?"
    found = [p for p in pairs if (p[1].value < factor * p[0].value) == below]
    found.sort(key=lambda p: (-(p[1].value / p[0].value), p[1].entity))
    fields: dict[str, object] = {
        "count": len(found),
        "total": len(pairs),
        "noun": Noun(),
        "factor": Times(factor),
        "label_lower": Label(metric, lower=True),
        "old_period": PeriodText(old),
        "new_period": PeriodText(new),
        "scope": ctx.scope,
    }
    key = "multiplied_below" if below else "multiplied"
    part = Part(answered=True, blocks=[Block(key if found else f"{key}_none", fields)])
    part.period = new
    for earlier_fact, later in found[: MAX_LINES * 2]:
        line = {
            "entity": Names((later.entity,)),
            "old": Value(earlier_fact, bold=False),
            "new": Value(later, bold=False),
            "ratio": Ratio(later.value / earlier_fact.value),
        }
        part.blocks.append(Block("multiplied_line", line))
        part.facts.extend([later, earlier_fact])
    if not found:
        part.facts.extend(p[1] for p in pairs[:MAX_LINES])  # "nobody did" rests on those compared
    return part


def moved_by(old: Fact, new: Fact, *, relative: bool) -> Decimal:
    """How far a figure moved: in proportion (0.5 for +50 %, the earlier one above zero), or
    as a difference."""
    return (new.value - old.value) / old.value if relative else new.value - old.value


def change_past(
    old: Fact, new: Fact, op: str, bar: Decimal, *, relative: bool, down: bool = False
) -> bool:
    """Whether a change (or the fall, `down`) passes a bar: in proportion or as a difference."""
    if relative and old.value <= 0:
        return False  # a rise from nothing has no proportion
    return fall_passes(op, moved_by(old, new, relative=relative), bar, down=down)


def growth_verdict(ctx: Ctx, metric: str, pair: Pair) -> Block:
    """ "Did Meta grow by more than 50 %?": "No, not more than +50%: +49.3%"."""
    assert ctx.plan.threshold is not None
    op, bar = ctx.plan.threshold
    old, new = pair
    relative = ctx.plan.relative_change
    fields = {"op": Word(f"op_{op}"), "bar": bar_text(ctx, metric, bar, relative=relative)}
    # "did Meta and Google grow by more than 50%?": each verdict says whose it is
    named = "_named" if len(ctx.plan.entities) > 1 else ""
    fields["entity"] = Names((new.entity,))
    if relative and old.value <= 0:
        return Block("growth_none" + named, fields)
    change = moved_by(old, new, relative=relative)
    fields["change"] = _change_text(ctx, metric, change, relative=relative)
    passes = fall_passes(op, change, bar, down=ctx.plan.fall)
    return Block(("growth_yes" if passes else "growth_no") + suffix(ctx) + named, fields)


def grew_past(ctx: Ctx, metric: str) -> Part:
    """ "Who grew by more than 200 %?": everyone whose change passes the bar, largest first."""
    periods = _two_periods(ctx, metric)
    if periods is None or ctx.plan.threshold is None:
        return _need_two_periods(ctx, metric)
    old, new = periods
    op, bar = ctx.plan.threshold
    relative = ctx.plan.relative_change
    earlier = {f.entity: f for f in ctx.population(metric, old).facts}
    pairs = [
        (earlier[f.entity], f) for f in ctx.population(metric, new).facts if f.entity in earlier
    ]
    if not pairs:
        return no_data(ctx, metric, old)
    found = [p for p in pairs if change_past(*p, op, bar, relative=relative, down=ctx.plan.fall)]
    way = 1 if ctx.plan.fall else -1  # the largest fall first when falls are asked
    if relative:
        found.sort(key=lambda p: (way * (p[1].value / p[0].value), p[1].entity))
    else:
        found.sort(key=lambda p: (-way * (p[0].value - p[1].value), p[1].entity))
    fields: dict[str, object] = {
        "count": len(found),
        "total": len(pairs),
        "noun": Noun(),
        "op": Word(f"op_{op}"),
        "bar": bar_text(ctx, metric, bar, relative=relative),
        "label_lower": Label(metric, lower=True),
        "old_period": PeriodText(old),
        "new_period": PeriodText(new),
        "scope": ctx.scope,
    }
    head = ("grew_past" if found else "grew_past_none") + suffix(ctx)
    part = Part(answered=True, blocks=[Block(head, fields)], period=new)
    said = "_relative" if relative else ""
    for pair in found[: MAX_LINES * 2]:
        part.blocks.append(Block("change_line" + said, _pair_fields(ctx, metric, pair)))
        part.facts.extend([pair[1], pair[0]])
    if not found:
        part.facts.extend(p[1] for p in pairs[:MAX_LINES])  # "nobody did" rests on those compared
    return part


def total_change(ctx: Ctx, metric: str) -> Part:
    """ "How much did total purchases grow?": the sum of the scope in each period, and the change
    (said with how many figures each sum has, since they need not be the same ones)."""
    periods = _two_periods(ctx, metric)
    if periods is None:
        return _need_two_periods(ctx, metric)
    old, new = periods
    before, after = _summed(ctx, metric, old), _summed(ctx, metric, new)
    if not before.facts or not after.facts:
        return no_data(ctx, metric, old if not before.facts else new)
    unit = ctx.view.metrics[metric].unit
    fields: dict[str, object] = {
        "scope": Names(tuple(ctx.plan.entities)) if ctx.plan.entities else ctx.scope,
        "label_lower": Label(metric, lower=True),
        "old": Amount(before.total, unit, before.approximate),
        "new": Amount(after.total, unit, after.approximate),
        "old_count": len(before.facts),
        "new_count": len(after.facts),
        "noun": Noun(),
        "old_period": PeriodText(old),
        "new_period": PeriodText(new),
        **_moved(before.total, after.total, unit),
    }
    like = both_periods(before, after)
    if like is not None and ctx.plan.like_for_like:
        before, after, like = *like, None  # "for the 6 companies with both years": those only
    if like is not None or ctx.plan.like_for_like:
        fields |= _like_fields(ctx, metric, *(like or (before, after)))
    shown = "change_total_like" if ctx.plan.like_for_like else "change_total"
    blocks = [Block(shown, fields)] + ([Block("change_total_like", fields)] if like else [])
    part = Part(answered=True, blocks=blocks, period=new)
    part.facts.extend([*after.facts[: MAX_LINES * 2], *before.facts[: MAX_LINES * 2]])
    return part


def _like_fields(ctx: Ctx, metric: str, before: Population, after: Population) -> dict[str, object]:
    """The like-for-like sums: those with a figure in both periods, and how far they moved."""
    unit = ctx.view.metrics[metric].unit
    moved = _moved(before.total, after.total, unit)
    return {
        "like_old": Amount(before.total, unit, before.approximate),
        "like_new": Amount(after.total, unit, after.approximate),
        "like_count": len(after.facts),
        **{f"like_{key}": value for key, value in moved.items()},
    }


def _summed(ctx: Ctx, metric: str, period: str) -> Population:
    """What is added up in a period: the named ones' figures, else the plan's population."""
    if not ctx.plan.entities:
        return ctx.population(metric, period)
    found = (ctx.view.fact(entity, metric, period) for entity in ctx.plan.entities)
    return Population(tuple(f for f in found if f is not None))


def _change_text(ctx: Ctx, metric: str, value: Decimal, *, relative: bool) -> object:
    """A change or a bar on it, signed: "+50%", "+100,000"."""
    unit = ctx.view.metrics[metric].unit
    said = Percent(abs(value)) if relative else Gap(abs(value), unit)
    return Block("signed", {"sign": Word("sign_down" if value < 0 else "sign_up"), "value": said})


def _need_two_periods(ctx: Ctx, metric: str) -> Part:
    """ "I need two periods with data …; I only have 2024": the periods that do exist."""
    known = ctx.view.periods.get(metric, ())
    fields = {"label_lower": Label(metric, lower=True), "periods": Periods(known)}
    return Part(blocks=[Block("need_two_periods", fields)])


def _pair_fields(ctx: Ctx, metric: str, pair: Pair) -> dict[str, object]:
    old, new = pair
    return {
        "entity": Names((new.entity,)),
        **_moved(old.value, new.value, ctx.view.metrics[metric].unit),
        "old": Value(old, bold=False),
        "new": Value(new, bold=False),
    }


def _moved(old: Decimal, new: Decimal, unit: str) -> dict[str, object]:
    """How far a figure or a sum moved: its sign, the difference, the multiple, the percentage."""
    difference = new - old
    return {
        "sign": Word("sign_down" if difference < 0 else "sign_up"),
        "difference": Gap(abs(difference), unit),
        "ratio": Ratio(new / old) if old > 0 else "—",
        "percent": Percent(abs(difference) / old) if old > 0 else "—",
    }


def _two_periods(ctx: Ctx, metric: str) -> tuple[str, str] | None:
    """The periods asked, else the one asked and the one before it, else the last two years."""
    known = ctx.view.periods.get(metric, ())
    asked = sorted(ctx.plan.periods[:2], key=Period.sort_key)
    if len(asked) == 2:
        codes = (asked[0].code, asked[1].code)
        return codes if all(code in known for code in codes) else None
    kind = asked[0].kind if asked else "year"
    same_kind = [code for code in known if Period.parse(code).kind == kind]
    if not asked:
        return (same_kind[-2], same_kind[-1]) if len(same_kind) >= 2 else None
    if asked[0].code not in same_kind:
        return None
    # from the period before the one asked; from the first one, to the period after it
    index = max(same_kind.index(asked[0].code), 1)
    return (same_kind[index - 1], same_kind[index]) if len(same_kind) >= 2 else None


Ranked = tuple[int, tuple[Pair, ...], tuple[Pair, ...]]  # how many, largest rises, largest falls


def _pairs(ctx: Ctx, metric: str, old: str, new: str, relative: bool) -> Ranked:
    """How many in the scope have both figures, and the largest rises and falls among them."""
    plan = ctx.plan
    scope = (
        tuple(sorted(plan.groups)),
        tuple(sorted(plan.excluded)),
        tuple(sorted(plan.excluded_groups)),
    )
    key = (metric, old, new, *scope, relative)
    cache: dict[tuple[object, ...], Ranked] = ctx.view.cache.setdefault(CACHE_KEY, {})
    found = cache.get(key)
    if found is None:
        earlier = {f.entity: f for f in ctx.population(metric, old).facts}
        later = ctx.population(metric, new).facts
        pairs = [(earlier[f.entity], f) for f in later if f.entity in earlier]
        if relative:
            # in proportion: a change from nothing has no proportion, so it is left out
            pairs = [p for p in pairs if p[0].value > 0]
        _sort_changes(pairs, relative)
        found = (len(pairs), tuple(pairs[:KEPT]), tuple(pairs[::-1][:KEPT]))
        if len(cache) >= MAX_CACHED:
            cache.pop(next(iter(cache)))  # the oldest first
        cache[key] = found
    return found
