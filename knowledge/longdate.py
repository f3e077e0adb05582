"""A date written out in words ("March 1, 2025", « 1er mars 2025 »)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel import Locale
from babel.dates import format_date

from knowledge.model import Language
from knowledge.templating import templates


@lru_cache(maxsize=1024)
def long_date(language: Language, value: date) -> str:
    """The date in the language's long form, its first of a month as the language writes it."""
    said = format_date(value, "long", locale=Locale.parse(language))
    first = templates(language)["format"].get("first_day")
    # French writes « 1er mars », which the locale's long date leaves as « 1 mars »
    if first and value.day == 1 and said.startswith("1 "):
        return f"{first}{said[1:]}"
    return said
