"""Which language a question is in: English or French, from the words it uses."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from knowledge.model import Language
from knowledge.parse.normalize import Token

if TYPE_CHECKING:
    from knowledge.lexicon import Lexicon

_FRENCH_LETTERS = frozenset("éèêëàâçùûîïôœÉÈÊÀÇ")
_FRENCH_SPACING = re.compile("[ \u00a0\u202f][?!]")


def detect_language(
    text: str, tokens: list[Token], lexicon: Lexicon, default: Language | None
) -> Language:
    """English or French: words of one language only count; accents lean French; else default."""
    en_words = lexicon.detect_words.get("en", frozenset())
    fr_words = lexicon.detect_words.get("fr", frozenset())
    score = 0
    for token in tokens:
        in_en, in_fr = token.key in en_words, token.key in fr_words
        score += int(in_fr and not in_en) - int(in_en and not in_fr)
    if not _FRENCH_LETTERS.isdisjoint(text[:600]):
        score += 1
    if _FRENCH_SPACING.search(text[:600]):
        score += 1  # "source ?": French typography puts a space before ? and !
    if score > 0:
        return "fr"
    if score < 0:
        return "en"
    return default or "en"
