"""/top, /compare, /figures, /sources and /help: stored figures in the user's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot import autocomplete, listings
from bot.embeds import escape_user_text, listing_embed
from bot.i18n import language_of, text
from bot.translator import command_texts
from knowledge.engine import answer_sync
from knowledge.errors import NotFoundError
from knowledge.model import Fact, Language
from knowledge.view import KnowledgeView

if TYPE_CHECKING:
    from bot.client import Tally

NONE = discord.AllowedMentions.none()
Choices = list[app_commands.Choice[str]]


def public(command: app_commands.Command) -> app_commands.Command:  # type: ignore[type-arg]
    """Usable in guilds, DMs and group DMs, when installed in a guild or by a user."""
    command = app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)(command)
    return app_commands.allowed_installs(guilds=True, users=True)(command)


class BrowseCog(commands.Cog):
    """Rankings, comparisons, an entity's figures, the sources, and help."""

    def __init__(self, bot: Tally) -> None:
        self.bot = bot

    @property
    def view(self) -> KnowledgeView:
        """The current knowledge view."""
        return self.bot.knowledge.view

    async def send(self, interaction: discord.Interaction, embed: discord.Embed) -> None:
        """Reply with one embed, pinging no one."""
        await interaction.response.send_message(embed=embed, allowed_mentions=NONE)

    @public
    @app_commands.command(name="top")
    @app_commands.rename(
        metric=_("metric"),
        period=_("period"),
        group=_("group"),
        count=_("count"),
        lowest=_("lowest"),
    )
    @app_commands.describe(
        metric=_("What is measured"),
        period=_("Year, quarter or month (default: the latest)"),
        group=_("Only a group (Chinese companies…)"),
        count=_("How many to show (1 to 25)"),
        lowest=_("The lowest values first"),
    )
    async def top(
        self,
        interaction: discord.Interaction,
        metric: str,
        period: str | None = None,
        group: str | None = None,
        count: app_commands.Range[int, 1, 25] = 10,
        lowest: bool = False,
    ) -> None:
        """The highest (or lowest) figures for a metric."""
        language = language_of(interaction.locale)
        view = self.view
        key = listings.metric_key(view, metric, language)
        code = listings.period_code(view, key, period, language)
        group_key = listings.group_key(view, group, language) if group else None
        facts = listings.ranked(view, key, code, group_key, lowest=lowest)[:count]
        if not facts:
            raise NotFoundError(text(language, "no_figures", what=escape_user_text(metric)))
        lines = [
            f"**{listings.entity_name(view, f.entity, language)}**: "
            f"{listings.fact_line(view, f, language)}"
            for f in facts
        ]
        title_key = "bottom_title" if lowest else "top_title"
        label = listings.metric_label(view, key, language)
        if group_key:
            label = f"{label} ({_group_name(view, group_key, language)})"
        title = text(language, title_key, count=len(facts), label=label, period=code)
        footer = listings.sources_footer(view, facts, language)
        await self.send(interaction, listing_embed(title, listings.numbered(lines), footer=footer))

    @public
    @app_commands.command(name="compare")
    @app_commands.rename(
        first=_("first"), second=_("second"), metric=_("metric"), period=_("period")
    )
    @app_commands.describe(
        first=_("The first company"),
        second=_("The second company"),
        metric=_("What is measured (default: every metric both have)"),
        period=_("Year, quarter or month (default: the latest)"),
    )
    async def compare(
        self,
        interaction: discord.Interaction,
        first: str,
        second: str,
        metric: str | None = None,
        period: str | None = None,
    ) -> None:
        """Compare two companies on a metric."""
        language = language_of(interaction.locale)
        view = self.view
        one = listings.entity_key(view, first, language)
        two = listings.entity_key(view, second, language)
        metrics = [listings.metric_key(view, metric, language)] if metric else sorted(view.metrics)
        names = (
            listings.entity_name(view, one, language),
            listings.entity_name(view, two, language),
        )
        lines: list[str] = []
        shown: list[Fact] = []
        for key in metrics:
            pair = _pair(view, one, two, key, period, language)
            if pair is None:
                continue
            code, a, b = pair
            shown += [a, b]
            lines.append(f"__{listings.metric_label(view, key, language)}, {code}__")
            lines += _comparison_lines(view, names, a, b, language)
        if not lines:
            what = f"{names[0]} / {names[1]}"
            raise NotFoundError(text(language, "no_figures", what=what))
        # Each metric's section names its label and period; the title names the two.
        title = text(language, "compare_title", first=names[0], second=names[1])
        footer = listings.sources_footer(view, shown, language)
        await self.send(interaction, listing_embed(title, lines, footer=footer))

    @public
    @app_commands.command(name="figures")
    @app_commands.rename(entity=_("entity"), metric=_("metric"))
    @app_commands.describe(entity=_("The company or market"), metric=_("Only one metric"))
    async def figures(
        self, interaction: discord.Interaction, entity: str, metric: str | None = None
    ) -> None:
        """Every figure stored for a company."""
        language = language_of(interaction.locale)
        view = self.view
        key = listings.entity_key(view, entity, language)
        metric_key = listings.metric_key(view, metric, language) if metric else None
        facts = [f for f in view.by_entity.get(key, ()) if metric_key in (None, f.metric)]
        name = listings.entity_name(view, key, language)
        if not facts:
            raise NotFoundError(text(language, "no_figures", what=name))
        lines = [
            f"**{listings.metric_label(view, f.metric, language)}, {f.period}**: "
            f"{listings.fact_line(view, f, language)}"
            for f in facts
        ]
        footer = listings.sources_footer(view, facts, language)
        await self.send(
            interaction,
            listing_embed(text(language, "figures_title", entity=name), lines, footer=footer),
        )

    @public
    @app_commands.command(name="sources")
    async def sources(self, interaction: discord.Interaction) -> None:
        """Where the figures come from."""
        language = language_of(interaction.locale)
        view = self.view
        counts: dict[str, int] = {}
        for fact in view.facts:
            counts[fact.source] = counts.get(fact.source, 0) + 1
        lines = []
        for source in sorted(view.sources.values(), key=lambda s: s.published, reverse=True):
            title = f"[{source.title}]({source.url})" if source.url else f"**{source.title}**"
            lines.append(
                f"{title} — {source.publisher_in(language)}, {source.published.isoformat()} "
                f"({counts.get(source.key, 0)})"
            )
        await self.send(interaction, listing_embed(text(language, "sources_title"), lines))

    @public
    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """What Tally can do and how to ask it."""
        language = language_of(interaction.locale)
        # what can be asked about comes from the figures loaded, not from examples of one domain
        known = answer_sync(text(language, "help_question"), self.view, language=language)
        lines = [
            text(language, "help_intro"),
            "",
            known.text,
            "",
            f"__{text(language, 'help_commands')}__",
            *self._command_lines(language),
        ]
        await self.send(interaction, listing_embed(text(language, "help_title"), lines))

    def _command_lines(self, language: Language) -> list[str]:
        lines = []
        french = command_texts()
        for command in self.bot.tree.walk_commands():
            if isinstance(command, app_commands.Group):
                continue
            name, description = command.qualified_name, command.description
            if language == "fr" and command.qualified_name in french:
                parts = [
                    french.get(p, {}).get("name", p.split()[-1])
                    for p in _prefixes(command.qualified_name)
                ]
                name = " ".join(parts)
                description = french[command.qualified_name].get("description", description)
            lines.append(f"`/{name}`: {description}")
        return lines

    @top.autocomplete("metric")
    @figures.autocomplete("metric")
    @compare.autocomplete("metric")
    async def _metric(self, interaction: discord.Interaction, current: str) -> Choices:
        return autocomplete.metric_choices(self.bot, interaction, current)

    @top.autocomplete("period")
    @compare.autocomplete("period")
    async def _period(self, interaction: discord.Interaction, current: str) -> Choices:
        return autocomplete.period_choices(self.bot, interaction, current)

    @top.autocomplete("group")
    async def _group(self, interaction: discord.Interaction, current: str) -> Choices:
        return autocomplete.group_choices(self.bot, interaction, current)

    @figures.autocomplete("entity")
    @compare.autocomplete("first")
    @compare.autocomplete("second")
    async def _entity(self, interaction: discord.Interaction, current: str) -> Choices:
        return autocomplete.entity_choices(self.bot, interaction, current)


