"""Whether there is a tie: "il y a égalité ?", "is there a tie?" after an answer that found one
(the leader, the one at a place): those level with it, or the nearest when none is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.conversation import Conversation
from knowledge.fields import Block
from knowledge.intents import Part
from knowledge.model import Period
from knowledge.parse.question import Query

if TYPE_CHECKING:
    from knowledge.plan import Plan

# what may be said with the tie ("is there a tie?", "y a-t-il des ex aequo ?")
_BARE = frozenset({"tie", "pronoun", "followup", "who", "among", "filler"})
# the opening of a neighbours answer, and its yes or no version
_VERDICTS = {"neighbour_level": "neighbour_level_yes", "neighbour_nearest": "neighbour_nearest_no"}
# answers about one found (or those at one figure), whose level ones a tie question asks for
_ONE_FOUND = ("superlative", "rank_position", "rank_neighbour", "figure", "reverse_lookup")
# answers of one figure for a whole (a share, a sum, an average): none in them is level with another
_ONE_WHOLE = ("share", "total", "average")


def tie_asked(plan: Plan, q: Query, context: Conversation | None) -> None:
    """ "Who deployed the most?" - "is there a tie?": who is level with the one just found."""
    if context is None or not q.has("tie"):
        return
    if not {x.kind for x in q.items} <= _BARE | _how_many_way(q) or q.unknown or q.entities:
        return
    if context.intent in _ONE_WHOLE:
        plan.problem = "tie_one_figure"  # a share or a sum ranks no one: say so, ask no name
        return
    if context.intent not in _ONE_FOUND:
        return
    found = context.shown or context.entities
    if not found or len(context.metrics) != 1:
        return
    period = context.answered_period or context.period
    plan.intent, plan.direction, plan.problem = "rank_neighbour", "nearest", None
    plan.entities, plan.metrics = [found[0]], list(context.metrics)
    plan.periods = [Period.parse(period)] if period else []
    plan.groups, plan.excluded = list(context.groups), list(context.excluded)
    # "who is tied with it?" asks who, not whether; "a 3 way tie?" whether that many are level
    plan.tie_yes_no = not q.has("who")
    plan.tie_count = int(q.numbers[0]) if q.numbers and plan.tie_yes_no else None


def tie_verdict(part: Part, plan: Plan) -> None:
    """ "Was it a tie?": "Yes: level with …" or "No: nearest to …", not the neighbours alone."""
    if not plan.tie_yes_no or not part.blocks:
        return
    first = part.blocks[0]
    if first.template == "neighbour_level" and plan.tie_count is not None:
        # "is that a 4 way tie?": yes only when that many are level (the one and the lines)
        tied = len(part.facts)
        said = {"tied": tied, "asked": plan.tie_count}
        verdict = "tie_count_yes" if tied == plan.tie_count else "tie_count_no"
        part.blocks[0] = Block(verdict, first.fields | said)
    elif first.template in _VERDICTS:
        part.blocks[0] = Block(_VERDICTS[first.template], first.fields)


def _how_many_way(q: Query) -> frozenset[str]:
    """ "Is that a 4 way tie?", "égalité à 4 ?": the number said next to the tie counts those
    tied; it is no figure."""
    items = q.items
    beside = any(
        x.kind == "tie" and any(y.kind == "number" for y in items[max(n - 1, 0) : n + 2])
        for n, x in enumerate(items)
    )
    return frozenset({"number"}) if beside and len(q.numbers) == 1 else frozenset()
