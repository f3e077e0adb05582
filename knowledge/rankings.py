"""Rankings: who has the most or the fewest, the top N, where one stands; yes or no about one."""

from __future__ import annotations

from dataclasses import replace

from knowledge.fields import Block, Gap, Label, Names, PeriodText, Statement, Value
from knowledge.halves import half_of_ranking
from knowledge.intents import (
    DEFAULT_TOP,
    MAX_LINES,
    Ctx,
    Part,
    missing_fact,
    no_data,
    resolve_period,
    with_notes,
)
from knowledge.model import Fact
from knowledge.population import place_index, tie_group
from knowledge.rankgap import gap, tied_gap
from knowledge.render import MAX_NAMES


def _ranked(ctx: Ctx, metric: str) -> tuple[str, tuple[Fact, ...]] | Part:
    """The period to rank in and the scope's figures, largest first; or why there are none."""
    # "was Tesla the smallest?" with no year: in the latest year Tesla has a figure for
    one = ctx.plan.entities[0] if len(ctx.plan.entities) == 1 else None
    period, problem = resolve_period(ctx, metric, one)
    if problem is not None or period is None:
        return problem or Part()
    facts = ctx.population(metric, period).facts
    return (period, facts) if facts else no_data(ctx, metric, period)


def superlative(ctx: Ctx, metric: str) -> Part:
    """Who has the most (or the fewest); ties named as ties; both when both are asked."""
    if ctx.plan.both_ends:
        return _both_ends(ctx, metric)
    ranked = _ranked(ctx, metric)
    if isinstance(ranked, Part):
        return ranked
    period, facts = ranked
    least = ctx.plan.direction == "min"
    start, end = tie_group(facts, len(facts) - 1 if least else 0)
    group = facts[start:end]
    suffix = "min" if least else "max"
    part = Part(answered=True, facts=list(group), period=period)
    if len(group) == 1:
        part.blocks = with_notes(ctx, group[0], f"superlative_{suffix}")
        part.blocks[0].fields["scope"] = ctx.scope
    else:
        fields = {
            "names": Names(tuple(f.entity for f in group[:MAX_NAMES]), len(group)),
            "value": Value(group[0]),
            "period": PeriodText(period),
            "scope": ctx.scope,
        }
        part.blocks = [Block(f"superlative_tie_{suffix}", fields)]
    after = start - 1 if least else end
    if 0 <= after < len(facts):
        s, e = tie_group(facts, after)
        nxt = facts[s:e]
        fields = {"entity": Names(tuple(f.entity for f in nxt)), "value": Value(nxt[0])}
        part.blocks.append(Block("runner_up", fields))
        part.facts.extend(nxt)
        if ctx.plan.gap:
            part.blocks.append(gap(ctx, metric, group[0], nxt[0]))  # "by what margin?"
    elif ctx.plan.gap:
        part.blocks.extend(tied_gap(group))  # no next: "the gap?" is between those level
    if ctx.plan.entities:
        # "was Microsoft the biggest buyer?": yes or no first, with its own rank and figure
        verdicts = _in_ranking(ctx, metric, period, facts, frozenset(range(start, end)), "first")
        if not verdicts.answered:
            return verdicts
        part.blocks[:0] = verdicts.blocks
        part.facts[:0] = verdicts.facts  # the first figure is the one the answer starts with
    return part


def _both_ends(ctx: Ctx, metric: str) -> Part:
    """ "Who bought the most and the least?": both; with the gap between them if asked."""
    one_end = replace(ctx.plan, both_ends=False, gap=False)
    ends = [
        superlative(Ctx(ctx.view, replace(one_end, direction=d), ctx.language), metric)
        for d in ("max", "min")
    ]
    part = Part(
        answered=all(p.answered for p in ends),
        blocks=[b for p in ends for b in p.blocks],
        facts=[f for p in ends for f in p.facts],
        period=ends[0].period,
    )
    if ctx.plan.gap and part.answered:
        # "the difference between the biggest and the smallest": the two ends, not each next
        top, bottom = ends[0].facts[0], ends[1].facts[0]
        part.blocks.append(Block("gap_ends", gap(ctx, metric, top, bottom).fields))
    return part