def _prefixes(qualified_name: str) -> list[str]:
    parts = qualified_name.split()
    return [" ".join(parts[: i + 1]) for i in range(len(parts))]


def _group_name(view: KnowledgeView, group: str, language: Language) -> str:
    found = view.groups.get(group)
    names = (found.names.get(language) or found.names.get("en")) if found else None
    return names[0] if names else group


def _pair(
    view: KnowledgeView, one: str, two: str, metric: str, period: str | None, language: Language
) -> tuple[str, Fact, Fact] | None:
    """Both entities' facts for a metric: in the period asked, else the latest both have."""
    codes = (
        [listings.parse_period(period, language)]
        if period
        else list(view.periods.get(metric, ()))[::-1]
    )
    for code in codes:
        a, b = view.fact(one, metric, code), view.fact(two, metric, code)
        if a is not None and b is not None:
            return code, a, b
    return None


def _comparison_lines(
    view: KnowledgeView, names: tuple[str, str], a: Fact, b: Fact, language: Language
) -> list[str]:
    unit = view.metrics[a.metric].unit if a.metric in view.metrics else ""
    lines = [
        f"**{names[0]}**: {listings.fact_line(view, a, language)}",
        f"**{names[1]}**: {listings.fact_line(view, b, language)}",
    ]
    difference = abs(a.value - b.value)
    lines.append(
        text(
            language,
            "compare_difference",
            difference=listings.format_value(difference, unit, language),
        )
    )
    low, high = sorted((a.value, b.value))
    if low > 0:
        ratio = listings.format_decimal_short(high / low, language)
        lines.append(text(language, "compare_ratio", ratio=ratio))
    return lines


async def setup(bot: Tally) -> None:
    """Add the cog to the bot."""
    await bot.add_cog(BrowseCog(bot))
