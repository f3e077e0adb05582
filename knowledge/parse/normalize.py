"""Text normalisation: Discord markup out, case and accents folded, words and numbers split."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# Longer inputs are cut: nobody asks a 4,000-character question, and parsing must stay bounded.
MAX_CHARS = 600
MAX_TOKENS = 120
MAX_DIGITS = 24

_MARKUP = re.compile(
    r"<(?:@[!&]?|#|a?:\w+:|t:)\d+(?::\w)?>"  # user/role/channel mentions, custom emoji, timestamps
    r"|@(?:everyone|here)\b"
    r"|https?://\S+"
)
# A number: 1-3 digits then groups of 3 after a space (200 000), or digits with , or . groups.
_TOKEN = re.compile(
    r"'\d{2}(?!\d)"  # a year in two digits: '23
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3}(?!\d))+(?:[.,]\d+)?"
    r"|\d{1,2}/\d{1,3}(?!\d)"  # a fraction: 1/10, 3/4 (not 2023/24)
    r"|(?<!\S)-\d+(?:[.,]\d+)*(?![\w-])"  # a negative number: -5 (not 2023-24, q1-2024)
    r"|\d+(?:\.\d+)?e\d{1,2}(?!\w)"  # powers of ten: 1e5, 2.5e6
    r"|\d+(?:[.,]\d+)*"
    r"|[^\W\d_]+\d*[^\W_]*"
    r"|[<>%$€£#+]"
    r"|(?<!\S)-(?!\S)"  # a dash standing alone ("le -"), not a sign, a range or a hyphen
)
# "1. who bought the most?", "2) how many…": a list's numbering, not a number asked about
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+(?=\D)")
# "2023-24", "2023/24": a range of years whose second is written short
_SHORT_RANGE = re.compile(r"(?<![\w.,])((\d\d)(\d\d))[-/\u2013](\d\d)(?![\w.,/])")
_FOLD = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "œ": "oe", "Œ": "OE", "æ": "ae"})
_ESCAPE = re.compile(r"([\\*_~`|>#\[\]()<@:])")


@dataclass(frozen=True, slots=True)
class Token:
    """One word or number of a question."""

    text: str  # folded: lower case, no accents
    key: str  # what lookups use: `text` lightly stemmed
    upper: bool  # the original had a capital letter (names, acronyms)
    number: Decimal | None = None
    caps: bool = False  # written wholly in capitals, two letters or more ("CA", "US")


def strip_markup(text: str) -> str:
    """Remove Discord mentions, custom emoji, links and control characters."""
    text = _MARKUP.sub(" ", text[: MAX_CHARS * 4])
    if not text.isprintable():
        text = "".join(ch if ch.isprintable() else " " for ch in text)
    return text[:MAX_CHARS]


def fold(text: str) -> str:
    """Lower case, without accents or ligatures (keeps letters, digits and punctuation)."""
    return strip_accents(text.translate(_FOLD)).casefold()


def strip_accents(text: str) -> str:
    """Remove combining accents (é -> e), keeping case."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, language-neutral stem: regular plurals and French agreement endings go."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"  # countries -> country
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 4 and word.endswith("ee"):
        word = word[:-1]
    return word


def parse_number(text: str) -> Decimal | None:
    """A number written with thousands separators or a decimal comma/point."""
    compact = re.sub(r"[ \u00a0\u202f]", "", text)
    if "," in compact and "." in compact:
        # the last separator is the decimal one: 1,234.5 or 1.234,5
        thousands = "," if compact.rfind(",") < compact.rfind(".") else "."
        compact = compact.replace(thousands, "")
    for sep in (",", "."):
        parts = compact.split(sep)
        if len(parts) > 2 or (len(parts) == 2 and len(parts[1]) == 3 and sep == ","):
            compact = compact.replace(sep, "")  # 1,500,000 / 1.500.000 / 200,000
    compact = compact.replace(",", ".")
    try:
        return Decimal(compact)
    except InvalidOperation:
        return None


def _long_range(match: re.Match[str]) -> str:
    """ "2023-24" as "2023 2024", when the second year follows the first."""
    first, century, short, second = match.groups()
    if not int(short) < int(second) <= int(short) + 5:
        return match.group(0)
    return f"{first} {century}{second}"


def tokenize(text: str) -> list[Token]:
    """Split cleaned text into folded tokens; elided and hyphenated words come apart."""
    plain = _NUMBERED.sub("", strip_accents(text.translate(_FOLD)), count=1)
    plain = _SHORT_RANGE.sub(_long_range, plain)
    # questions are cut to MAX_CHARS and names are short: finding all words at once is cheaper
    return [_token(raw) for raw in _TOKEN.findall(plain)[:MAX_TOKENS]]


@lru_cache(maxsize=16384)
def _token(raw: str) -> Token:
    """One word or number as found in the text; the same few words recur in every question, so
    each is read once (tokens are immutable and shared)."""
    if raw[0] == "'":
        year = str(2000 + int(raw[1:]))  # '23 is 2023: nobody asks about 1923's chips
        return Token(year, year, False, Decimal(year))
    if raw[0] == "-":
        number = parse_number(raw[1:]) if len(raw) <= MAX_DIGITS else None
        return Token(raw, raw, False, -number if number is not None else None)
    if "e" in raw and raw[0].isdigit():
        # 1e5 is a hundred thousand written short; kept without an exponent, like other numbers
        power = Decimal(raw)
        number = Decimal(int(power)) if power == power.to_integral_value() else power
        return Token(raw, raw, False, number)
    if raw[0].isdigit():
        # absurdly long digit strings are not quantities anyone asks about
        number = parse_number(raw) if len(raw) <= MAX_DIGITS else None
        if "/" in raw:
            numerator, denominator = raw.split("/")
            number = Decimal(numerator) / int(denominator) if int(denominator) else None
        return Token(raw, raw, False, number)
    low = raw.casefold()
    return Token(low, stem(low), low != raw, caps=len(raw) > 1 and raw.isupper())


def normalized_text(text: str) -> str:
    """The question's words, folded and stemmed, for grouping identical questions."""
    return " ".join(t.key for t in tokenize(strip_markup(text)))


def phrase_key(text: str) -> tuple[str, ...]:
    """The lookup key of a name or phrase: its stemmed, folded words."""
    return tuple(t.key for t in tokenize(text))


def escape_markdown(text: str) -> str:
    """Make user text inert in Discord: no markup, no mentions."""
    return _ESCAPE.sub(r"\\\1", strip_markup(text)).replace("@", "@\u200b")
