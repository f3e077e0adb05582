"""A place in the last ranking said instead of a name: "who bought the most?" - "how many more
than the 2nd?" compares the one found with the one (or those tied) at that place."""

from __future__ import annotations

from dataclasses import replace

from knowledge.conversation import Conversation
from knowledge.model import Fact
from knowledge.parse.question import Query
from knowledge.population import place_index, population, tie_group
from knowledge.view import KnowledgeView

MAX_COMPARED = 3  # the leader and two tied at the place; more is a ranking, not a comparison


def with_place_named(q: Query, view: KnowledgeView, context: Conversation) -> Query:
    """The question with "the 2nd" replaced by whoever holds that place, after the one found."""
    leader = _leader_asked(q)
    if (q.ordinal is None and not leader) or q.entities or q.groups or q.numbers:
        return q
    asks_gap = q.has("difference", "ratio", "compare") or leader
    if not asks_gap or context.intent not in _ONE_FOUND or len(context.metrics) != 1:
        return q
    period = q.periods[0].code if q.periods else context.answered_period
    if not context.shown or period is None:
        return q
    ranked = population(
        view, context.metrics[0], period, context.groups, context.excluded, context.excluded_groups
    ).facts
    # "the leader" is the top of the ranking, whichever end the last answer found
    ordinal, direction = (1, "max") if leader else (q.ordinal or 1, context.direction)
    placed = [e for e in _at_place(ranked, ordinal, direction) if e not in context.shown]
    if not placed or len(context.shown) + len(placed) > MAX_COMPARED:
        return q
    concepts = (q.concepts - {"most", "behind"}) | {"difference"} if leader else q.concepts
    return replace(q, entities=[*context.shown, *placed], ordinal=None, concepts=concepts)


# answers that found one at a place: the leader, the last, "who is 2nd?"
_ONE_FOUND = ("superlative", "rank_position")


def _leader_asked(q: Query) -> bool:
    """ "How far behind the leader is that?": the gap to the top, said without a place."""
    return q.ordinal is None and q.has("most") and q.has("behind", "difference", "ratio")


def _at_place(ranked: tuple[Fact, ...], ordinal: int, direction: str) -> list[str]:
    """Who is at a place of a ranking (largest first; from the end when the fewest were asked;
    -1 is the last), with those tied with it; nobody when a tie above takes the place."""
    index = place_index(len(ranked), ordinal, direction)
    if not 0 <= index < len(ranked):
        return []
    start, end = tie_group(ranked, index)
    # ("the third" after two tied at #2: nobody is #3, which the ranking's answer says)
    first = start if direction != "min" else end - 1
    return [f.entity for f in ranked[start:end]] if first == index else []
