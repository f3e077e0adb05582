"""A question's text -> a Query: what it names (from the lexicon) and what it asks (language)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from knowledge.lexicon import Lexicon, Ref
from knowledge.model import Language, Period
from knowledge.parse.comparatives import (
    read_conditional_more,
    read_faster_than,
    read_minus,
    read_most_than,
)
from knowledge.parse.ends import read_both_ends
from knowledge.parse.exactness import read_exactness
from knowledge.parse.factors import fuse_factors
from knowledge.parse.fractions import read_fraction
from knowledge.parse.interpret import interpret
from knowledge.parse.items import JOINS, Item
from knowledge.parse.lang import Vocabulary, vocabulary
from knowledge.parse.language import detect_language
from knowledge.parse.normalize import Token, strip_markup, tokenize
from knowledge.parse.numbers import read_number, read_ordinal
from knowledge.parse.periods import read_period, read_period_shift
from knowledge.parse.spans import phrase_limit


@dataclass(slots=True)
class Query:
    """What a question says, before any knowledge of the conversation."""

    text: str
    language: Language
    items: list[Item] = field(default_factory=list)
    concepts: set[str] = field(default_factory=set)
    entities: list[str] = field(default_factory=list)  # asked about, in order
    excluded: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    excluded_groups: list[str] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)  # named in full
    partial_metrics: frozenset[str] = frozenset()  # a word shared by several metric names
    partial_words: list[str] = field(default_factory=list)
    verb_metrics: frozenset[str] = frozenset()
    periods: list[Period] = field(default_factory=list)
    period_shift: int = 0  # "the year before": years from the period a conversation discusses
    numbers: list[Decimal] = field(default_factory=list)
    fraction: Decimal | None = None  # a part of the whole ("half of", "10 % of")
    top_n: int | None = None
    ordinal: int | None = None
    multiple: int | None = None
    factor: Decimal | None = None  # "twice as many as Meta": a multiple of relative_to's figure
    factor_at: int | None = None  # where the multiple is said: what comes after is multiplied
    relative_to: str | None = None  # "more than Meta"
    first_comparative: int | None = None  # where "more than", "less", "at least" is said first
    margin: bool = False  # "by more than 4 billion": the comparison is of a gap
    unknown: list[str] = field(default_factory=list)  # words nobody knows
    unknown_names: list[str] = field(default_factory=list)  # unknown words that look like names
    qualifiers: list[str] = field(default_factory=list)  # unknown words next to a metric word
    corrections: list[tuple[str, str]] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    entity_noun: bool = False
    the_n: int | None = None  # "the four", "les quatre": how many those meant are
    counted: bool = False  # "how many companies ...": the entities are what is counted
    leading_followup: bool = False
    token_count: int = 0
    said: list[Token] = field(default_factory=list)  # the words as written, before corrections

    def has(self, *concepts: str) -> bool:
        """Whether any of these concepts was said."""
        return not self.concepts.isdisjoint(concepts)


def parse(
    text: str,
    lexicon: Lexicon,
    *,
    today: date,
    language: Language | None = None,
    default_language: Language | None = None,
) -> Query:
    """Read a question."""
    vocab = vocabulary()
    tokens = _abbreviations(tokenize(strip_markup(text)), vocab)
    detected = language or detect_language(text, tokens, lexicon, default_language)
    query = Query(text=text, language=detected, token_count=len(tokens), said=list(tokens))
    _scan(tokens, query, vocab, lexicon, today)
    read = read_minus(read_faster_than(read_conditional_more(read_most_than(query.items))))
    read = read_both_ends(read)
    query.items = read_exactness(fuse_factors(read, tokens, vocab), tokens, vocab)
    interpret(query, tokens, vocab, lexicon)
    return query


def _abbreviations(tokens: list[Token], vocab: Vocabulary) -> list[Token]:
    """ "le CA de Nvidia": a small word written in capitals is an abbreviation (a measure Tally
    may lack), not a name, unless the whole question is written in capitals."""
    if not any(t.caps and t.key in vocab.capital_words for t in tokens):
        return tokens  # (nearly every question: no such word in capitals)
    words = [t for t in tokens if t.text.isalpha() and len(t.text) > 1]
    if all(t.caps for t in words):
        return tokens
    return [
        Token(t.text.upper(), t.key, False, caps=True)
        if t.caps and t.key in vocab.capital_words
        else t
        for t in tokens
    ]


def _match(
    tokens: list[Token], i: int, vocab: Vocabulary, lexicon: Lexicon, limit: int | None = None
) -> tuple[str, object, int] | None:
    """The longest phrase at i: a knowledge name, a language concept or a multiple word."""
    first = tokens[i].key
    longest = max(vocab.starts.get(first, 0), lexicon.starts.get(first, 0))
    longest = min(longest, (limit or len(tokens)) - i)
    if longest <= 0:
        return None  # most words start no phrase
    keys = [t.key for t in tokens[i : i + longest]]
    for length in range(longest, 0, -1):
        key = tuple(keys[:length])
        if key in vocab.ordinal_phrases:
            return "ordinal", vocab.ordinal_phrases[key], i + length  # "second to last"
        refs = lexicon.lookup(key)
        if refs and length == 1 and vocab.known(key[0]) and not _named(tokens, i, vocab, lexicon):
            # a name that is also a common word ("us") counts only when capitalised
            refs = tuple(r for r in refs if r.kind in ("metric", "verb"))
        concept = vocab.phrases.get(key)
        if refs and (concept is None or any(r.kind != "verb" for r in refs)):
            return "refs", refs, i + length
        if concept is not None:
            return concept, None, i + length
        if key in vocab.multiples:
            return "multiple", vocab.multiples[key], i + length
        if refs:
            return "refs", refs, i + length
    return None


def _named(tokens: list[Token], i: int, vocab: Vocabulary, lexicon: Lexicon) -> bool:
    """Whether a name that is also a common word ("us") is meant as the name: capitalised, or
    set against another name ("us vs china", "us and chinese companies"), opening a follow-up
    ("and us?"), or before a noun for the things figures are about ("top us buyer")."""
    if tokens[i].upper or (i > 0 and tokens[i - 1].key in vocab.articles):
        return True  # "US", "the us"
    if i > 0 and vocab.phrases.get(tuple(t.key for t in tokens[:i])) == "followup":
        return True  # "and us 2024?", "what about us?": a follow-up naming another one
    after = tokens[i + 1].key if i + 1 < len(tokens) else None
    if after in vocab.entity_nouns and (after,) not in vocab.phrases:
        return True  # "top us buyer"; not "tell us who"
    for join, other in ((i + 1, i + 2), (i - 1, i - 2)):
        if 0 <= other < len(tokens) and vocab.phrases.get((tokens[join].key,)) in JOINS:
            key = tokens[other].key
            if key in lexicon.starts and not vocab.known(key):
                return True
    return False


def _names(tokens: list[Token], vocab: Vocabulary, lexicon: Lexicon) -> dict[int, int]:
    """Where the knowledge's names (not verbs) start and end: they win over generic phrases."""
    found: dict[int, int] = {}
    i = 0
    while i < len(tokens):
        longest = min(lexicon.starts.get(tokens[i].key, 0), len(tokens) - i)
        if not longest:
            i += 1  # most words start no name
            continue
        keys = [t.key for t in tokens[i : i + longest]]
        for length in range(longest, 0, -1):
            key = tuple(keys[:length])
            refs = [r for r in lexicon.lookup(key) if r.kind != "verb"]
            if (
                refs
                and length == 1
                and vocab.known(key[0])
                and not _named(tokens, i, vocab, lexicon)
            ):
                refs = [r for r in refs if r.kind == "metric"]
            if refs and (length > 1 or key not in vocab.phrases):
                found[i] = i + length
                i += length
                break
        else:
            i += 1
    return found


