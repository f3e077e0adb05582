"""Numbers as people type them: 200k, 200,000, 200 000, 1.5 million, 1,5 million, 31 milliards."""

from __future__ import annotations

from decimal import Decimal

from knowledge.parse.lang import Vocabulary
from knowledge.parse.normalize import Token


def read_number(tokens: list[Token], i: int, vocab: Vocabulary) -> tuple[Decimal, int] | None:
    """The number starting at token i (digits or words, with a multiplier), and where it ends."""
    token = tokens[i]
    value = token.number
    end = i + 1
    if value is None:
        # "un demi-million", "a half million": the article is the part's, not the number one
        article = tokens[i].key in vocab.fraction_articles
        part = _part_of_a_multiplier(tokens, i + 1, vocab) if article else None
        found = (
            part
            or _compound_words(tokens, i, vocab)
            or _number_words(tokens, i, vocab)
            or _part_of_a_multiplier(tokens, i, vocab)
        )
        if found is None:
            return None
        value, end = found
    if end < len(tokens) and tokens[end].number is None:
        factor = vocab.multipliers.get(tokens[end].key) or vocab.multipliers.get(tokens[end].text)
        # "m" and "b" only multiply right after digits ("31b"), not as separate words.
        if factor is not None and (len(tokens[end].text) > 2 or token.number is not None):
            return value * factor, end + 1
    if token.number is not None and end == i + 1:
        value *= _shared_multiplier(tokens, end, value, vocab)
    then = tokens[end].key if end < len(tokens) else None
    article = token.number is None and value == 1 and token.key in vocab.fraction_articles
    if article and then not in vocab.fractions:
        return None  # "c'est quoi une puce ?": an article, unless "one fifth", "un million"
    return value, end


def _shared_multiplier(tokens: list[Token], end: int, low: Decimal, vocab: Vocabulary) -> Decimal:
    """ "between 21 and 25 billion": the multiplier of a range's upper bound, when it fits the
    lower one too (not in "between 500 and 2 million")."""
    joined = end + 1 < len(tokens) and tokens[end].key in vocab.range_joiners
    raw = tokens[end + 1].number if joined else None
    upper = read_number(tokens, end + 1, vocab) if raw else None
    if raw is None or upper is None or upper[0] == raw:
        return Decimal(1)
    factor = upper[0] / raw
    return factor if low * factor <= upper[0] else Decimal(1)


def _compound_words(tokens: list[Token], i: int, vocab: Vocabulary) -> tuple[Decimal, int] | None:
    """ "twenty five billion", "two hundred thousand", "quatre-vingt-dix", "a million": a number
    of several words; a single word is left to _number_words and its guards."""
    if i + 1 < len(tokens) and tokens[i].key in vocab.fraction_articles:
        factor = _scale(tokens[i + 1], vocab)
        if factor is not None:
            return factor, i + 2  # "a million": the article is the number one
    total, current, j, last_scale = Decimal(0), Decimal(0), i, None
    while j < len(tokens):
        word = _word_value(tokens, j, vocab)
        factor = _scale(tokens[j], vocab) if word is None and current else None
        if word is not None and word[0] == 100 and current < 100:
            current, j = max(current, Decimal(1)) * 100, word[1]  # "two hundred", "cent"
        elif word is not None and _adds(current, word[0]):
            current, j = current + word[0], word[1]
        elif factor is not None and (last_scale is None or factor < last_scale):
            # "two hundred thousand": a multiplier closes a group; a larger one after a smaller
            # ("thousand million") is left to read_number, which multiplies the whole
            total, current, last_scale, j = total + current * factor, Decimal(0), factor, j + 1
        else:
            break
    if j - i < 2:
        return None
    return total + current, j


def _word_value(tokens: list[Token], j: int, vocab: Vocabulary) -> tuple[Decimal, int] | None:
    """The value of the number word (or two-word phrase, "quatre vingt") at j, and its end."""
    for length in (2, 1):
        key = tuple(t.key for t in tokens[j : j + length])
        if len(key) == length and key in vocab.numbers and tokens[j].number is None:
            return vocab.numbers[key], j + length
    return None


def _adds(current: Decimal, value: Decimal) -> bool:
    """Whether a word adds to the group read so far: units after tens ("twenty five"), tens
    after a hundred, "dix" after "soixante" or "quatre-vingt"; not "two three"."""
    below = current % 100
    if value >= 100:
        return False
    if below == 0:
        return True
    if below % 10 == 0 and value < 10:
        return True
    return below in (60, 80) and 10 <= value < 20


def _scale(token: Token, vocab: Vocabulary) -> Decimal | None:
    """The multiplier a whole word names ("thousand", "milliards"), not "k" or "m"."""
    factor = vocab.multipliers.get(token.key) or vocab.multipliers.get(token.text)
    return factor if factor is not None and len(token.text) > 2 else None


def _number_words(tokens: list[Token], i: int, vocab: Vocabulary) -> tuple[Decimal, int] | None:
    for length in (2, 1):
        key = tuple(t.key for t in tokens[i : i + length])
        if len(key) == length and key in vocab.numbers:
            text = tokens[i].text
            if length == 1 and text not in vocab.number_words and text.endswith("s"):
                return None  # "the Chinese ones": a plural is a noun, not the number one
            before = tokens[i - 1].key if i > 0 else None
            if vocab.numbers[key] == 1 and (before in vocab.articles or before in vocab.ordinals):
                return None  # "the one that bought the most", "the second one": a noun
            return vocab.numbers[key], i + length
    return None


def _part_of_a_multiplier(
    tokens: list[Token], i: int, vocab: Vocabulary
) -> tuple[Decimal, int] | None:
    """ "half a million", "a quarter million", "un demi-million": a part of a multiplier."""
    part = vocab.fractions.get(tokens[i].key) if i < len(tokens) else None
    if part is None:
        return None
    j = i + 1
    if j < len(tokens) and tokens[j].key in vocab.fraction_articles:
        j += 1
    factor = vocab.multipliers.get(tokens[j].key) if j < len(tokens) else None
    if factor is None or len(tokens[j].text) <= 2:
        return None
    return part * factor, j + 1


def read_ordinal(tokens: list[Token], i: int, vocab: Vocabulary) -> tuple[int, int] | None:
    """An ordinal at token i ("second", "2nd", "2e", "deuxième"): its value and end."""
    token = tokens[i]
    if token.key in vocab.ordinal_prefixes and i + 1 < len(tokens):
        # "#2", "numéro 2": the number after the sign is the rank
        rank = tokens[i + 1].number
        if rank is not None and rank == rank.to_integral_value() and 0 < rank < 1000:
            return int(rank), i + 2
        return None
    if token.number is None:
        value = vocab.ordinals.get(token.key)
        return (value, i + 1) if value is not None else None
    if (
        i + 1 < len(tokens)
        and tokens[i + 1].text in vocab.ordinal_suffixes
        and token.number == token.number.to_integral_value()
        and 0 < token.number < 1000
    ):
        return int(token.number), i + 2
    return None


def as_int(value: Decimal) -> int | None:
    """The integer a Decimal holds exactly, else None."""
    return int(value) if value == value.to_integral_value() else None
