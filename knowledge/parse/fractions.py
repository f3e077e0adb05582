"""Parts of a whole as people say them: "10 % of", "1/10 of", "half of", "la moitié des"."""

from __future__ import annotations

from decimal import Decimal

from knowledge.parse.lang import Vocabulary
from knowledge.parse.normalize import Token
from knowledge.parse.numbers import part_of_a_multiplier

HUNDRED = Decimal(100)


def read_fraction(tokens: list[Token], i: int, vocab: Vocabulary) -> tuple[Decimal, int] | None:
    """The part of a whole named at token i (0.1 for "10 % of"), and the index after its "of"."""
    token = tokens[i]
    if token.number is not None:
        if "/" in token.text:  # "1/10" is a part whatever follows
            return token.number, _after_of(tokens, i + 1, vocab)
        end = _after_percent(tokens, i + 1, vocab)
        # "10 %" alone may be a change or a share; "10 % of the chips" is a part of a whole
        if end is not None and _after_of(tokens, end, vocab) > end:
            return token.number / HUNDRED, end + 1
        return None
    part = part_word(tokens, i, vocab)
    if part is None or part_of_a_multiplier(tokens, i, vocab) is not None:
        return None  # "a quarter of a million" is a number, read by read_number
    end = _after_of(tokens, i + 1, vocab)
    if end == i + 1 and _article_next(tokens, i, vocab):
        return part, end  # "more than half the server market": a part of it, "of" left out
    return (part, end) if end > i + 1 else None


def _article_next(tokens: list[Token], i: int, vocab: Vocabulary) -> bool:
    """Whether a part said without an article ("half") is followed by one ("the")."""
    after = tokens[i + 1].key if i + 1 < len(tokens) else None
    return tokens[i].key in vocab.fraction_plain and after in vocab.fraction_the


def part_word(tokens: list[Token], i: int, vocab: Vocabulary) -> Decimal | None:
    """The part a word at token i names: "half", "moitié", or "a third" with its article."""
    token = tokens[i]
    part = vocab.fractions.get(token.key)
    if part is None:
        return None
    # "third", "tenth" and "quarter" are also ordinals or periods: "a third of" is a part
    plain = token.key in vocab.fraction_plain
    if not plain and (i == 0 or tokens[i - 1].key not in vocab.fraction_articles):
        return None
    return part


def _after_percent(tokens: list[Token], i: int, vocab: Vocabulary) -> int | None:
    for phrase in vocab.percent:
        end = i + len(phrase)
        if end <= len(tokens) and tuple(t.key for t in tokens[i:end]) == phrase:
            return end
    return None


def _after_of(tokens: list[Token], i: int, vocab: Vocabulary) -> int:
    """The index after an "of" word at i, or i when there is none."""
    return i + 1 if i < len(tokens) and tokens[i].key in vocab.fraction_of else i
