"""Periods as people name them: years, quarters, halves, months, "this year", "l'an dernier"."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from knowledge.model import Period
from knowledge.parse.lang import Vocabulary
from knowledge.parse.normalize import Token
from knowledge.parse.numbers import as_int, read_ordinal

if TYPE_CHECKING:
    from knowledge.parse.question import Query

MIN_YEAR, MAX_YEAR = 1900, 2199
Kind = Literal["year", "half", "quarter", "month"]
_PARTS: dict[str, int] = {"quarter": 4, "half": 2}
_KINDS: dict[str, Kind] = {"quarter": "quarter", "half": "half"}
_SHIFTS = {"year_before": -1, "year_after": 1}  # relative to the period a conversation discusses
# without a conversation, a shift counts from today like the others
_YEAR_OFFSETS = {"this_year": 0, "last_year": -1, "next_year": 1, **_SHIFTS}


def read_period(
    tokens: list[Token], i: int, vocab: Vocabulary, today: date
) -> tuple[Period, int] | None:
    """The period named at token i, and the index after it."""
    token = tokens[i]
    if (
        token.number is None
        and token.key not in vocab.period_starts
        and token.key not in vocab.ordinals
        and token.key not in vocab.months
        and not (len(token.text) == 2 and token.text[1].isdecimal())
        and (token.key,) not in vocab.numbers
    ):
        return None  # most words: none of the readers below could start here
    return (
        _years_ago(tokens, i, vocab, today)
        or _relative(tokens, i, vocab, today)
        or _prefixed(tokens, i, vocab, today)
        or _ordinal_part(tokens, i, vocab, today)
        or _month(tokens, i, vocab)
        or _year(tokens, i, vocab)
        or _short_year(tokens, i, vocab)
    )


def _short_year(tokens: list[Token], i: int, vocab: Vocabulary) -> tuple[Period, int] | None:
    """ "in 23", "en 24": two digits right after "in" at the end of a question or before a
    small word, as casual writing names a year ("in 23 companies" is a count)."""
    text = tokens[i].text
    if len(text) != 2 or not text.isdecimal() or i == 0:
        return None
    # "and 24?": a follow-up that is only two digits after "and" names a year too
    alone = i == 1 and i == len(tokens) - 1 and tokens[0].key in vocab.year_and
    if tokens[i - 1].key not in vocab.year_in and not alone:
        return None
    after = tokens[i + 1].key if i + 1 < len(tokens) else None
    if after is not None and after not in vocab.stopwords:
        return None
    return Period(2000 + int(text)), i + 1


def read_period_shift(tokens: list[Token], i: int, vocab: Vocabulary) -> tuple[int, int] | None:
    """A shift in years said at token i ("the year before": -1), and the index after it."""
    found = _phrase_at(tokens, i, vocab)
    if found is None or found[0] not in _SHIFTS:
        return None
    return _SHIFTS[found[0]], found[1]


def _year_at(tokens: list[Token], i: int) -> int | None:
    number = tokens[i].number if i < len(tokens) else None
    if number is None:
        return None
    year = as_int(number)
    text = tokens[i].text
    return year if year is not None and len(text) == 4 and MIN_YEAR <= year <= MAX_YEAR else None


def _following_year(tokens: list[Token], i: int, vocab: Vocabulary) -> tuple[int, int] | None:
    """A year at i, or after one small word ("of 2023", "de 2023")."""
    year = _year_at(tokens, i)
    if year is not None:
        return year, i + 1
    if i < len(tokens) and tokens[i].key in vocab.stopwords:
        year = _year_at(tokens, i + 1)
        if year is not None:
            return year, i + 2
    return None


def _year(tokens: list[Token], i: int, vocab: Vocabulary) -> tuple[Period, int] | None:
    year = _year_at(tokens, i)
    if year is None:
        return None
    # "2023 Q4" / "2023-Q4": a prefixed part right after the year
    if i + 1 < len(tokens):
        part = _prefix_part(tokens[i + 1].text, vocab)
        if part is not None:
            return Period(year, part[0], part[1]), i + 2
    return Period(year), i + 1


def _prefix_part(text: str, vocab: Vocabulary) -> tuple[Kind, int] | None:
    if len(text) == 2 and text[1].isdecimal():
        index = int(text[1])
        if text[0] in vocab.quarter_prefixes and 1 <= index <= 4:
            return "quarter", index
        if text[0] in vocab.half_prefixes and 1 <= index <= 2:
            return "half", index
    return None


def _prefixed(
    tokens: list[Token], i: int, vocab: Vocabulary, today: date
) -> tuple[Period, int] | None:
    part = _prefix_part(tokens[i].text, vocab)
    if part is None:
        return None
    found = _following_year(tokens, i + 1, vocab)
    if found is None:
        # a bare "Q4" needs a capital or a year to be a period ("s1" alone is too vague)
        return (Period(today.year, part[0], part[1]), i + 1) if tokens[i].upper else None
    return Period(found[0], part[0], part[1]), found[1]


def _phrase_at(tokens: list[Token], i: int, vocab: Vocabulary) -> tuple[str, int] | None:
    longest = (
        min(vocab.period_starts.get(tokens[i].key, 0), len(tokens) - i) if i < len(tokens) else 0
    )
    keys = [t.key for t in tokens[i : i + longest]]
    for length in range(longest, 0, -1):
        key = tuple(keys[:length])
        concept = vocab.period_words.get(key)
        if concept is not None:
            return concept, i + length
    return None


def _relative(
    tokens: list[Token], i: int, vocab: Vocabulary, today: date
) -> tuple[Period, int] | None:
    found = _phrase_at(tokens, i, vocab)
    if found is None:
        return None
    concept, end = found
    if concept == "same_year":
        return None  # "that year", "cette année-là": the period a conversation discusses
    if concept in _YEAR_OFFSETS:
        return Period(today.year + _YEAR_OFFSETS[concept]), end
    if concept in ("year_words", "prior_to"):
        year = _following_year(tokens, end, vocab)
        if year is not None:
            # "before 2024": the figures are yearly, so the year before is the one meant
            shift = -1 if concept == "prior_to" else 0
            return Period(year[0] + shift), year[1]
    return None


def _years_ago(
    tokens: list[Token], i: int, vocab: Vocabulary, today: date
) -> tuple[Period, int] | None:
    """ "3 years ago", "il y a 3 ans": a year counted back from today's."""
    start = i
    said = _phrase_at(tokens, i, vocab)
    if said is not None and said[0] == "ago_before":
        i = said[1]
    number = tokens[i].number if i < len(tokens) else None
    if number is None and i < len(tokens):
        number = vocab.numbers.get((tokens[i].key,))  # "three years ago", "il y a deux ans"
    count = as_int(number) if number is not None else None
    unit = _phrase_at(tokens, i + 1, vocab) if count is not None else None
    if count is None or unit is None or unit[0] != "year_words" or not 0 < count < 100:
        return None
    end = unit[1]
    if i == start:  # "3 years ago": the word after the unit says it
        after = _phrase_at(tokens, end, vocab)
        if after is None or after[0] != "ago":
            return None
        end = after[1]
    return Period(today.year - count), end


