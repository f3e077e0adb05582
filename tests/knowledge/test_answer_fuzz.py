"""Whatever the text, `answer` gives an Answer within Discord's 2,000 characters, resting on stored figures."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.answer import Answer
from knowledge.store import KnowledgeBase
from knowledge.view import KnowledgeView
from tests.knowledge.question_table import TODAY, engine, fact_index, invariant_problems, seed_paths

MAX_INPUT = 4000
SLOW_SECONDS = 5.0  # one answer taking longer than this is a hang, not a slow machine

FRAGMENTS = [
    # the domain's own words, so that generated text reaches deep into the parser
    "who bought the most", "the fewest", "top 3", "rank them", "who is second", "vs", "or",
    "Microsoft", "Meta", "Facebook", "AWS", "Alphabet", "MSFT", "ByteDance", "Tencent", "Microsfot",
    "Hopper chips", "Hoppper", "H100s", "MI300", "in-house chips", "server spending", "Blackwell",
    "chips", "more than", "fewer than", "excluding", "share of", "average", "total", "how many",
    "the whole server market", "Chinese companies", "entreprises américaines", "combien",
    "qui a acheté le plus de puces", "a-t-elle achetées", "l'an dernier", "et Google ?",
    "what about 2023?", "and Meta?", "2023", "2024", "Q4 2023", "4e trimestre", "first half of",
    "last year", "this year", "200k", "200,000", "200 000", "1.5 million", "1,5 million",
    "31 milliards", "-5", "1e309", "NaN", "0", "99999999999999999999999999999", "%", "×",
    # Discord markup, mentions and emoji
    "**bold**", "__u__", "~~s~~", "||spoiler||", "`code`", "```sql\nselect 1\n```", "> quote",
    "<@123>", "<@!456>", "<#789>", "<@&42>", "@everyone", "@here", "<:tally:1234567890>",
    "<a:dance:98765>", "https://example.com/?q=1", "🤔", "🔥🔥🔥", "👍🏽", "🇫🇷", "\u200b", "\u202e",
    # SQL and format strings
    "'; DROP TABLE facts; --", "\" OR 1=1 --", "%s%s%s", "{entity}", "{0}", "{value:>99999}",
    "\\", "$(rm -rf /)", "\x00", "\t", "\n",
    # other languages and scripts
    "微软买了多少芯片", "Майкрософт купила", "مايكروسوفت", "マイクロソフト", "마이크로소프트",
    "Wie viele Chips hat Microsoft gekauft?", "¿Cuántos chips compró Meta?", "Ελληνικά",
]  # fmt: skip
NASTY = [
    "",
    " ",
    "\n\t  \n",
    "?",
    "a" * MAX_INPUT,
    ("who bought the most Hopper chips? " * 200)[:MAX_INPUT],
    ("Microsoft vs Meta " * 300)[:MAX_INPUT],
    ("9" * MAX_INPUT),
    "'; DROP TABLE facts; --",
    "Microsoft'; DELETE FROM facts WHERE '1'='1",
    "<@123> @everyone",
    "<@123> how many Hopper chips did Meta buy? @here",
    "🤔" * 1000,
    "\x00\x01\x02",
    "{entity} bought {value} {period} %s %(x)s",
    "```" + "x" * 3990 + "```",
    "Microsoft " * 400,
    "who bought 10000000000000000000000000 Hopper chips?",
    "who bought more than 99999999999999999999999999999999 Hopper chips in 2024?",
    "who bought more than 1e30 chips",
    "who bought 0.000000000000000000000000001 chips?",
    "-0",
]

question_texts = st.one_of(
    st.text(max_size=MAX_INPUT),
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12), st.integers().map(str)),
        max_size=80,
    ).map(lambda parts: " ".join(parts)[:MAX_INPUT]),
)


@dataclass(slots=True)
class FuzzEnv:
    """One event loop and one seeded knowledge base, shared by the module's examples."""

    loop: asyncio.AbstractEventLoop
    kb: KnowledgeBase
    facts: set[tuple[str, str, str, str, Decimal]]

    def ask(self, text: str, **kwargs: Any) -> tuple[Answer, float]:
        """Answer one text; return the answer and the seconds it took."""
        answer, _ = engine()
        started = time.perf_counter()
        reply = self.loop.run_until_complete(answer(text, kb=self.kb, today=TODAY, **kwargs))
        return reply, time.perf_counter() - started

    @property
    def view(self) -> KnowledgeView:
        """The knowledge the answers must rest on."""
        return self.kb.view


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzEnv]:
    """A knowledge base holding the shipped figures, on a loop of its own."""
    loop = asyncio.new_event_loop()
    path = tmp_path_factory.mktemp("fuzz") / "kb.db"

    async def open_kb() -> KnowledgeBase:
        kb = await KnowledgeBase.open(f"sqlite+aiosqlite:///{path}", seed=False)
        await kb.load_files(seed_paths(), actor="test")
        return kb

    kb = loop.run_until_complete(open_kb())
    try:
        yield FuzzEnv(loop, kb, fact_index(kb.view))
    finally:
        loop.run_until_complete(kb.close())
        loop.close()


def _assert_sound(env: FuzzEnv, text: str, reply: Answer, seconds: float) -> None:
    assert isinstance(reply, Answer), type(reply)
    problems = [p for p in invariant_problems(reply, env.view, env.facts) if "source" not in p]
    assert not problems, f"{text[:200]!r}: {problems}\n{reply.text[:500]}"
    assert len(reply.text) <= 2000
    assert seconds < SLOW_SECONDS, f"{text[:200]!r} took {seconds:.1f} s"


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    text=question_texts,
    language=st.sampled_from([None, "en", "fr"]),
    with_context=st.booleans(),
)
def test_any_text_gives_a_sound_answer(
    env: FuzzEnv, text: str, language: str | None, with_context: bool
) -> None:
    _, conversation = engine()
    context = conversation() if with_context else None
    reply, seconds = env.ask(text, language=language, context=context)
    _assert_sound(env, text, reply, seconds)
    if with_context:  # a follow-up after any text must be sound too
        follow, seconds = env.ask("and Meta?", language=language, context=context)
        _assert_sound(env, "and Meta?", follow, seconds)


@pytest.mark.parametrize("text", NASTY, ids=[f"nasty-{i}" for i in range(len(NASTY))])
def test_nasty_inputs(env: FuzzEnv, text: str) -> None:
    before = env.loop.run_until_complete(env.kb.counts())
    reply, seconds = env.ask(text)
    _assert_sound(env, text, reply, seconds)
    assert reply.language in ("en", "fr")
    assert env.loop.run_until_complete(env.kb.counts()) == before
    if not text.strip():
        assert not reply.answered


def test_sql_is_a_question_not_a_statement(env: FuzzEnv) -> None:
    reply, _ = env.ask("'; DROP TABLE facts; --")
    assert not reply.answered
    assert env.loop.run_until_complete(env.kb.counts())["facts"] == len(env.view.facts)