def ranking(ctx: Ctx, metric: str) -> Part:
    """The top N (or everyone when few), with ranks that respect ties."""
    ranked = _ranked(ctx, metric)
    if isinstance(ranked, Part):
        return ranked
    period, facts = ranked
    if ctx.plan.half is not None:
        return half_of_ranking(ctx, metric, period, facts)  # "the bottom half of the buyers"
    count = min(ctx.plan.top_n or DEFAULT_TOP, len(facts), 50)
    least = ctx.plan.direction == "min"
    # a tie at the cut is shown whole: "top 2" with two tied second lists three
    edge = len(facts) - count if least else count - 1
    start, end = tie_group(facts, edge)
    count = min(len(facts) - start if least else end, 50)
    if ctx.plan.top_n is None and len(facts) - count == 1:
        count += 1  # "…and 1 more" would hide one line behind a line
    order = range(len(facts) - 1, len(facts) - 1 - count, -1) if least else range(count)
    head = {
        "label": Label(metric),
        "period": PeriodText(period),
        "scope": ctx.scope,
        "count": len(facts),
    }
    part = Part(answered=True, blocks=[Block("ranking_head", head)], period=period)
    if ctx.plan.entities and ctx.plan.top_n is not None:
        # "is Meta in the top 3?": yes or no first, then the list it is judged against
        verdicts = _in_ranking(ctx, metric, period, facts, frozenset(order))
        if not verdicts.answered:
            return verdicts  # a named entity without a figure: said, rather than a partial list
        part.blocks[:0] = verdicts.blocks
        part.facts.extend(verdicts.facts)
    for index in order:
        part.blocks.append(_line(facts, index))
        part.facts.append(facts[index])
    if len(facts) > count:
        more = "ranking_more_above" if least else "ranking_more"  # a bottom N: the rest are above
        part.blocks.append(Block(more, {"count": len(facts) - count}))
    return part


def _line(facts: tuple[Fact, ...], index: int) -> Block:
    """ "2. ByteDance: about 230,000 (tie)": one line of a ranking, its rank shared on a tie."""
    start, end = tie_group(facts, index)
    fields = {
        "rank": str(start + 1),
        "entity": Names((facts[index].entity,)),
        "value": Value(facts[index], bold=False),
    }
    return Block("ranking_tie" if end - start > 1 else "ranking_line", fields)


def _in_ranking(
    ctx: Ctx,
    metric: str,
    period: str,
    facts: tuple[Fact, ...],
    shown: frozenset[int],
    said: str = "ranking",
) -> Part:
    """Whether each entity named is among the ranks shown, with its own rank and figure."""
    pop = ctx.population(metric, period)
    part = Part(answered=True)
    for entity in ctx.plan.entities:
        fact = ctx.view.fact(entity, metric, period)
        if fact is None:
            return missing_fact(ctx, entity, metric, period)
        index = pop.index_of(fact)
        if index is None:
            # "is Microsoft the biggest among Chinese companies?": not one of those compared
            fields_out = {"entity": Names((entity,)), "scope": ctx.scope}
            part.blocks.append(Block("outside_scope", fields_out))
            continue
        fields = {
            "entity": Names((entity,)),
            "rank": str(tie_group(facts, index)[0] + 1),
            "count": len(facts),
            "value": Value(facts[index]),
        }
        part.blocks.append(Block(f"{said}_in" if index in shown else f"{said}_out", fields))
        part.facts.append(facts[index])
    return part


def rank_position(ctx: Ctx, metric: str) -> Part:
    """Who is Nth, or where an entity ranks; "was Meta the second biggest?": yes or no, then who."""
    plan = ctx.plan
    if plan.entities and plan.position is not None:
        return _is_at(ctx, metric, plan.position)
    return _rank_position(ctx, metric)


def _is_at(ctx: Ctx, metric: str, wanted: int) -> Part:
    """ "Was Meta the second biggest?": its rank against the one asked, then who holds it."""
    own = _rank_position(ctx, metric)
    if not own.answered or not own.blocks or own.blocks[0].template not in _RANKED:
        return own
    said = own.blocks[0].fields
    rank, count = int(str(said["rank"])), said["count"]
    asked = wanted if wanted > 0 else count + wanted + 1 if isinstance(count, int) else wanted
    holder = _rank_position(replace(ctx, plan=replace(ctx.plan, entities=[])), metric)
    if wanted < 0 and holder.blocks and "rank" in holder.blocks[0].fields:
        asked = int(str(holder.blocks[0].fields["rank"]))  # "second to last?" in a tie: its rank
    fields = {"entity": said["entity"], "rank": str(asked), "actual": str(rank), "count": count}
    verdict = Block("rank_yes" if rank == asked else "rank_no", fields)
    if ctx.plan.figure_too:  # both asked: its rank and figure, then who holds the place
        verdict = own.blocks.pop(0)
    if rank == asked:
        return Part(
            answered=True, blocks=[verdict, *own.blocks], facts=own.facts, period=own.period
        )
    blocks = [verdict, *holder.blocks]
    return Part(answered=True, blocks=blocks, facts=[*own.facts, *holder.facts], period=own.period)


