"""Unknown words that stand where a name would: "did xai buy", "Meta and OpenAI", "the X firms".

Tally must not answer about everyone else when a question names someone it has no figures for. A
word it does not know is read as such a name only where a name stands: right after the words that
put a subject before its verb ("did xai buy", "xai a-t-il acheté"), after "than" ("more than
Apple"), joined to a known name ("Meta and OpenAI", "Tesla or SpaceX"), or next to a word for the
things figures are about ("the European firms"). Anywhere else ("who else bought…", "which giant
spent…") an unknown word is left alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.parse.items import JOINS, Item
from knowledge.parse.lang import Phrase, Vocabulary
from knowledge.parse.normalize import Token

_NAMED = frozenset({"entity", "group"})
_NOUNS = frozenset({"entity_noun", "list_entities"})  # "entreprises", "quelles entreprises"


def unknown_names(items: Sequence[Item], tokens: list[Token], vocab: Vocabulary) -> list[str]:
    """The unknown words of a question that stand where a name would."""
    found: list[str] = []
    for n, item in enumerate(items):
        if item.kind == "unknown" and _stands_for_a_name(items, n, tokens, vocab):
            found.append(str(item.value))
    return found


def _stands_for_a_name(
    items: Sequence[Item], n: int, tokens: list[Token], vocab: Vocabulary
) -> bool:
    item = items[n]
    before = items[n - 1] if n > 0 else None
    after = items[n + 1] if n + 1 < len(items) else None
    previous = tokens[item.start - 1].key if item.start > 0 else None
    if after is not None and _noun(after, tokens, vocab) and after.start == item.end:
        return True  # "the European firms", "top French buyers": a group it does not know
    if before is not None and _noun(before, tokens, vocab) and before.end == item.start:
        return True  # "les entreprises européennes": the same, said after the noun
    if previous in vocab.compared_slot:
        return True  # "more than Apple", "plus que Samsung": what a figure is compared with
    if previous in vocab.subject_before or _starts(tokens, item.end, vocab.subject_after):
        # "did xai buy", "xai a-t-il"; not "did OpenAI's partner Microsoft buy": its subject
        # is the name between the word and the verb
        verb = next((m for m in range(n + 1, len(items)) if items[m].kind == "verb"), len(items))
        if not any(x.kind in _NAMED for x in [*items[:n], *items[n + 1 : verb]]):
            return True
    # "did apple and Microsoft buy", "does xai have vs Meta": a subject joined to a known name
    joined_after = after is not None and after.kind in JOINS and _name_at(items, n + 2)
    joined_before = before is not None and before.kind in JOINS and _name_at(items, n - 2)
    return joined_after or joined_before  # "Meta and OpenAI", "Tesla or SpaceX"


def _noun(item: Item, tokens: list[Token], vocab: Vocabulary) -> bool:
    """A word for the things figures are about, also when a metric's verb ("buyers")."""
    if item.kind in _NOUNS:
        return True
    return item.kind == "verb" and tokens[item.start].key in vocab.entity_nouns


def _starts(tokens: list[Token], i: int, phrases: list[Phrase]) -> bool:
    keys = tuple(t.key for t in tokens[i : i + 4])
    return any(keys[: len(p)] == p for p in phrases)


def _name_at(items: Sequence[Item], n: int) -> bool:
    return 0 <= n < len(items) and items[n].kind in _NAMED
