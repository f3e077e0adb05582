"""A follow-up setting the one figure just given against a sum: "how much did A export?" - "is
that more than B and C combined?" is A against B and C added up, not only their sum."""

from __future__ import annotations

from knowledge.conversation import Conversation
from knowledge.parse.lang import vocabulary
from knowledge.parse.question import Query
from knowledge.reading import Side


def sides_after_figure(q: Query, context: Conversation | None) -> list[Side]:
    """The figure just given ("that") against the sum the question names after "than"."""
    if context is None or context.intent != "figure" or len(context.entities) != 1:
        return []
    cut = q.first_comparative
    if cut is None or not q.has("total") or q.numbers:
        return []
    if not any(t.key in vocabulary().figure_pronouns for t in q.said):
        return []
    named = [x for x in q.items if x.kind in ("entity", "group")]
    if any(x.start < cut for x in named):
        return []  # the question names its own first side
    entities = tuple(str(x.value) for x in named if x.kind == "entity")
    groups = tuple(str(x.value) for x in named if x.kind == "group")
    if len(entities) + len(groups) < 2 and not groups:
        return []  # one only: a bar, "is that more than Vietnam?"
    return [Side((context.entities[0],)), Side(entities, groups)]