def _ordinal_part(
    tokens: list[Token], i: int, vocab: Vocabulary, today: date
) -> tuple[Period, int] | None:
    ordinal = read_ordinal(tokens, i, vocab)
    if ordinal is None:
        return None
    index, end = ordinal
    found = _phrase_at(tokens, end, vocab)
    if found is None or found[0] not in _PARTS:
        return None
    kind, end = found
    if index == -1:
        index = _PARTS[kind]
    if not 1 <= index <= _PARTS[kind]:
        return None
    year = _following_year(tokens, end, vocab)
    if year is None:
        return Period(today.year, _KINDS[kind], index), end
    return Period(year[0], _KINDS[kind], index), year[1]


def _month(tokens: list[Token], i: int, vocab: Vocabulary) -> tuple[Period, int] | None:
    month = vocab.months.get(tokens[i].key)
    if month is None:
        return None
    year = _following_year(tokens, i + 1, vocab)
    if year is None:
        return None
    return Period(year[0], "month", month), year[1]


def asks_for_periods(query: Query, vocab: Vocabulary) -> bool:
    """ "do you have 2025 data?", "any figures for 2025?": a period and a word for figures, about
    nothing in particular, asks whether Tally has figures for that period."""
    about_something = (
        query.concepts
        or query.entities
        or query.groups
        or query.metrics
        or query.partial_metrics
        or query.verb_metrics
        or query.numbers
        or query.unknown
    )
    if not query.periods or about_something:
        return False
    return any(token.key in vocab.data_words for token in query.said)
