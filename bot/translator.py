"""French names, descriptions and option names for every slash command, from bot/locales/fr.yaml."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import discord
import yaml
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

LOCALE_FILE = Path(__file__).with_name("locales") / "fr.yaml"
FRENCH = (discord.Locale.french,)


@cache
def command_texts() -> dict[str, dict[str, Any]]:
    """The French texts per command, keyed by the command's English qualified name."""
    data = yaml.safe_load(LOCALE_FILE.read_text("utf-8")) or {}
    return dict(data.get("commands", {}))


class TallyTranslator(app_commands.Translator):
    """Gives French command texts; other locales fall back to the English defaults."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        """The French text for one command string, or None to keep the English."""
        if locale not in FRENCH:
            return None
        return french_text(context.location, context.data)


def french_text(location: Where, data: Any) -> str | None:
    """Look up a command or option text by where it appears."""
    texts = command_texts()
    found: object = None
    if location in (Where.command_name, Where.group_name):
        found = texts.get(data.qualified_name, {}).get("name")
    elif location in (Where.command_description, Where.group_description):
        found = texts.get(data.qualified_name, {}).get("description")
    elif location in (Where.parameter_name, Where.parameter_description):
        options = texts.get(data.command.qualified_name, {}).get("options", {})
        field = "name" if location is Where.parameter_name else "description"
        found = options.get(data.name, {}).get(field)
    return found if isinstance(found, str) else None
