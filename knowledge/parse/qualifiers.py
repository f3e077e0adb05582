"""What a question says around its names: the entity a bar is taken from, whether the entities
are counted, and unknown words next to a metric word ("Blackwell chips": a qualifier)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.parse.items import Item
from knowledge.parse.lang import Vocabulary
from knowledge.parse.normalize import Token

if TYPE_CHECKING:
    from knowledge.parse.question import Query


def find_qualifiers(query: Query, tokens: list[Token], vocab: Vocabulary) -> None:
    """Unknown words right before or after a metric word ("Blackwell chips", "puces Blackwell")."""
    if query.relative_to == "pending":
        # "who bought more than Meta?": one entity, named after "more"; two make a comparison
        # "more than half of the world's exports": the bar is a part of the whole, not a figure
        one = len(query.entities) == 1 and query.fraction is None
        query.relative_to = query.entities.pop() if one else None
    if query.factor is not None and query.relative_to is None and not query.groups:
        # "twice as many as Meta and Google": no one figure to multiply; a whole multiple is
        # still said ("did they double?"); "US companies twice as many as China": two sums
        whole = query.factor == query.factor.to_integral_value() and query.factor >= 2
        query.multiple = int(query.factor) if whole else query.multiple
        query.factor = None
    unknown = {item.start: item for item in query.items if item.kind == "unknown"}
    for item, following in zip(query.items, query.items[1:], strict=False):
        if item.kind == "how_many" and following.kind == "verb":
            query.counted = query.counted or _counts_doers(query, tokens, item, following, vocab)
        if item.kind == "how_many" and following.kind in ("entity_noun", "group"):
            # "how many companies", "combien d'entreprises", "how many of the firms" count them;
            # "how much did US companies spend", "combien les entreprises ont" ask their amount
            gap = tokens[item.end : following.start]
            if gap and gap[0].key not in vocab.fraction_of:
                continue
            query.counted = following.kind == "entity_noun" or query.entity_noun
    for item in query.items:
        # "how much tea ...": what is counted is a word Tally does not know
        after = unknown.get(item.end)
        if (
            item.kind == "how_many"
            and after is not None
            and str(after.value) not in query.qualifiers
        ):
            query.qualifiers.append(str(after.value))
    for item in query.items:
        if item.kind == "partial":
            for position in (item.start - 1, item.end):
                neighbour = unknown.get(position)
                if neighbour is not None and neighbour.value not in query.qualifiers:
                    query.qualifiers.append(str(neighbour.value))


def _counts_doers(
    query: Query, tokens: list[Token], how_many: Item, verb: Item, vocab: Vocabulary
) -> bool:
    """ "how many bought exactly 50,000?", "combien ont acheté…": those who did, counted; not
    "how much was spent" (an amount) nor "combien ont acheté les 2 premiers" (theirs)."""
    said = {t.key for t in tokens[how_many.start : how_many.end]}
    gap = [t.key for t in tokens[how_many.end : verb.start]]
    if said & vocab.amount_words or query.top_n is not None:
        return False
    return all(key in vocab.counting_gap for key in gap)
