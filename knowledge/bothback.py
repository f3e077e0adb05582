"""A multiple asked of the ones the answer before named, without naming them: "did their total
double?", "did they double?", « ont-ils doublé ? » ask of them all (their sum, or each one's
change); "is it twice as much?", « c'est le double ? » set one against the other."""

from __future__ import annotations

from knowledge.parse.lang import vocabulary
from knowledge.parse.question import Query


def both_back(q: Query) -> bool:
    """Whether a multiple said with no name is asked of them all: their total, or "they"."""
    plural = vocabulary().plural_pronouns
    return q.has("total") or any(token.key in plural for token in q.said)
