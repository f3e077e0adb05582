"""Answers and listings as Discord embeds, kept within Discord's size limits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import discord

from bot.i18n import text
from knowledge.answer import Answer, SourceRef
from knowledge.model import Language

MESSAGE_LIMIT = 2000
DESCRIPTION_LIMIT = 4096
TITLE_LIMIT = 256
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
TOTAL_LIMIT = 6000
ELLIPSIS = "…"
ANSWERED_COLOUR = discord.Colour(0x2B7BB9)
UNANSWERED_COLOUR = discord.Colour(0x99AAB5)


def clip(value: str, limit: int) -> str:
    """Cut text to at most `limit` characters, marking the cut with an ellipsis."""
    return value if len(value) <= limit else value[: limit - 1].rstrip() + ELLIPSIS


def escape_user_text(value: str) -> str:
    """User text made inert: no Markdown, no mentions (echoed text must never ping or format)."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(value))


def defuse_mentions(value: str) -> str:
    """Engine text keeps its Markdown but loses any mention it may echo from the question."""
    return discord.utils.escape_mentions(value)


def source_line(source: SourceRef) -> str:
    """One source as a footer line: title, publisher and date."""
    return f"{source.title} — {source.publisher}, {source.published.isoformat()}"


def footer_text(sources: Sequence[SourceRef], language: Language) -> str:
    """The footer naming every source and its date."""
    if not sources:
        return ""
    label = text(language, "source" if len(sources) == 1 else "sources")
    return clip(
        label_colon(label, language) + " · ".join(source_line(s) for s in sources), FOOTER_LIMIT
    )


def label_colon(label: str, language: Language) -> str:
    """A label and its colon, the way the language writes it ("Source: " / "Source : ")."""
    return f"{label} : " if language == "fr" else f"{label}: "


def answer_embed(answer: Answer) -> discord.Embed:
    """The embed for one answer: its text, how the question was read, its sources."""
    colour = ANSWERED_COLOUR if answer.answered else UNANSWERED_COLOUR
    embed = discord.Embed(
        description=clip(defuse_mentions(answer.text), DESCRIPTION_LIMIT), colour=colour
    )
    if answer.interpretation:
        embed.add_field(
            name=text(answer.language, "read_as"),
            value=clip(escape_user_text(answer.interpretation), FIELD_VALUE_LIMIT),
            inline=False,
        )
    if answer.suggestions:
        embed.add_field(
            name=text(answer.language, "did_you_mean"),
            value=clip(
                ", ".join(escape_user_text(s) for s in answer.suggestions), FIELD_VALUE_LIMIT
            ),
            inline=False,
        )
    footer = footer_text(answer.sources, answer.language)
    if footer:
        embed.set_footer(text=footer)
    return fit_total(embed)


def listing_embed(
    title: str,
    lines: Iterable[str],
    *,
    footer: str = "",
    colour: discord.Colour = ANSWERED_COLOUR,
) -> discord.Embed:
    """An embed listing lines under a title (rankings, figures, sources, help)."""
    description = clip("\n".join(lines), DESCRIPTION_LIMIT)
    embed = discord.Embed(title=clip(title, TITLE_LIMIT), description=description, colour=colour)
    if footer:
        embed.set_footer(text=clip(footer, FOOTER_LIMIT))
    return fit_total(embed)


def fit_total(embed: discord.Embed) -> discord.Embed:
    """Shrink an embed until it is within the 6,000-character total Discord allows."""
    excess = len(embed) - TOTAL_LIMIT
    if excess > 0 and embed.fields:
        # Fields go first: the answer text matters more than the notes around it.
        while embed.fields and len(embed) > TOTAL_LIMIT:
            embed.remove_field(len(embed.fields) - 1)
        excess = len(embed) - TOTAL_LIMIT
    if excess > 0 and embed.description:
        embed.description = clip(embed.description, max(1, len(embed.description) - excess))
    return embed


def plain_answer(answer: Answer) -> str:
    """An answer as plain text for the console: the engine's text already names its sources."""
    return answer.text


def message_text(value: str) -> str:
    """Plain message content within Discord's 2,000-character limit, mentions defused."""
    return clip(defuse_mentions(value), MESSAGE_LIMIT)
