"""/chart and the "show chart" button: bar charts drawn in a worker thread, sent as PNG files."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot import autocomplete, listings
from bot.charts import bar_chart
from bot.errors import send_ephemeral, user_message
from bot.i18n import language_of, text
from knowledge.answer import Answer, FigureRef
from knowledge.errors import NotFoundError
from knowledge.model import Language

if TYPE_CHECKING:
    from bot.client import Tally

log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()
BUTTON_TIMEOUT = 15 * 60


async def chart_file(
    figures: Sequence[FigureRef], title: str, language: Language, note: str = ""
) -> discord.File:
    """Draw the chart off the event loop (matplotlib is slow and blocking) as a PNG attachment."""
    unit = figures[0].unit if figures else ""
    png = await asyncio.to_thread(
        bar_chart, figures, title=title, language=language, value_axis=unit, note=note
    )
    return discord.File(io.BytesIO(png), filename="chart.png")


def chartable(answer: Answer) -> list[FigureRef]:
    """The answer's figures that share its first figure's metric and unit (one chart's worth)."""
    if not answer.figures:
        return []
    first = answer.figures[0]
    same = [f for f in answer.figures if f.metric == first.metric and f.unit == first.unit]
    if len({f.period for f in same}) > 1:
        # Several periods of the same metric: label each bar with its period too.
        same = [_with_period(f) for f in same]
    return same


def _with_period(figure: FigureRef) -> FigureRef:
    return replace(figure, entity_name=f"{figure.entity_name} ({figure.period})")


class ChartButtonView(discord.ui.View):
    """The "show chart" button under an answer with several figures."""

    def __init__(self, figures: list[FigureRef], title: str, language: Language) -> None:
        super().__init__(timeout=BUTTON_TIMEOUT)
        self.figures, self.title, self.language = figures, title, language
        button: discord.ui.Button[ChartButtonView] = discord.ui.Button(
            label=text(language, "show_chart"), style=discord.ButtonStyle.secondary, emoji="📊"
        )
        button.callback = self.show  # type: ignore[method-assign]
        self.add_item(button)

    async def show(self, interaction: discord.Interaction) -> None:
        """Send the chart of the answer's figures."""
        await interaction.response.defer(thinking=True)
        # The chart speaks the answer's language, like the answer it illustrates.
        file = await chart_file(self.figures, self.title, self.language)
        await interaction.followup.send(file=file, allowed_mentions=NONE)

    async def on_error(
        self,
        interaction: discord.Interaction,
        error: Exception,
        item: discord.ui.Item[ChartButtonView],
    ) -> None:
        """Report a failed chart to the user like command errors are."""
        await send_ephemeral(
            interaction,
            user_message(error, language_of(interaction.locale), where="the chart button"),
        )


def answer_view(answer: Answer) -> ChartButtonView | None:
    """A chart button for an answer with several figures of one metric, else None."""
    figures = chartable(answer)
    if len(figures) < 2:
        return None
    periods = sorted({f.period for f in figures})
    period = periods[0] if len(periods) == 1 else f"{periods[0]}–{periods[-1]}"
    title = text(answer.language, "chart_title", label=figures[0].metric_label, period=period)
    return ChartButtonView(figures, title, answer.language)


class ChartsCog(commands.Cog):
    """Bar charts of the figures."""

    def __init__(self, bot: Tally) -> None:
        self.bot = bot

    @app_commands.command(name="chart")
    @app_commands.rename(metric=_("metric"), period=_("period"), group=_("group"))
    @app_commands.describe(
        metric=_("What is measured"),
        period=_("Year, quarter or month (default: the latest)"),
        group=_("Only a group (Chinese companies…)"),
    )
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @app_commands.allowed_installs(guilds=True, users=True)
    async def chart(
        self,
        interaction: discord.Interaction,
        metric: str,
        period: str | None = None,
        group: str | None = None,
    ) -> None:
        """A bar chart of one metric."""
        language = language_of(interaction.locale)
        view = self.bot.knowledge.view
        metric_key = listings.metric_key(view, metric, language)
        code = listings.period_code(view, metric_key, period, language)
        group_key = listings.group_key(view, group, language) if group else None
        facts = listings.ranked(view, metric_key, code, group_key)
        if not facts:
            raise NotFoundError(text(language, "no_figures", what=metric))
        await interaction.response.defer(thinking=True)
        figures = [listings.figure_ref(view, f, language) for f in facts]
        title = text(
            language,
            "chart_title",
            label=listings.metric_label(view, metric_key, language),
            period=code,
        )
        note = listings.sources_footer(view, facts, language)
        file = await chart_file(figures, title, language, note)
        await interaction.followup.send(file=file, allowed_mentions=NONE)

    @chart.autocomplete("metric")
    async def _metric(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return autocomplete.metric_choices(self.bot, interaction, current)

    @chart.autocomplete("period")
    async def _period(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return autocomplete.period_choices(self.bot, interaction, current)

    @chart.autocomplete("group")
    async def _group(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return autocomplete.group_choices(self.bot, interaction, current)


async def setup(bot: Tally) -> None:
    """Add the cog to the bot."""
    await bot.add_cog(ChartsCog(bot))
