""" "Top 3 in 2023" - "and in 2024?" - "who dropped out?": who is in one period's top list and not
in the other's, from the last two rankings of a conversation (earlier period first). Asked with no
two such rankings before, it says so plainly rather than answer another question."""

from __future__ import annotations

from knowledge.conversation import Conversation
from knowledge.fields import Block, Names, PeriodText, Value
from knowledge.intents import Ctx, Part
from knowledge.model import Fact, Period
from knowledge.parse.question import Query
from knowledge.population import tie_group

DROPPED = "dropped_out"
CAME_IN = "came_in"
INTENT = "dropouts"
_BETWEEN = frozenset({"between", "among"})
# (the earlier period and whom its top list shows, the same for the later one, the metric, the n)
_Tops = tuple[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]], str, int]


def dropouts(ctx: Ctx, query: Query, context: Conversation | None) -> tuple[Part, str] | None:
    """Who left (or joined) the top list between the last two rankings, when that is asked."""
    came = query.has(CAME_IN) or _entered(query, context)
    if not came and not query.has(DROPPED):
        return None
    if asked_of_movers(query) and movers(context, came and not query.has(DROPPED)):
        return None  # "how many did the newcomers buy?": their figures, as the plan has them
    tops = _tops_asked(ctx) or _two_tops(context)
    if tops is None:
        return Part(blocks=[Block("dropouts_unknown", {})]), "unknown"
    (early, early_top), (late, late_top), metric, n = tops
    left = tuple(e for e in early_top if e not in late_top)
    joined = tuple(e for e in late_top if e not in early_top)
    common: dict[str, object] = {"n": str(n), "early": PeriodText(early), "late": PeriodText(late)}
    part = Part(answered=True)
    came_asked = came and not query.has(DROPPED)
    asked, other = (joined, left) if came_asked else (left, joined)
    heads = ("came_in", "dropped") if came_asked else ("dropped", "came_in")
    if not left and not joined:
        return _same(ctx, heads[0], common, late_top, metric, (early, late)), INTENT
    for who, head, lines in ((asked, heads[0], True), (other, heads[1], False)):
        if not who:
            part.blocks.append(Block(f"{head}_none", common))
            continue
        part.blocks.append(Block(f"{head}_head", common | {"names": Names(who)}))
        for entity in who if lines else ():
            old, new = ctx.view.fact(entity, metric, early), ctx.view.fact(entity, metric, late)
            part.blocks.append(_line(entity, old, new, common))
            part.facts.extend(f for f in (old, new) if f is not None)
    return part, INTENT


def asked_of_movers(query: Query) -> bool:
    """ "How many did the newcomers buy in 2023?": a figure of those who came in (or left), not
    who they are."""
    if not query.has(DROPPED, CAME_IN) or query.has("who"):
        return False
    # ("how many came in?" counts them; "who left the top 3 of Hopper buyers?" asks who)
    return query.has("how_many") and bool(query.metrics or query.verb_metrics)


def movers(context: Conversation | None, came_in: bool) -> tuple[str, ...]:
    """Who came into the top list (or left it) between the last two top lists."""
    tops = _two_tops(context)
    if tops is None:
        return ()
    (_, early_top), (_, late_top), _, _ = tops
    first, second = (early_top, late_top) if came_in else (late_top, early_top)
    return tuple(e for e in second if e not in first)


def _entered(query: Query, context: Conversation | None) -> bool:
    """« Qui est entré ? » after two top lists: folded, "entré" reads as "entre" (between), here
    with nothing to be between, so it asks who came in."""
    kinds = {item.kind for item in query.items}
    if not kinds & _BETWEEN or "who" not in kinds or not kinds <= {"who", "followup", *_BETWEEN}:
        return False
    return _two_tops(context) is not None


def _tops_asked(ctx: Ctx) -> _Tops | None:
    """ "Who dropped out of the top 3 between 2023 and 2024?": the two top lists, as figures say."""
    plan = ctx.plan
    if plan.top_n is None or len(plan.periods) != 2 or len(plan.metrics) != 1:
        return None
    if plan.entities or plan.groups or plan.direction != "max":
        return None  # a top list among some only, or a bottom one: not read here
    metric, n = plan.metrics[0], plan.top_n
    sides = []
    for period in sorted(plan.periods, key=Period.sort_key):
        facts = ctx.view.ranking(metric, period.code)
        if not facts:
            return None
        end = tie_group(facts, min(n, len(facts)) - 1)[1]  # a tie at the cut is in the list
        sides.append((period.code, tuple(fact.entity for fact in facts[:end])))
    return sides[0], sides[1], metric, n


def _two_tops(context: Conversation | None) -> _Tops | None:
    """The earlier and the later period with whom their top list showed, the metric and the n."""
    if context is None or context.intent != "ranking" or context.top_n is None:
        return None  # the last answer was not a top list
    if context.direction != "max":
        return None  # a bottom list: "out of the top" would not say what changed
    if not (context.shown and context.shown_before and context.period and context.period_before):
        return None
    if context.period == context.period_before or len(context.metrics) != 1:
        return None
    if context.metrics_before and context.metrics_before != context.metrics:
        return None  # two top lists of different measures: nobody left one for the other
    now = (context.period, context.shown)
    before = (context.period_before, context.shown_before)
    early, late = sorted((now, before), key=lambda side: Period.parse(side[0]).sort_key())
    return early, late, context.metrics[0], context.top_n


def _same(
    ctx: Ctx,
    head: str,
    common: dict[str, object],
    top: tuple[str, ...],
    metric: str,
    periods: tuple[str, str],
) -> Part:
    """Nobody left nor joined: "nobody left the top 3: Brazil, Vietnam and Colombia both times",
    resting on their figures of both periods."""
    part = Part(answered=True, blocks=[Block(f"{head}_same", common | {"names": Names(top)})])
    for entity in top:
        facts = (ctx.view.fact(entity, metric, period) for period in periods)
        part.facts.extend(f for f in facts if f is not None)
    return part


def _line(entity: str, old: Fact | None, new: Fact | None, common: dict[str, object]) -> Block:
    """One who left or joined: its figure in each period, or that it has none in one."""
    fields = common | {"entity": Names((entity,))}
    if old is not None and new is not None:
        return Block("dropouts_line", fields | {"old": Value(old), "new": Value(new)})
    if old is not None:
        return Block("dropouts_line_gone", fields | {"old": Value(old)})
    if new is not None:
        return Block("dropouts_line_new", fields | {"new": Value(new)})
    return Block("dropouts_line_none", fields)
