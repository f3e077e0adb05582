"""/chart and the "show chart" button: bar charts drawn in a worker thread, sent as PNG files."""

from __future__ import annotations

import asyncio
import io
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot import autocomplete, listings
from bot.charts import bar_chart
from bot.errors import send_ephemeral, user_message
from bot.i18n import language_of, text
from knowledge.answer import Answer, FigureRef
from knowledge.errors import NotFoundError, TallyError
from knowledge.model import Fact, Language
from knowledge.reply import figure_ref
from knowledge.view import KnowledgeView

if TYPE_CHECKING:
    from bot.client import Tally

log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()


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


CUSTOM_ID_LIMIT = 100  # Discord's limit on a component's custom_id
CHART_ID = re.compile(
    r"tally:chart:(?P<language>en|fr):(?P<metric>[a-z0-9-]+)"
    r":(?P<periods>[0-9A-Z,-]+):(?P<entities>\*|[a-z0-9,-]+)"
)


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """What a chart button draws, small enough to live in its custom_id (so it outlives us)."""

    language: Language
    metric: str
    periods: tuple[str, ...]
    entities: tuple[str, ...]  # empty: the metric's ranking in the first period

    @property
    def custom_id(self) -> str:
        """The button's custom_id: the spec itself."""
        entities = ",".join(self.entities) or "*"
        return f"tally:chart:{self.language}:{self.metric}:{','.join(self.periods)}:{entities}"

    @classmethod
    def parse(cls, match: re.Match[str]) -> ChartSpec:
        """The spec a custom_id holds."""
        entities = match["entities"]
        language: Language = "fr" if match["language"] == "fr" else "en"
        return cls(
            language,
            match["metric"],
            tuple(match["periods"].split(",")),
            () if entities == "*" else tuple(entities.split(",")),
        )

    def facts(self, view: KnowledgeView) -> list[Fact]:
        """The stored facts to draw, from the view as it is now."""
        if not self.entities:
            return listings.ranked(view, self.metric, self.periods[0])
        found = (view.fact(e, self.metric, p) for p in self.periods for e in self.entities)
        return [fact for fact in found if fact is not None]


def chart_spec(answer: Answer) -> ChartSpec | None:
    """The chart of an answer with several figures of one metric, if its id fits; else None."""
    figures = chartable(answer)
    if len(figures) < 2:
        return None
    periods = tuple(sorted({f.period for f in figures}))
    entities = tuple(dict.fromkeys(f.entity for f in figures))
    spec = ChartSpec(answer.language, figures[0].metric, periods, entities)
    if len(spec.custom_id) > CUSTOM_ID_LIMIT:
        # too many names to carry: the whole ranking of the latest period the answer shows
        spec = ChartSpec(answer.language, figures[0].metric, periods[-1:], ())
    return spec if len(spec.custom_id) <= CUSTOM_ID_LIMIT else None


class ChartButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=CHART_ID.pattern
):
    """The "show chart" button under an answer: works after the bot restarts, any time later."""

    def __init__(self, spec: ChartSpec) -> None:
        self.spec = spec
        super().__init__(
            discord.ui.Button(
                label=text(spec.language, "show_chart"),
                style=discord.ButtonStyle.secondary,
                emoji="📊",
                custom_id=spec.custom_id,
            )
        )

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ChartButton:
        """Rebuild the button from a click on any message that carries one."""
        return cls(ChartSpec.parse(match))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Send the chart (of the figures as stored now), or say why not."""
        # discord.py only logs a dynamic item's errors: report them to the user here.
        try:
            await self._send_chart(interaction)
        except Exception as error:
            if not isinstance(error, TallyError):
                log.exception("the chart button failed (%s)", self.spec.custom_id)
            await send_ephemeral(
                interaction,
                user_message(error, language_of(interaction.locale), where="the chart button"),
            )

    async def _send_chart(self, interaction: discord.Interaction) -> None:
        spec = self.spec
        client: Tally = interaction.client  # type: ignore[assignment]
        view = client.knowledge.view
        facts = spec.facts(view)
        if len(facts) < 1:
            raise NotFoundError(text(spec.language, "no_figures", what=spec.metric))
        await interaction.response.defer(thinking=True)
        figures = [figure_ref(view, f, spec.language) for f in facts]
        if len(spec.periods) > 1:
            figures = [_with_period(f) for f in figures]
        first, last = spec.periods[0], spec.periods[-1]
        period = first if first == last else f"{first}–{last}"
        label = listings.metric_label(view, spec.metric, spec.language)
        title = text(spec.language, "chart_title", label=label, period=period)
        note = listings.sources_footer(view, facts, spec.language)
        # The chart speaks the answer's language, like the answer it illustrates.
        file = await chart_file(figures, title, spec.language, note)
        await interaction.followup.send(file=file, allowed_mentions=NONE)


def answer_view(answer: Answer) -> discord.ui.View | None:
    """A persistent chart button for an answer with several figures of one metric, else None."""
    spec = chart_spec(answer)
    if spec is None:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(ChartButton(spec))
    return view


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
        figures = [figure_ref(view, f, language) for f in facts]
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
    """Add the cog, and the chart buttons of every answer ever sent."""
    bot.add_dynamic_items(ChartButton)
    await bot.add_cog(ChartsCog(bot))