_RANKED = ("position", "position_tie")


def _rank_position(ctx: Ctx, metric: str) -> Part:
    """Who is Nth, or where an entity ranks."""
    entity = ctx.plan.entities[0] if ctx.plan.entities else None
    period, problem = resolve_period(ctx, metric, entity)
    if problem is not None or period is None:
        return problem or Part()
    pop = ctx.population(metric, period)
    facts = pop.facts
    wanted = ctx.plan.position or 1
    if entity is not None:
        fact = ctx.view.fact(entity, metric, period)
        if fact is None:
            return missing_fact(ctx, entity, metric, period)
        index = pop.index_of(fact)
        if index is None:
            # the whole market, or one outside the group asked: its figure, said to be unranked
            fields = {"statement": Statement(fact), "scope": ctx.scope}
            return Part(answered=True, blocks=[Block("not_ranked", fields)], facts=[fact],
                        period=period)  # fmt: skip
    else:
        direction = ctx.plan.direction if wanted > 0 else "max"  # "last": the end, either way
        index = place_index(len(facts), wanted, direction)
        if not 0 <= index < len(facts):
            fields = {"count": len(facts), "rank": str(wanted), "period": PeriodText(period),
                      "label_lower": Label(metric, lower=True)}  # fmt: skip
            return Part(blocks=[Block("position_nobody", fields)], period=period)
    start, end = tie_group(facts, index)
    fact = facts[index]
    others = tuple(f.entity for f in facts[start:end] if f.entity != fact.entity)
    names = (fact.entity,) if entity is not None else tuple(f.entity for f in facts[start:end])
    fields = {
        "entity": Names(names),
        "rank": str(start + 1),
        "count": len(facts),
        "label_lower": Label(metric, lower=True),
        "period": PeriodText(period),
        "value": Value(fact),
        "others": Names(others),
    }
    template = "position_tie" if others and entity is not None else "position"
    if entity is None and len(names) > 1:
        template = "position_shared"
    part = Part(answered=True, blocks=[Block(template, fields)], period=period)
    part.facts = [fact] if entity is not None else list(facts[start:end])
    from_top = ctx.plan.direction != "min" and wanted > 0
    if entity is None and start < index and end < len(facts) and from_top:
        # "who is second?" when two share first: nobody is, and the next figure is said
        after_start, after_end = tie_group(facts, end)
        following = facts[after_start:after_end]
        later = {
            "asked": str(index + 1),
            "rank": str(after_start + 1),
            "entity": Names(tuple(f.entity for f in following[:MAX_LINES]), len(following)),
            "value": Value(following[0]),
        }
        part.blocks.append(Block("position_next", later))
        part.facts.extend(following[:MAX_LINES])
    elif entity is None and start < index and from_top:
        # "who is second?" when the only two share first: nobody is, and nobody comes next
        part.blocks.append(Block("position_none_after", {"asked": str(index + 1)}))
    return part


