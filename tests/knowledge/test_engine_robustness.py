from datetime import date
from functools import cache

import pytest

from knowledge import format as knowledge_format
from knowledge import store
from knowledge.conversation import Conversation
from knowledge.engine import answer_sync
from knowledge.view import KnowledgeView

TODAY = date(2026, 11, 28)


@cache
def seed_view() -> KnowledgeView:
    return KnowledgeView.build(knowledge_format.load_files(store.seed_files()), version=1)


NASTY = [
    "",
    "   ",
    "?",
    "😀" * 500,
    "x" * 4000,
    "Microsoft " * 400,
    "'; DROP TABLE facts; --",
    "<@123> <@!456> <@&789> <#1> @everyone @here",
    "**bold** __u__ ~~s~~ `code` ||spoiler|| > quote",
    "{entity} {value} {period} %s %(x)s {0}",
    "\x00\x01\x02\u200b\ufeff",
    "9" * 5000,
    "who bought more than 99999999999999999999999999999999 hopper chips",
    "top 999999999 hopper",
    "who is 1000000th in hopper chips?",
    "Q9 2023 H7 2024 month 13",
    "who bought the most @everyone chips",
    "tell me about <@123>",
    "Привет, сколько чипов купила Meta?",
    "メタはいくつ買いましたか",
]


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
def test_never_crashes_and_stays_short(text: str) -> None:
    context = Conversation()
    for _ in range(2):  # and a follow-up after it
        reply = answer_sync(text, seed_view(), context=context, today=TODAY)
        assert 0 < len(reply.text) <= 2000
        assert "@everyone" not in reply.text
        assert "@here" not in reply.text
        assert "<@" not in reply.text
        if not reply.answered:
            assert reply.figures == []


@pytest.mark.parametrize(
    "text",
    [
        "Who bought the MOST Hopper chips???",
        "who bought the most hopper chips",
        "who bought the most Hoppper chips",
        "WHO BOUGHT THE MOST HOPPER GPUS",
        "yo who bought the most hopper chips lol",
        "@everyone who bought the most hopper chips",
    ],
)
def test_robust_to_casual_writing(text: str) -> None:
    reply = answer_sync(text, seed_view(), today=TODAY)
    assert reply.answered
    assert reply.figures[0].entity == "microsoft"


def test_echoed_words_are_escaped() -> None:
    reply = answer_sync("how many hopper chips did Foo_bar buy?", seed_view(), today=TODAY)
    assert not reply.answered
    assert "_bar" not in reply.text.replace("\\_", "")


def test_a_long_ranking_is_cut_to_the_limit() -> None:
    reply = answer_sync("top 50 hopper chips in 2023", seed_view(), today=TODAY)
    assert reply.answered
    assert len(reply.text) <= 2000


# chains a random mutation of the sweeps' questions crashed on (IndexError, KeyError, ValueError)
CRASHED = [
    ("who bought the most hopper chips?", "bottom -5 of hopper buyers in 2023"),
    ("who is between meta and google in hopper chips?", "the other companies?"),
    ("who is between meta and google in hopper chips?", "et le reste du"),
    ("microsoft vs the chinese companies hopper 2024", "dépasse-t-il than américaines sur was"),
    ("meta hopper 2024", "did microsoft's hopper purchases grow 1e99 faster than the market?"),
]


@pytest.mark.parametrize(("first", "then"), CRASHED, ids=range(len(CRASHED)))
def test_follow_ups_that_crashed_now_answer(first: str, then: str) -> None:
    context = Conversation()
    answer_sync(first, seed_view(), context=context, today=TODAY)
    reply = answer_sync(then, seed_view(), context=context, today=TODAY)
    assert 0 < len(reply.text) <= 2000
