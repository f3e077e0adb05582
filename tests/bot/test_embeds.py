"""The Answer → embed builder: content, escaping and Discord's size limits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import discord

from bot.embeds import (
    DESCRIPTION_LIMIT,
    MESSAGE_LIMIT,
    TOTAL_LIMIT,
    answer_embed,
    escape_user_text,
    listing_embed,
    message_text,
    plain_answer,
)
from knowledge.answer import Answer, FigureRef, SourceRef

SOURCE = SourceRef("ft", "Microsoft acquires twice as many Nvidia AI chips", "Financial Times",
                   date(2024, 12, 18), "https://example.org/ft")  # fmt: skip
FIGURE = FigureRef("microsoft", "Microsoft", "hopper-gpus", "Nvidia Hopper chips bought", "2024",
                   Decimal(485000), "chips", True, "ft")  # fmt: skip


def make_answer(**changes: object) -> Answer:
    fields: dict[str, object] = {
        "question": "who bought the most hopper chips?",
        "language": "en",
        "answered": True,
        "intent": "rank",
        "text": "Microsoft bought the most: about 485,000 Nvidia Hopper chips in 2024.",
        "interpretation": "most Nvidia Hopper chips bought, 2024, all companies",
        "figures": [FIGURE],
        "sources": [SOURCE],
    }
    fields.update(changes)
    return Answer(**fields)  # type: ignore[arg-type]


def test_answer_embed_has_text_reading_and_dated_source() -> None:
    embed = answer_embed(make_answer())
    assert embed.description == make_answer().text
    assert [f.name for f in embed.fields] == ["How I read the question"]
    assert embed.fields[0].value == "most Nvidia Hopper chips bought, 2024, all companies"
    assert embed.footer.text is not None
    assert "Financial Times" in embed.footer.text
    assert "2024-12-18" in embed.footer.text


def test_french_answer_labels_are_french() -> None:
    answer = make_answer(language="fr", text="Microsoft en a acheté le plus.",
                         suggestions=["Microsoft"])  # fmt: skip
    embed = answer_embed(answer)
    names = [f.name for f in embed.fields]
    assert names == ["Comment j'ai compris la question", "Vouliez-vous dire"]
    assert embed.footer.text is not None and embed.footer.text.startswith("Source")


def test_user_text_in_the_reading_is_escaped() -> None:
    answer = make_answer(interpretation="no figure for **@everyone** <@123456789012345678> _x_")
    value = answer_embed(answer).fields[0].value or ""
    assert "@everyone" not in value.replace("@\u200beveryone", "")
    assert "\\*\\*" in value
    assert "<@123456789012345678>" not in value


def test_mentions_in_answer_text_are_defused() -> None:
    embed = answer_embed(make_answer(text="I do not know @everyone or <@&423456789012345678>."))
    assert embed.description is not None
    assert "@everyone" not in embed.description
    assert "<@&423456789012345678>" not in embed.description


def test_long_answer_is_cut_to_the_description_limit() -> None:
    embed = answer_embed(make_answer(text="x" * 10_000))
    assert embed.description is not None
    assert len(embed.description) == DESCRIPTION_LIMIT
    assert embed.description.endswith("…")
    assert len(embed) <= TOTAL_LIMIT


def test_embed_total_stays_within_6000() -> None:
    sources = [SourceRef(f"s{i}", "t" * 300, "p" * 300, date(2024, 1, 1)) for i in range(20)]
    answer = make_answer(text="y" * 4096, interpretation="z" * 2000, suggestions=["w" * 900] * 5,
                         sources=sources)  # fmt: skip
    embed = answer_embed(answer)
    assert len(embed) <= TOTAL_LIMIT
    assert embed.description is not None and embed.description.startswith("y")
    assert len(embed.footer.text or "") <= 2048


def test_unanswered_answer_gets_the_muted_colour() -> None:
    answered = answer_embed(make_answer())
    unanswered = answer_embed(make_answer(answered=False, figures=[], sources=[]))
    assert answered.colour != unanswered.colour
    assert unanswered.footer.text is None


def test_listing_embed_clips_and_counts() -> None:
    embed = listing_embed("T" * 400, [f"line {i} " + "v" * 100 for i in range(200)], footer="f")
    assert len(embed.title or "") == 256
    assert len(embed.description or "") <= DESCRIPTION_LIMIT
    assert len(embed) <= TOTAL_LIMIT
    assert isinstance(embed, discord.Embed)


def test_escape_user_text_and_message_limit() -> None:
    assert escape_user_text("*hi* @here") == "\\*hi\\* @\u200bhere"
    assert len(message_text("a" * 5000)) == MESSAGE_LIMIT


def test_plain_answer_for_the_console_is_the_engine_text() -> None:
    assert plain_answer(make_answer(suggestions=["Meta"])) == make_answer().text
