"""Everyone said as the scope: "and among everyone?", "of all purchases", "parmi tout le monde"."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.parse.lang import Vocabulary
    from knowledge.parse.normalize import Token
    from knowledge.parse.question import Query

_REACH = 3  # "parmi tout le monde": the whole word within a few words of "among"


def among_everyone(query: Query, tokens: list[Token], vocab: Vocabulary) -> None:
    """ "Among everyone", "of all purchases": no group, not the one just discussed."""
    if query.groups or query.excluded_groups or not any(t.key in vocab.whole_words for t in tokens):
        return  # no word for everyone: nothing to look for
    for item in query.items:
        # "and everyone?" / "et tout le monde ?" as a follow-up says the scope too
        leading = item.kind == "followup" and item.start == 0
        if item.kind != "among" and not leading:
            continue
        end = min(item.end + _REACH, len(tokens))
        if any(t.key in vocab.whole_words for t in tokens[item.start : end]):
            query.concepts.add("among_everyone")
            _not_a_ranking(query, item.end, end)
            return


def _not_a_ranking(query: Query, start: int, end: int) -> None:
    """ "dans tous les achats": its "tous" is the scope, not "rank them all"."""
    query.items = [x for x in query.items if not (x.kind == "rank" and start <= x.start < end)]
    if not any(x.kind == "rank" for x in query.items):
        query.concepts.discard("rank")