def _scan(
    tokens: list[Token], query: Query, vocab: Vocabulary, lexicon: Lexicon, today: date
) -> None:
    names = _names(tokens, vocab, lexicon)
    starts = sorted(names)
    i = 0
    while i < len(tokens):
        # a generic phrase may not run into a name that starts later
        limit = phrase_limit(tokens, i, starts, names, vocab, lexicon)
        end = _scan_one(tokens, i, query, vocab, lexicon, today, limit)
        i = end if end > i else i + 1


def _scan_one(
    tokens: list[Token],
    i: int,
    query: Query,
    vocab: Vocabulary,
    lexicon: Lexicon,
    today: date,
    limit: int | None = None,
) -> int:
    items = query.items
    period = read_period(tokens, i, vocab, today)
    if period is not None:
        items.append(Item("period", period[0], i, period[1]))
        shift = read_period_shift(tokens, i, vocab)
        if shift is not None:
            items.append(Item("period_shift", shift[0], i, shift[1]))
        return period[1]
    fraction = read_fraction(tokens, i, vocab)
    if fraction is not None:
        items.append(Item("fraction", fraction[0], i, fraction[1]))
        return fraction[1]
    if tokens[i].number is not None:
        ordinal = read_ordinal(tokens, i, vocab)
        if ordinal is not None:
            items.append(Item("ordinal", ordinal[0], i, ordinal[1]))
            return ordinal[1]
    if tokens[i].caps and not tokens[i].upper:
        # « le CA de Nvidia »: an abbreviation Tally has no figures for, not the small word « ça »
        items.append(Item("unknown", tokens[i].text, i, i + 1))
        return i + 1
    found = _match(tokens, i, vocab, lexicon, limit)
    if found is not None:
        kind, value, end = found
        if kind == "refs":
            assert isinstance(value, tuple)
            for ref in value:
                items.append(Item(ref.kind, ref.key, i, end))
        else:
            items.append(Item(kind, value, i, end))
        return end
    number = read_number(tokens, i, vocab)
    if number is not None:
        items.append(Item("number", number[0], i, number[1]))
        return number[1]
    ordinal = read_ordinal(tokens, i, vocab)
    if ordinal is not None:
        items.append(Item("ordinal", ordinal[0], i, ordinal[1]))
        return ordinal[1]
    return _scan_word(tokens, i, query, vocab, lexicon, today)


