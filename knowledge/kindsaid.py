"""A kind of thing asked of knowledge about another kind: "which companies export the most?" when
the figures are by country. No figure is about a company there, so Tally says so rather than
answering with a country as if it were one."""

from __future__ import annotations

from knowledge.countsaid import count_unmatched
from knowledge.lexicon import lexicon_for
from knowledge.parse.lang import vocabulary
from knowledge.parse.normalize import phrase_key
from knowledge.parse.question import Query
from knowledge.plan import Plan
from knowledge.view import KnowledgeView


def kind_unmatched(plan: Plan, q: Query, view: KnowledgeView) -> None:
    """Set the problem when a kind other than the knowledge's own is said, and its own is not
    (after "the 3" said of more listed, which is asked first)."""
    count_unmatched(plan, q, view)
    if plan.problem is not None:
        return
    kinds = vocabulary().entity_kinds.get(q.language, {})
    noun = lexicon_for(view).entity_noun.get(q.language)
    own = next((kinds[k] for k in phrase_key(noun) if k in kinds), None) if noun else None
    if own is None:
        return  # the knowledge says no kind of its own: any word may fit it
    said = [t for t in q.said if t.key in kinds]
    if not said or any(kinds[t.key] == own for t in said):
        return  # ("les entreprises de quel pays"): its own kind is asked
    plan.problem, plan.kind_said = "kind_unmatched", said[0].text
