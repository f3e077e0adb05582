"""The recognised spans of a question turned into its Query's fields: who is named (and as what:
the ones asked about, excluded, or compared against), the metrics, periods, numbers and words."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from knowledge.lexicon import Lexicon
from knowledge.model import Period
from knowledge.parse.counts import first_n, others_counted, the_n
from knowledge.parse.everyone import among_everyone
from knowledge.parse.items import Item
from knowledge.parse.lang import Vocabulary
from knowledge.parse.normalize import Token
from knowledge.parse.numbers import as_int
from knowledge.parse.qualifiers import find_qualifiers
from knowledge.parse.unknown import unknown_names
from knowledge.parse.verbslot import note_lacked_measure

if TYPE_CHECKING:
    from knowledge.parse.question import Query  # (the parser calls this module)


def interpret(query: Query, tokens: list[Token], vocab: Vocabulary, lexicon: Lexicon) -> None:
    """Turn the recognised spans into the Query's fields."""
    items = query.items
    excluding = False
    after_than = False
    anchor_next = False  # "Microsoft bought twice as many as Meta": Meta is what is multiplied
    for n, item in enumerate(items):
        kind = item.kind
        if kind == "factor":
            assert isinstance(item.value, Decimal)
            query.factor, after_than, anchor_next = item.value, True, True
            query.factor_at = item.start
            continue
        if kind == "entity" and anchor_next and not excluding:
            anchor_next = False  # only the first name after the multiple is multiplied
            if query.entities:
                query.relative_to = str(item.value)
                continue
        if kind in ("entity", "group"):
            if kind == "group" and any(
                t.key in vocab.entity_nouns for t in tokens[item.start : item.end]
            ):
                query.entity_noun = (
                    True  # "Chinese companies" names a group and asks about companies
                )
            target = _target(query, kind, excluding, after_than)
            if item.value not in target:
                target.append(str(item.value))
            continue
        if kind == "excluding":
            excluding = True
        elif kind in ("metric", "verb", "period", "number", "more_than", "less_than", "who"):
            excluding = kind == "number" and excluding  # an exclusion list ends here
        if kind in ("more_than", "less_than", "more", "less", "at_least", "at_most"):
            after_than = True  # an entity named after this is the one to compare against
            if query.first_comparative is None:
                query.first_comparative = item.start
                before = tokens[item.start - 1].key if item.start > 0 else None
                query.margin = before in vocab.margin_words
        _interpret_item(query, item, n)
    query.leading_followup = _leading_followup(items, tokens, vocab)
    said = (t.key for x in items if x.kind == "verb" for t in tokens[x.start : x.end])  # spenders
    query.entity_noun = query.entity_noun or any(key in vocab.entity_nouns for key in said)
    _implied(query)
    first_n(query)
    others_counted(query, tokens, vocab)
    the_n(query, tokens, vocab)
    among_everyone(query, tokens, vocab)
    if query.unknown:
        _names_not_known(query, tokens, vocab)
    find_qualifiers(query, tokens, vocab)
    note_lacked_measure(query, tokens, vocab, lexicon.words)  # "did Brazil import"


def _leading_followup(items: list[Item], tokens: list[Token], vocab: Vocabulary) -> bool:
    """Whether the question opens with a follow-up word, after words that say nothing ("no, I
    meant 2024", "ok what about Meta?"): it goes on from the last question."""
    if not items:
        return False
    before = tokens[: items[0].start]
    if not all(t.key in vocab.stopwords for t in before):
        return False
    # "non en fait les puces AMD": a correction, though no follow-up word is said
    return items[0].kind == "followup" or (
        bool(before) and before[0].key in vocab.correction_openers
    )


def _implied(query: Query) -> None:
    """What some words say besides themselves: "which one" is a "who" question about the ones
    just named; "between them" points back, and adds up unless a gap or the larger is asked."""
    if query.has("which_one"):
        query.concepts.add("who")
    if query.has("between_them"):
        query.concepts.add("pronoun")
        if not query.has("difference", "ratio", "most", "least", "compare", "who", "rank"):
            query.concepts.add("total")  # "how many between them?", "more than 700k between them?"


def _names_not_known(query: Query, tokens: list[Token], vocab: Vocabulary) -> None:
    """Unknown words that are names Tally has no figures for."""
    if not query.entities and not query.relative_to and _asks_about_one(query):
        # "how many did apple buy": an unknown word of some length is a name we do not have
        extra = [w for w in query.unknown if len(w) >= 3 and w not in query.unknown_names]
        query.unknown_names.extend(extra)
    # "did xai buy more than Meta?", "Meta and OpenAI": where a name stands
    said = unknown_names(query.items, tokens, vocab)
    query.unknown_names.extend(w for w in said if w not in query.unknown_names)


_OTHER_INTENTS = frozenset(
    {
        "most",
        "least",
        "top",
        "rank",
        "total",
        "average",
        "median",
        "share",
        "change",
        "decline",
        "relative",
        "slowest",
        "more_than",
        "less_than",
        "more",
        "less",
        "at_least",
        "at_most",
        "position",
        "sources",
        "help",
        "list_metrics",
        "list_entities",
    }
)


def _asks_about_one(query: Query) -> bool:
    if query.ordinal is not None or query.numbers or query.top_n is not None:
        return False
    return query.has("how_many", "about") or not (query.concepts & _OTHER_INTENTS)


def _target(query: Query, kind: str, excluding: bool, after_than: bool) -> list[str]:
    if kind == "group":
        return query.excluded_groups if excluding else query.groups
    if excluding:
        return query.excluded
    if after_than and query.relative_to is None and not query.entities:
        query.relative_to = "pending"
    return query.entities


def _interpret_item(query: Query, item: Item, n: int) -> None:
    kind, value = item.kind, item.value
    if kind == "metric":
        if value not in query.metrics:
            query.metrics.append(str(value))
    elif kind == "verb":
        query.verb_metrics = query.verb_metrics | {str(value)}
    elif kind == "partial":
        assert isinstance(value, frozenset)
        both = query.partial_metrics & value
        query.partial_metrics = both or (query.partial_metrics | value)
    elif kind == "period":
        assert isinstance(value, Period)
        if value not in query.periods:
            query.periods.append(value)
    elif kind == "fraction":
        assert isinstance(value, Decimal)
        query.fraction = value
    elif kind == "period_shift":
        assert isinstance(value, int)
        query.period_shift = value
    elif kind == "number":
        assert isinstance(value, Decimal)
        previous = query.items[n - 1] if n else None
        if (
            previous is not None
            and previous.kind in ("top", "bottom")
            and previous.end == item.start
            and value > 0  # "top -5" names no count (a sign is read since numbers can be negative)
        ):
            query.top_n = as_int(value)
        else:
            query.numbers.append(value)
    else:
        _interpret_word(query, kind, value)


def _interpret_word(query: Query, kind: str, value: object) -> None:
    if kind == "ordinal":
        query.ordinal = int(str(value))
    elif kind == "multiple":
        query.multiple = max(query.multiple or 0, int(str(value)))
    elif kind == "entity_noun":
        query.entity_noun = True
    elif kind == "unknown":
        query.unknown.append(str(value))
    else:
        query.concepts.add(kind)
