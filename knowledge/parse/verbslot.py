"""A measure asked by a verb or a doer noun this knowledge has no metric for: "how much coffee did
Brazil import?", "who bought the most coffee?", "who are the biggest buyers?". Each knowledge file
lists its metrics' verbs (and doer nouns, "buyers"); a word said where the verb of an amount asked
stands that is none of them asks a measure Tally has no figures on, so the question is refused
plainly rather than answered with another measure's figure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.parse.items import Item
from knowledge.parse.lang import Vocabulary
from knowledge.parse.normalize import Token

if TYPE_CHECKING:
    from knowledge.parse.question import Query

_SUBJECTS = frozenset({"entity", "group", "entity_noun"})
_READS = frozenset({"verb", "metric"})  # items that read a verb or a doer noun as this knowledge's
_AGREEMENT = 2  # « obtenues » is a form of « obtenu »: endings a knowledge's verb may take


def note_lacked_measure(
    query: Query, tokens: list[Token], vocab: Vocabulary, known: set[str]
) -> None:
    """Keep a lacked measure's word as what Tally has no figures on, unless a word is kept
    already ("how many chips did Brazil buy?": "chips")."""
    lacked = lacked_measure(query, tokens, vocab, known)
    if lacked is not None and not query.qualifiers:
        query.qualifiers.append(lacked)


def lacked_measure(
    query: Query, tokens: list[Token], vocab: Vocabulary, known: set[str]
) -> str | None:
    """The verb or doer noun of a measure this knowledge lacks, as said; None when there is none.
    `known` holds the words of this knowledge's names and verbs."""
    nouns = [x for x in query.items if x.kind == "entity_noun"]
    if nouns:
        read = {at for x in query.items if x.kind in _READS for at in range(x.start, x.end)}
        for item in nouns:
            if tokens[item.start].key in vocab.doer_nouns and item.start not in read:
                return tokens[item.start].text  # "the biggest buyers": no verb of this knowledge
    if not query.has("how_many", "most", "least"):
        return None  # only an amount asked is answered with a figure of the wrong measure
    covered = {at for x in query.items if x.kind != "unknown" for at in range(x.start, x.end)}
    words = {
        at
        for at, token in enumerate(tokens)
        if at not in covered and _measure_word(token, vocab, known)
    }
    if not words:
        return None  # (most questions: every word is read, or is a word of the language)
    for at in _verb_slots(query.items, tokens, vocab):
        if at in words:
            return tokens[at].text
    return None


def _verb_slots(items: list[Item], tokens: list[Token], vocab: Vocabulary) -> list[int]:
    """Where a verb stands: after "did Brazil", after « le Brésil a-t-il », after "who"."""
    slots = []
    keys = [t.key for t in tokens]
    for phrase in vocab.subject_after:  # « le Brésil a-t-il importé »
        size = len(phrase)
        slots += [at + size for at in range(len(keys)) if tuple(keys[at : at + size]) == phrase]
    for item in items:
        before = keys[item.start - 1] if item.start > 0 else None
        if item.kind in _SUBJECTS and before in vocab.subject_before:
            slots.append(item.end)  # "did Brazil import"
        if item.kind == "who":
            at = item.end
            while at < len(tokens) and keys[at] in vocab.counting_gap:
                at += 1  # « qui a acheté »
            slots.append(at)
    return slots


def _measure_word(token: Token, vocab: Vocabulary, known: set[str]) -> bool:
    """A lower-case word that reads as nothing on its own, in the generic vocabulary or as a
    form of this knowledge's words."""
    key = token.key
    if token.upper or not token.text.isalpha() or len(key) < 3:
        return False
    if any(key[: len(key) - cut] in known for cut in range(_AGREEMENT + 1)):
        return False
    alone = (key,) in vocab.phrases or key in vocab.stopwords or key in vocab.entity_nouns
    alone = alone or key in vocab.neutral_verbs
    return not alone and key not in vocab.subject_before and key not in vocab.counting_gap
