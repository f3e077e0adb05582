"""The bot's own interface strings (labels, errors) in English and French, from bot/locales."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import discord
import yaml

from knowledge.model import Language

LOCALES = Path(__file__).with_name("locales")


@cache
def _strings(language: Language) -> dict[str, str]:
    data: dict[str, Any] = yaml.safe_load((LOCALES / f"{language}.yaml").read_text("utf-8")) or {}
    return dict(data.get("ui", {}))


def text(language: Language, key: str, **values: object) -> str:
    """One interface string in a language, filled with values; English when French lacks it."""
    template = _strings(language).get(key) or _strings("en").get(key) or key
    return template.format(**values) if values else template


def language_of(locale: discord.Locale | str | None) -> Language:
    """The bot's language for a Discord locale: French for fr, English otherwise."""
    value = locale.value if isinstance(locale, discord.Locale) else (locale or "")
    return "fr" if value.lower().startswith("fr") else "en"
