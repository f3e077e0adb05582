"""How far a generic phrase may run: not into a name that starts later ("more than Meta"), but
through a whole name it ends with ("the rest of the market", "le reste du marché")."""

from __future__ import annotations

from bisect import bisect_right

from knowledge.lexicon import Lexicon
from knowledge.parse.lang import Vocabulary
from knowledge.parse.normalize import Token


def phrase_limit(
    tokens: list[Token],
    i: int,
    starts: list[int],
    names: dict[int, int],
    vocab: Vocabulary,
    lexicon: Lexicon,
) -> int:
    """Where a generic phrase starting at i must end at the latest (`starts`: where names start,
    in order; `names`: each name's start -> its end)."""
    after = bisect_right(starts, i)
    if after == len(starts):
        return len(tokens)
    start = starts[after]
    end = names[start]
    if i + vocab.starts.get(tokens[i].key, 0) < end:
        return start  # no phrase starting here is long enough to take the name in (most words)
    if tuple(t.key for t in tokens[i:end]) not in vocab.phrases:
        return start  # (the usual case: looked up first, it spares the name's look-up)
    refs = lexicon.lookup(tuple(t.key for t in tokens[start:end]))
    # a name of something figures are about, said as the end of a phrase, is part of the phrase
    # (a measure's name never is: "trop dépensé" still names the spending)
    if refs and all(r.kind in ("entity", "group") for r in refs):
        return end
    return start
