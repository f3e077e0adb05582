"""Those who came into a top list or left it, asked about: "how many did the newcomers buy in
2023?" after two top lists, "who came in?" - "how many did they buy in 2023?"."""

from __future__ import annotations

from dataclasses import replace

from knowledge.conversation import Conversation
from knowledge.dropouts import CAME_IN, DROPPED, asked_of_movers, movers
from knowledge.parse.question import Query


def with_movers(q: Query, context: Conversation) -> Query:
    """The question with those who came in (or left) named, when it asks about them."""
    if q.entities or q.groups:
        return q
    if asked_of_movers(q):
        named = movers(context, came_in=q.has(CAME_IN) and not q.has(DROPPED))
        # (nobody came in: left as said, so that it is not read as about everyone)
        return replace(q, entities=list(named)) if named else q
    if context.moved and q.has("pronoun"):
        return replace(q, entities=list(context.moved))  # "who came in?" - "how many did they buy?"
    return q