def _scan_word(
    tokens: list[Token], i: int, query: Query, vocab: Vocabulary, lexicon: Lexicon, today: date
) -> int:
    token = tokens[i]
    key = token.key
    if key in lexicon.metric_words:
        query.items.append(Item("partial", lexicon.metric_words[key], i, i + 1))
        query.partial_words.append(token.text)
        return i + 1
    if key in vocab.entity_nouns:
        query.items.append(Item("entity_noun", key, i, i + 1))
        return i + 1
    if (
        key in lexicon.cited_words
        and i + 1 < len(tokens)
        and tokens[i + 1].key in vocab.entity_nouns
    ):
        # "French companies": a word of a source's name, not a group of the knowledge
        query.items.append(Item("unknown", token.text, i, i + 1))
        return i + 1
    if _capital_name(tokens, i, vocab, lexicon):
        # "ship to the US" with no US in the knowledge: a name Tally lacks, not the word "us"
        query.items.append(Item("unknown", token.text, i, i + 1))
        query.unknown_names.append(token.text.upper())
        return i + 1
    if vocab.known(key) or vocab.known(token.text) or key in lexicon.words:
        return i + 1
    if key in vocab.unit_words:
        return i + 1  # "by how many billions?": the unit the answer is in, not a name
    corrected = lexicon.correct(key)
    if corrected and (len(corrected) == 1 or corrected[0] != corrected[1]):
        fixed = Token(corrected[0], corrected[0], token.upper)
        trial = [*tokens[:i], fixed, *tokens[i + 1 :]]
        found = _match(trial, i, vocab, lexicon)
        refs = found[1] if found is not None and found[0] == "refs" else ()
        names = isinstance(refs, tuple) and any(
            isinstance(r, Ref) and r.kind != "verb" for r in refs
        )
        # a typo is corrected to a name only, never to a verb (too many words are near a verb)
        if found is not None and found[2] == i + 1 and names:
            query.corrections.append((token.text, corrected[0]))
            tokens[i] = fixed
            return _scan_one(tokens, i, query, vocab, lexicon, today)  # again, corrected
        if corrected[0] in lexicon.metric_words:
            tokens[i] = fixed
            query.corrections.append((token.text, corrected[0]))
            return _scan_one(tokens, i, query, vocab, lexicon, today)
    if not token.text.isdigit() and len(token.text) > 1:
        query.items.append(Item("unknown", token.text, i, i + 1))
        if token.upper and (i > 0 or len(tokens) <= 3):
            query.unknown_names.append(token.text)
    return i + 1


def _capital_name(tokens: list[Token], i: int, vocab: Vocabulary, lexicon: Lexicon) -> bool:
    """A common word in capitals after an article ("the US"), not the knowledge's, in a question
    not wholly in capitals: a name."""
    token = tokens[i]
    if not token.caps or i == 0 or tokens[i - 1].key not in vocab.articles:
        return False
    if token.key in lexicon.words or not vocab.known(token.key):
        return False  # the knowledge's word, or an unknown word read as one anyway
    return not all(t.caps for t in tokens if t.text.isalpha() and len(t.text) > 1)
