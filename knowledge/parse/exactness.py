""" "Is the 2024 figure for Microsoft exact?": a figure said to be exact at the question's end asks
how exact the figures are, as "how accurate are these numbers?" does, though the words between
("the 2024 figure for Microsoft") keep it from being one phrase of the language file."""

from __future__ import annotations

from knowledge.parse.items import Item
from knowledge.parse.lang import Vocabulary
from knowledge.parse.normalize import Token

ACCURACY = "accuracy"


def read_exactness(items: list[Item], tokens: list[Token], vocab: Vocabulary) -> list[Item]:
    """The items, with an "accuracy" item when the last word says exact of a figure named."""
    if not tokens or tokens[-1].key not in vocab.exact_words:
        return items  # most questions do not end on such a word
    if any(item.kind == ACCURACY for item in items):
        return items
    if not any(token.key in vocab.data_words for token in tokens[:-1]):
        return items  # "is that exact?" is a phrase of its own; "X exact" names no figure
    last = len(tokens) - 1
    return [*items, Item(ACCURACY, None, last, last + 1)]
