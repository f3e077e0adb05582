""" "US vs China" - "did the US buy more than double?", "more than twice as much?": after two
were set against each other, a multiple said with a comparison is a multiple of the other one's
figure (as "twice as many as China" is), not the first one's growth since the year before."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from knowledge.conversation import Conversation
from knowledge.parse.items import Item
from knowledge.parse.question import Query

# "more than double", "at least twice as much": a bar said on the multiple
_BAR_SAID = ("more_than", "at_least", "as_many", "less_than", "at_most")


def multiple_of_the_other(q: Query, context: Conversation) -> Query:
    """The question with the other one of the two just compared named as what is multiplied."""
    if context.intent != "comparison" or q.multiple is None or q.factor is not None:
        return q
    if q.relative_to or not q.has(*_BAR_SAID) or q.has("change", "decline", "who"):
        return q
    if len(q.periods) > 1 or q.excluded or q.excluded_groups:
        return q
    kind, pair = _two_compared(context)
    named = q.groups if kind == "group" else q.entities
    others_named = q.entities if kind == "group" else q.groups
    if kind is None or others_named or len(named) > 1 or not set(named) <= set(pair):
        return q
    first = named[0] if named else pair[0]
    other = pair[1] if first == pair[0] else pair[0]
    said = next((x for x in q.items if x.kind == "multiple"), None)
    if said is None:
        return q
    factor = Decimal(q.multiple)
    if kind == "entity":
        at = said.start
        return replace(
            q, entities=[first], relative_to=other, factor=factor, factor_at=at, multiple=None
        )
    # two groups: each on its side of the multiple, as "US companies … twice as many as China"
    # reads them (the ones not said here take no words: they are placed, not read)
    items = list(q.items)
    if not any(x.kind == "group" and x.value == first and x.start < said.start for x in items):
        items.append(Item("group", first, 0, 0))
    items.append(Item("group", other, said.start, said.start))
    items.sort(key=lambda x: x.start)
    return replace(
        q,
        items=items,
        groups=[first, other],
        factor=factor,
        factor_at=said.start,
        multiple=None,
    )


def _two_compared(context: Conversation) -> tuple[str | None, list[str]]:
    """Whether the last answer set two groups, or two entities, against each other."""
    if len(context.groups) == 2 and not context.entities:
        return "group", list(context.groups)
    if len(context.entities) == 2 and not context.groups:
        return "entity", list(context.entities)
    return None, []
