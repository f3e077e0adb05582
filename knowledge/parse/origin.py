""" "Where's the Microsoft 31 billion from?": where a figure comes from, said around it (the
words between name the figure), as "where does it come from" says in one phrase."""

from __future__ import annotations

from knowledge.parse.lang import vocabulary
from knowledge.parse.question import Query


def origin_asked(q: Query) -> bool:
    """Whether the question opens with "where" and ends with "from": its sources are asked."""
    if len(q.said) < 3 or q.said[-1].key not in vocabulary().origin_close:
        return False  # (most questions: the last word alone settles it)
    # "where is Microsoft from?" asks where the company is, which no figure says
    figure = bool(q.numbers or q.metrics or not q.entities)
    return figure and q.said[0].key in vocabulary().origin_open
