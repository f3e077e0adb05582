"""/kb: curating the knowledge from Discord (guild only; Manage Server or an owner id)."""

from __future__ import annotations

import dataclasses
import io
import logging
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot import autocomplete, listings
from bot.awaiting import maybe_await
from bot.embeds import MESSAGE_LIMIT, clip, escape_user_text, listing_embed
from bot.i18n import language_of, text
from db.writes import FactChange
from knowledge.errors import InvalidInputError, KnowledgeFileError, NotFoundError
from knowledge.export import to_yaml
from knowledge.model import Fact, Language

if TYPE_CHECKING:
    from bot.client import Tally

log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()
IMPORT_LIMIT_BYTES = 2_000_000
Choices = list[app_commands.Choice[str]]


def actor_of(user: discord.abc.User) -> str:
    """How a curator is recorded in the fact history."""
    return f"discord:{user.id}:{user.name}"


def parse_value(value: str, language: Language) -> Decimal:
    """A figure typed by a curator: digits with an optional decimal point or comma."""
    cleaned = (
        value.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace("_", "")
    )
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned.replace(",", ""))
    except InvalidOperation:
        raise InvalidInputError(
            text(language, "bad_value", value=escape_user_text(value))
        ) from None
    if not number.is_finite():
        raise InvalidInputError(text(language, "bad_value", value=escape_user_text(value)))
    return number


