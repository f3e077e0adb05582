"""The question with the ones it points back at named: "how many did they buy?", "the two
together?", "and the next one?", "total without them?" after the answers that found them."""

from __future__ import annotations

from dataclasses import replace

from knowledge.afresh import has_any, inverted, listed_said, past_the_one
from knowledge.conversation import Conversation
from knowledge.movers import with_movers
from knowledge.multipleof import multiple_of_the_other
from knowledge.oneofpair import one_of_the_pair
from knowledge.parse.question import Query
from knowledge.placed import with_place_named
from knowledge.reading import classify
from knowledge.referents import pair_of
from knowledge.thisone import neighbour_anchor, with_the_one
from knowledge.view import KnowledgeView


def with_referents(q: Query, view: KnowledgeView, context: Conversation) -> Query:
    """The question with the ones it points back at named (a copy: readings are shared)."""
    q = with_movers(q, context)  # "who came in?" - "how many did they buy in 2023?"
    q = multiple_of_the_other(q, context)  # "US vs China" - "did the US buy more than double?"
    q = with_place_named(q, view, context)  # "the most?" - "how many more than the 2nd?"
    q = with_the_one(q, context)  # "Tesla" - "is that the smallest?", "rank?"
    pointed = context.entities or context.shown or q.has("pronoun") or q.leading_followup
    if pointed and _share_of_whole_only(q, view):
        # "Microsoft's spending" - "what's its share of the total market?", "the top one" - "what
        # share of the market is that?": the whole is what the share is of; the one asked about
        # is the one just discussed
        q = replace(q, entities=[])
    # "did both spend more than 21 billion?" after two were named: those two
    # ("and each one's share?" too: a follow-up about each of them)
    each_of_them = not q.entity_noun or q.leading_followup
    both = q.has("each") and each_of_them and len(context.entities) > 1
    # "how many did they buy?": the ones just asked about, else the ones the answer found ("who
    # is right behind Microsoft?", "who bought the most?")
    found = context.shown if context.intent == "rank_neighbour" or not context.entities else ()
    if found and q.metrics:
        # "who bought more than 200k Hopper chips?" - "how many MI300 did they buy?": those of
        # them with MI300 figures
        found = tuple(e for e in found if has_any(view, e, q.metrics)) or found
    referents = list(found or context.entities)
    if q.has("behind", "ahead") and not q.has("the_rest") and not q.entities and referents:
        # "and the next one?", "et après lui ?" (not "what is left after"): next to the one just
        # found (after a tie, the same next ones for each)
        return replace(q, entities=neighbour_anchor(q, context, referents))
    pair = pair_of(context) if q.has("the_two", "between_them") else []
    referents = pair if len(pair) >= 2 else referents  # "the two together?": the last two
    q = past_the_one(q, referents)  # "Lambda" - "who's below it?": less than Lambda
    if q.has("excluding_them") and not q.excluded and referents:
        return replace(q, excluded=referents)  # "who spent the most?" - "total without them?"
    if (q.has("pronoun") or both) and not q.entities and referents and not inverted(q):
        # "Tesla" - "how far behind Lambda is it?" - "its share?": Tesla, not the two
        q = replace(q, entities=one_of_the_pair(q, context, referents))
    return q


def _share_of_whole_only(q: Query, view: KnowledgeView) -> bool:
    """A share asked of a stored whole alone ("the share of the total market")."""
    if not q.entities or (q.fraction is None and not q.has("share")):
        return False  # (no share is asked: the intent need not be read)
    if classify(q) != "share" or listed_said(q):
        return False  # ("what share of the market for the 4 giants?": those listed)
    return all(view.entities[e].aggregate if e in view.entities else False for e in q.entities)
