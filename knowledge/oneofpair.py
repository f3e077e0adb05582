"""A singular pronoun after two set against each other: "Tesla" - "how far behind Lambda is it?"
- "what's its share?" asks about Tesla, the one "it" has meant all along, not Tesla and Lambda
together ("their share?" is both)."""

from __future__ import annotations

from knowledge.conversation import Conversation
from knowledge.parse.lang import vocabulary
from knowledge.parse.question import Query
from knowledge.reading import classify

# what is asked of one: its figure, its share, its change, its rank
_OF_ONE = ("figure", "share", "change", "rank_position")
# words that set the two apart again ("is it bigger?", "by how much?") or add them: about both
_BETWEEN = ("more", "less", "more_than", "less_than", "compare", "difference", "ratio")


def one_of_the_pair(q: Query, context: Conversation, referents: list[str]) -> list[str]:
    """Whom "it" points at: after a comparison of the one discussed with another, that one."""
    if context.intent != "comparison" or len(context.entities) != 2 or len(context.before) != 1:
        return referents
    one = context.before[0]
    if one not in context.entities or referents != list(context.entities):
        return referents
    if q.entities or q.groups or q.has(*_BETWEEN, "each", "total", "between_them"):
        return referents
    if not any(t.key in vocabulary().one_pronouns for t in q.said):
        return referents
    return [one] if classify(q) in _OF_ONE else referents