def ranked_between(ctx: Ctx, metric: str) -> Part:
    """ "Who is between Meta and Google in the ranking?": those ranked strictly between the two."""
    ranked = _ranked(ctx, metric)
    if isinstance(ranked, Part):
        return ranked
    period, facts = ranked
    if len(ctx.plan.entities) < 2:
        # "between whom?": the two ends were not said (a follow-up that named one, or none)
        names = Names(tuple(f.entity for f in facts[: MAX_LINES * 2]))
        return Part(blocks=[Block("need_entity", {"names": names})], period=period)
    ends: list[int] = []
    for entity in ctx.plan.entities[:2]:
        index = next((n for n, f in enumerate(facts) if f.entity == entity), None)
        if index is None:
            return missing_fact(ctx, entity, metric, period)
        ends.append(index)
    first, last = sorted(ends)
    low, high = facts[last].value, facts[first].value
    inside = [n for n in range(first + 1, last) if low < facts[n].value < high]
    # "more than Meta but less than Google": the lower bound is not below the upper one
    crossed = ctx.plan.bounded and facts[ends[0]].value >= facts[ends[1]].value
    if crossed:
        first, last, inside = ends[0], ends[1], []
    fields = {
        "first": Names((facts[first].entity,)),
        "first_rank": str(tie_group(facts, first)[0] + 1),
        "second": Names((facts[last].entity,)),
        "second_rank": str(tie_group(facts, last)[0] + 1),
        "label_lower": Label(metric, lower=True),
        "period": PeriodText(period),
    }
    head = "ranked_between_head" if inside else "ranked_between_none"
    head = "bounds_crossed" if crossed else head
    part = Part(answered=True, blocks=[Block(head, fields)], period=period)
    part.facts.extend([facts[first], facts[last]])
    for index in inside[:MAX_LINES]:
        part.blocks.append(_line(facts, index))
        part.facts.insert(len(part.facts) - 2, facts[index])
    return part


def rank_neighbour(ctx: Ctx, metric: str) -> Part:
    """ "Who is right behind Microsoft?", "who is just ahead of Google?": the next rank."""
    ranked = _ranked(ctx, metric)
    if isinstance(ranked, Part):
        return ranked
    period, facts = ranked
    if not ctx.plan.entities:
        # "who is just ahead?" with no one named before: ask whom
        names = Names(tuple(f.entity for f in facts[: MAX_LINES * 2]))
        return Part(blocks=[Block("need_entity", {"names": names})], period=period)
    entity = ctx.plan.entities[0]
    index = next((n for n, f in enumerate(facts) if f.entity == entity), None)
    if index is None:
        return missing_fact(ctx, entity, metric, period)
    start, end = tie_group(facts, index)
    behind = ctx.plan.direction != "ahead"
    fields = {
        "entity": Names((entity,)),
        "rank": str(start + 1),
        "count": len(facts),
        "label_lower": Label(metric, lower=True),
        "period": PeriodText(period),
    }
    if ctx.plan.direction == "nearest":
        return _nearest(ctx, metric, period, facts, index, fields)
    edge = end >= len(facts) if behind else start == 0
    key = "neighbour_behind" if behind else "neighbour_ahead"
    if edge:
        return Part(answered=True, blocks=[Block(f"{key}_none", fields)], facts=[facts[index]],
                    period=period)  # fmt: skip
    s, e = tie_group(facts, end if behind else start - 1)
    part = Part(answered=True, blocks=[Block(key, fields)], period=period)
    for n in range(s, min(e, s + MAX_LINES)):
        part.blocks.append(_line(facts, n))
        part.facts.append(facts[n])
    part.facts.append(facts[index])
    return part


def _nearest(
    ctx: Ctx,
    metric: str,
    period: str,
    facts: tuple[Fact, ...],
    index: int,
    fields: dict[str, object],
) -> Part:
    """ "Who is closest to Meta?": the figures nearest its own, above or below (both on a tie
    of distances; those level with it first)."""
    start, end = tie_group(facts, index)
    value = facts[index].value
    level = [n for n in range(start, end) if n != index]
    groups = [tie_group(facts, start - 1)] if start > 0 else []
    groups += [tie_group(facts, end)] if end < len(facts) else []
    if level:
        chosen = level
    elif groups:
        gap = min(abs(facts[s].value - value) for s, _ in groups)
        chosen = [n for s, e in groups if abs(facts[s].value - value) == gap for n in range(s, e)]
    else:
        return Part(answered=True, blocks=[Block("neighbour_nearest_none", fields)],
                    facts=[facts[index]], period=period)  # fmt: skip
    gap = abs(facts[chosen[0]].value - value)
    unit = ctx.view.metrics[metric].unit
    said = fields | {"gap": Gap(gap, unit, facts[index].approximate)}
    key = "neighbour_level" if level else "neighbour_nearest"
    part = Part(answered=True, blocks=[Block(key, said)], period=period)
    for n in chosen[:MAX_LINES]:
        part.blocks.append(_line(facts, n))
        part.facts.append(facts[n])
    part.facts.append(facts[index])
    return part
