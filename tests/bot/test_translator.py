"""French localisations: every command, description and option has one, and Discord accepts it."""

from __future__ import annotations

import re
import string
from typing import Any

import discord
import pytest
import yaml
from discord import app_commands

from bot.cogs.ask import AskCog
from bot.cogs.browse import BrowseCog
from bot.cogs.charts import ChartsCog
from bot.cogs.curation import CurationCog
from bot.i18n import LOCALES
from bot.translator import TallyTranslator, command_texts

NAME = re.compile(r"^[-_\w]{1,32}$")  # Discord: letters (any script), digits, - and _; lowercase


def tree() -> app_commands.CommandTree[discord.Client]:
    client = discord.Client(intents=discord.Intents.none())
    commands: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
    for cog_type in (AskCog, BrowseCog, ChartsCog, CurationCog):
        cog: Any = cog_type(None)  # type: ignore[arg-type]
        for command in cog.__cog_app_commands__:
            commands.add_command(command)
    return commands


async def payloads() -> list[dict[str, Any]]:
    commands = tree()
    translator = TallyTranslator()
    return [await c.get_translated_payload(commands, translator) for c in commands.get_commands()]


def options_of(payload: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for option in payload.get("options", []):
        if option["type"] in (1, 2):  # subcommand (group): its options are the real ones
            found += options_of(option)
        else:
            found.append(option)
    return found


def subcommands_of(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [o for o in payload.get("options", []) if o["type"] in (1, 2)]


async def test_every_command_and_subcommand_has_french_name_and_description() -> None:
    found = await payloads()
    assert {p["name"] for p in found} == {"ask", "top", "compare", "figures", "chart", "sources",
                                          "help", "kb"}  # fmt: skip
    for payload in found:
        for item in [payload, *subcommands_of(payload)]:
            assert item["name_localizations"].get("fr"), item["name"]
            assert item["description_localizations"].get("fr"), item["name"]
    by_name = {p["name"]: p for p in found}
    assert by_name["ask"]["name_localizations"]["fr"] == "demander"
    assert by_name["kb"]["name_localizations"]["fr"] == "base"
    kb_subcommands = {s["name"]: s for s in subcommands_of(by_name["kb"])}
    assert kb_subcommands["set"]["name_localizations"]["fr"] == "définir"


async def test_every_option_has_a_french_name_and_description() -> None:
    for payload in await payloads():
        for option in options_of(payload):
            assert option.get("name_localizations", {}).get("fr"), (payload["name"], option["name"])
            assert option.get("description_localizations", {}).get("fr"), option["name"]


async def test_other_locales_keep_english() -> None:
    for payload in await payloads():
        assert set(payload["name_localizations"]) == {"fr"}


async def test_french_texts_are_valid_discord_names_and_descriptions() -> None:
    for payload in await payloads():
        for item in [payload, *subcommands_of(payload), *options_of(payload)]:
            name = item["name_localizations"]["fr"]
            assert NAME.match(name) and name == name.lower(), name
            assert 1 <= len(item["description_localizations"]["fr"]) <= 100
            assert 1 <= len(item["description"]) <= 100


async def test_option_names_are_unique_within_a_command_in_french() -> None:
    for payload in await payloads():
        for item in [payload, *subcommands_of(payload)]:
            names = [
                o["name_localizations"]["fr"] for o in item.get("options", []) if o["type"] > 2
            ]
            assert len(names) == len(set(names)), item["name"]


def test_locale_file_names_only_real_commands() -> None:
    real = {c.qualified_name for c in tree().walk_commands()}
    assert set(command_texts()) == real


@pytest.mark.parametrize("location", list(app_commands.TranslationContextLocation))
async def test_translator_never_fails_on_unknown_data(
    location: app_commands.TranslationContextLocation,
) -> None:
    context = app_commands.TranslationContext(location=location, data=None)
    translated = await TallyTranslator().translate(
        app_commands.locale_str("x"), discord.Locale.german, context
    )
    assert translated is None


def test_every_interface_string_has_a_french_version() -> None:
    english = yaml.safe_load((LOCALES / "en.yaml").read_text("utf-8"))["ui"]
    french = yaml.safe_load((LOCALES / "fr.yaml").read_text("utf-8"))["ui"]
    # The token how-to goes to a terminal on standard error, in English like the rest of the CLI.
    assert set(english) - {"how_to_get_token"} == set(french)
    for key, value in english.items():
        if key in french:
            assert set(_fields(value)) == set(_fields(french[key])), key


def _fields(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]