class CurationCog(commands.Cog):
    """The /kb commands: set, remove, import, export, history, unanswered."""

    kb = app_commands.Group(
        name="kb",
        description="Curate the knowledge base (server only, Manage Server permission)",
        allowed_contexts=app_commands.AppCommandContext(guild=True),
        allowed_installs=app_commands.AppInstallationType(guild=True),
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: Tally) -> None:
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Only in a guild, for Manage Server or an owner id (Discord's gate is advisory)."""
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage()
        if self.bot.is_owner_id(interaction.user.id) or interaction.permissions.manage_guild:
            return True
        raise app_commands.MissingPermissions(["manage_guild"])

    async def reply(
        self, interaction: discord.Interaction, message: str, file: discord.File | None = None
    ) -> None:
        """The curator's (ephemeral) follow-up after deferring."""
        await interaction.followup.send(
            clip(message, MESSAGE_LIMIT),
            ephemeral=True,
            allowed_mentions=NONE,
            file=file or discord.utils.MISSING,
        )

    def stored(self, entity: str, metric: str, period: str, source: str) -> Fact | None:
        """The fact with this identity as the bot's view holds it (what the curator sees)."""
        identity = (entity, metric, period, source)
        return next((f for f in self.bot.knowledge.view.facts if f.identity == identity), None)

    @kb.command(name="set")
    @app_commands.rename(
        entity=_("entity"),
        metric=_("metric"),
        period=_("period"),
        value=_("value"),
        source=_("source"),
        approximate=_("approximate"),
        note=_("note"),
    )
    @app_commands.describe(
        entity=_("The company or market"),
        metric=_("What is measured"),
        period=_("Year, quarter or month: 2024, 2024-Q4, 2024-H1, 2024-03"),
        value=_("The value, e.g. 485000 or 31.5"),
        source=_("Where the figure comes from"),
        approximate=_("The figure is an estimate"),
        note=_("A note shown with the figure"),
    )
    async def set_(
        self,
        interaction: discord.Interaction,
        entity: str,
        metric: str,
        period: str,
        value: str,
        source: str,
        approximate: bool | None = None,
        note: str | None = None,
    ) -> None:
        """Add or change a figure."""
        language = language_of(interaction.locale)
        view = self.bot.knowledge.view
        key = (
            listings.entity_key(view, entity, language),
            listings.metric_key(view, metric, language),
            listings.parse_period(period, language),
            self._source(source, language),
        )
        number = parse_value(value, language)
        await interaction.response.defer(ephemeral=True, thinking=True)
        existing = self.stored(*key)
        if existing is None:
            fact = Fact(
                *key[:3],
                number,
                key[3],
                approximate=bool(approximate),
                note={language: note} if note else {},
            )
            expected = 0
        else:
            # Keep what the curator did not restate (quote, note, the approximate flag).
            notes = {**existing.note, language: note} if note else existing.note
            flag = existing.approximate if approximate is None else approximate
            fact = dataclasses.replace(existing, value=number, approximate=flag, note=notes)
            expected = existing.version
        change = await self.bot.knowledge.set_fact(fact, actor_of(interaction.user), expected)
        if change.action == "refused":
            # The curator saw an old value: show them the current one from now on.
            await self.bot.knowledge.refresh_if_changed()
        await self.reply(interaction, self._describe(change, fact, language))

    @kb.command(name="remove")
    @app_commands.rename(
        entity=_("entity"), metric=_("metric"), period=_("period"), source=_("source")
    )
    @app_commands.describe(
        entity=_("The company or market"),
        metric=_("What is measured"),
        period=_("Year, quarter or month"),
        source=_("Where the figure comes from"),
    )
    async def remove(
        self, interaction: discord.Interaction, entity: str, metric: str, period: str, source: str
    ) -> None:
        """Remove a figure."""
        language = language_of(interaction.locale)
        view = self.bot.knowledge.view
        key = (
            listings.entity_key(view, entity, language),
            listings.metric_key(view, metric, language),
            listings.parse_period(period, language),
            self._source(source, language),
        )
        await interaction.response.defer(ephemeral=True, thinking=True)
        existing = self.stored(*key)
        fact = existing or Fact(*key[:3], Decimal(0), key[3])
        expected = existing.version if existing else None
        change = await self.bot.knowledge.remove_fact(fact, actor_of(interaction.user), expected)
        if change.action == "refused":
            await self.bot.knowledge.refresh_if_changed()
        await self.reply(interaction, self._describe(change, fact, language))

    @kb.command(name="import")
    @app_commands.rename(file=_("file"))
    @app_commands.describe(file=_("A YAML knowledge file"))
    async def import_(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        """Load a knowledge file (nothing is written if it has any error)."""
        language = language_of(interaction.locale)
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await file.read() if file.size <= IMPORT_LIMIT_BYTES else b"\xff"
        try:
            content = data.decode("utf-8")
        except UnicodeDecodeError:
            await self.reply(interaction, text(language, "import_not_text"))
            return
        name = escape_user_text(file.filename)
        try:
            report = await self.bot.knowledge.load_text(
                content, file.filename, actor_of(interaction.user)
            )
        except KnowledgeFileError as error:
            await self._report_problems(interaction, error, name, language)
            return
        message = text(
            language,
            "import_done",
            name=name,
            added=sum(report.added.values()),
            updated=sum(report.updated.values()),
            unchanged=sum(report.unchanged.values()),
        )
        await self.reply(interaction, message)

    @kb.command(name="export")
    async def export(self, interaction: discord.Interaction) -> None:
        """The whole knowledge base as a YAML knowledge file."""
        language = language_of(interaction.locale)
        await interaction.response.defer(ephemeral=True, thinking=True)
        document = to_yaml(await self.bot.knowledge.export())
        file = discord.File(io.BytesIO(document.encode("utf-8")), filename="tally-knowledge.yaml")
        await self.reply(interaction, text(language, "export_done"), file=file)

    @kb.command(name="history")
    @app_commands.rename(entity=_("entity"), metric=_("metric"))
    @app_commands.describe(entity=_("The company or market"), metric=_("Only one metric"))
    async def history(
        self, interaction: discord.Interaction, entity: str, metric: str | None = None
    ) -> None:
        """Who changed what, and when."""
        language = language_of(interaction.locale)
        view = self.bot.knowledge.view
        key = listings.entity_key(view, entity, language)
        metric_key = listings.metric_key(view, metric, language) if metric else None
        await interaction.response.defer(ephemeral=True, thinking=True)
        entries = await self.bot.knowledge.history(key, metric_key)
        name = listings.entity_name(view, key, language)
        if not entries:
            await self.reply(interaction, text(language, "history_empty", entity=name))
            return
        lines = []
        for entry in entries:
            unit = view.metrics[entry.metric].unit if entry.metric in view.metrics else ""
            old = (
                listings.format_value(entry.old_value, unit, language)
                if entry.old_value is not None
                else "—"
            )
            new = (
                listings.format_value(entry.new_value, unit, language)
                if entry.new_value is not None
                else "—"
            )
            lines.append(
                f"`{entry.changed_at:%Y-%m-%d %H:%M}` {entry.action}: "
                f"{listings.metric_label(view, entry.metric, language)}, {entry.period} "
                f"({entry.source}): {old} → {new}, {escape_user_text(entry.changed_by)}"
            )
        embed = listing_embed(text(language, "history_title", entity=name), lines)
        await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=NONE)

    @kb.command(name="unanswered")
    async def unanswered(self, interaction: discord.Interaction) -> None:
        """What people asked that had no answer, most asked first."""
        language = language_of(interaction.locale)
        await interaction.response.defer(ephemeral=True, thinking=True)
        await maybe_await(self.bot.questions.flush())
        rows = await self.bot.knowledge.unanswered()
        if not rows:
            await self.reply(interaction, text(language, "unanswered_empty"))
            return
        lines = [
            f"**{row.count}×** {escape_user_text(row.text)} "
            f"({row.language}, {row.last_asked:%Y-%m-%d})"
            for row in rows
        ]
        embed = listing_embed(text(language, "unanswered_title"), lines)
        await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=NONE)

    def _source(self, value: str, language: Language) -> str:
        view = self.bot.knowledge.view
        if value in view.sources:
            return value
        for source in view.sources.values():
            if value.strip().casefold() in (source.title.casefold(), source.key):
                return source.key
        known = ", ".join(sorted(view.sources))
        raise NotFoundError(
            text(language, "unknown_source", source=escape_user_text(value), known=known)
        )

    def _describe(self, change: FactChange, fact: Fact, language: Language) -> str:
        view = self.bot.knowledge.view
        unit = view.metrics[fact.metric].unit if fact.metric in view.metrics else ""
        what = (
            f"{listings.entity_name(view, fact.entity, language)}, "
            f"{listings.metric_label(view, fact.metric, language)}, {fact.period}"
        )
        old = (
            listings.format_value(change.old_value, unit, language)
            if change.old_value is not None
            else "—"
        )
        if change.action == "refused":
            who = escape_user_text(change.changed_by or text(language, "someone"))
            return text(language, "refused", value=old, who=who)
        if change.action == "removed":
            return text(language, "removed", fact=what, old=old)
        shown = f"{what}: {listings.format_value(fact.value, unit, language, fact.approximate)}"
        key = {"added": "set_added", "updated": "set_updated"}.get(change.action, "set_unchanged")
        return text(language, key, fact=shown, old=old)

    async def _report_problems(
        self,
        interaction: discord.Interaction,
        error: KnowledgeFileError,
        name: str,
        language: Language,
    ) -> None:
        header = text(language, "import_failed", count=len(error.problems), name=name)
        problems = "\n".join(str(p) for p in error.problems)
        fenced = problems.replace("`", "'")
        body = f"{header}\n```\n{fenced}\n```"
        if len(body) <= MESSAGE_LIMIT:
            await self.reply(interaction, body)
            return
        # Too many to show: the full list goes as a text file, so every error is still listed.
        file = discord.File(io.BytesIO(problems.encode("utf-8")), filename="problems.txt")
        await self.reply(interaction, header, file=file)

    @set_.autocomplete("entity")
    @remove.autocomplete("entity")
    @history.autocomplete("entity")
    async def _entity(self, interaction: discord.Interaction, current: str) -> Choices:
        return autocomplete.entity_choices(self.bot, interaction, current)

    @set_.autocomplete("metric")
    @remove.autocomplete("metric")
    @history.autocomplete("metric")
    async def _metric(self, interaction: discord.Interaction, current: str) -> Choices:
        return autocomplete.metric_choices(self.bot, interaction, current)

    @set_.autocomplete("period")
    @remove.autocomplete("period")
    async def _period(self, interaction: discord.Interaction, current: str) -> Choices:
        return autocomplete.period_choices(self.bot, interaction, current)

    @set_.autocomplete("source")
    @remove.autocomplete("source")
    async def _source_choices(self, interaction: discord.Interaction, current: str) -> Choices:
        return autocomplete.source_choices(self.bot, interaction, current)


async def setup(bot: Tally) -> None:
    """Add the cog to the bot."""
    await bot.add_cog(CurationCog(bot))
