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
        part = part_of_a_multiplier(tokens, i + 1, vocab) if article else None
        found = (
            part
            or _compound_words(tokens, i, vocab)
            or _number_words(tokens, i, vocab)
            or part_of_a_multiplier(tokens, i, vocab)
        )
        if found is None:
            return None
        value, end = found
    if end < len(tokens) and tokens[end].number is None:
        factor = vocab.multipliers.get(tokens[end].key) or vocab.multipliers.get(tokens[end].text)
        # "m" and "b" only multiply right after digits ("31b") or a number word of ten or more
        # ("two hundred k", "fifty k"), not after "a" or "one" as separate words
        short_ok = token.number is not None or value >= 10
        if factor is not None and (len(tokens[end].text) > 2 or short_ok):
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
    article = i + 1 < len(tokens) and tokens[i].key in vocab.fraction_articles
    if _the_scale(tokens, i, vocab):
        return vocab.multipliers[tokens[i + 1].key], i + 2
    if not article and tokens[i].text not in vocab.number_words:
        return None  # most words begin no number: not worth the walk below
    total, current, j, last_scale = Decimal(0), Decimal(0), i, None
    if article and _scale(tokens[i + 1], vocab) is not None:
        current, j = Decimal(1), i + 1  # "a million": the article is the number one
    while j < len(tokens):
        joined = _joined(tokens, j, current, last_scale, vocab)
        if joined is not None:
            added, to_total, j = joined
            total, current = (total + added, current) if to_total else (total, current + added)
            continue
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


def _the_scale(tokens: list[Token], i: int, vocab: Vocabulary) -> bool:
    """ "dépasser le million", "cross the billion": a definite article before a singular
    multiplier word names one of it (not "les millions", "the millions")."""
    if i + 1 >= len(tokens) or tokens[i].key not in vocab.scale_articles:
        return False
    after = tokens[i + 1]
    return _scale(after, vocab) is not None and after.text == after.key


def _joined(
    tokens: list[Token], j: int, current: Decimal, last_scale: Decimal | None, vocab: Vocabulary
) -> tuple[Decimal, bool, int] | None:
    """ "hundred and fifty", "vingt et un", "one and a half million", "un million et demi",
    "one point five": a word joining two parts of one number; what it adds, to the whole or the
    group, and where it ends. "between twenty and thirty thousand" stays a range."""
    key = tokens[j].key
    if key in vocab.decimal_points and current:
        return _decimals(tokens, j + 1, vocab)
    part = _part_after_and(tokens, j, vocab) if key in vocab.parts_and else None
    if part is not None and current and j + 1 < len(tokens):
        scaled = part[1] < len(tokens) and _scale(tokens[part[1]], vocab) is not None
        return (part[0], False, part[1]) if scaled else None  # "one and a half million"
    if part is not None and last_scale is not None:
        return part[0] * last_scale, True, part[1]  # "un million et demi"
    word = _word_value(tokens, j + 1, vocab) if current else None
    if word is None:
        return None
    after = _word_value(tokens, word[1], vocab)
    if after is not None and after[0] == 100:
        return None  # "between one hundred and two hundred": a range
    hundreds = key in vocab.hundreds_and and current % 100 == 0 and word[0] < 100
    below = current % 100
    tens = key in vocab.tens_and and below in (20, 30, 40, 50, 60) and word[0] == 1
    tens = tens or (key in vocab.tens_and and below == 60 and word[0] == 11)
    return (word[0], False, word[1]) if hundreds or tens else None


def _part_after_and(tokens: list[Token], j: int, vocab: Vocabulary) -> tuple[Decimal, int] | None:
    """ "and a half", "et demi": the part after a joining word, and where it ends."""
    k = j + 1
    if k < len(tokens) and tokens[k].key in vocab.fraction_articles:
        k += 1
    part = vocab.fractions.get(tokens[k].key) if k < len(tokens) else None
    return (part, k + 1) if part is not None else None


def _decimals(tokens: list[Token], k: int, vocab: Vocabulary) -> tuple[Decimal, bool, int] | None:
    """ "point five", "virgule deux cinq": the digits after a decimal point, one word each."""
    added, place = Decimal(0), Decimal(1)
    while k < len(tokens):
        word = _word_value(tokens, k, vocab)
        if word is None or word[0] >= 10 or word[1] != k + 1:
            break
        place /= 10
        added, k = added + word[0] * place, k + 1
    return (added, False, k) if place < 1 else None


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


def part_of_a_multiplier(
    tokens: list[Token], i: int, vocab: Vocabulary
) -> tuple[Decimal, int] | None:
    """ "half a million", "a quarter of a million", "un demi-million": a part of a multiplier."""
    part = vocab.fractions.get(tokens[i].key) if i < len(tokens) else None
    if part is None:
        return None
    j = i + 1
    if j < len(tokens) and tokens[j].key in vocab.fraction_of:
        j += 1  # "a quarter of a million": 250,000, not a quarter of the total
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
