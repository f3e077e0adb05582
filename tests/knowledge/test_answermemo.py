"""The memo of whole answers: a question asked again gets exactly the answer worked out afresh."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from knowledge.answer import Answer
from knowledge.answermemo import AnswerMemo
from knowledge.conversation import Conversation
from knowledge.engine import answer, answer_sync
from knowledge.service import QuestionService
from knowledge.store import KnowledgeBase
from tests.knowledge.question_table import answer_kwargs, load_cases, seed_paths

MODULE_LOOP = pytest.mark.asyncio(loop_scope="module")
TODAY = date(2026, 11, 29)


async def _table_run(kb: KnowledgeBase, memo: AnswerMemo | None) -> list[tuple[Any, ...]]:
    """Every step of the question table: its answer and the conversation it leaves."""
    outcomes: list[tuple[Any, ...]] = []
    for case in load_cases():
        context = Conversation() if case.conversation else None
        for step in case.steps:
            reply = await answer(
                step.question, kb=kb, context=context, memo=memo, **answer_kwargs(step)
            )
            state = dataclasses.asdict(context) if context is not None else None
            outcomes.append((step.id, reply.to_json(), state))
    return outcomes


@MODULE_LOOP
async def test_the_whole_table_answers_the_same_from_the_memo(table_kb: KnowledgeBase) -> None:
    fresh = await _table_run(table_kb, None)
    memo = AnswerMemo(100_000)
    first = await _table_run(table_kb, memo)
    assert memo.misses > 0
    hits_before = memo.hits
    again = await _table_run(table_kb, memo)
    assert memo.hits - hits_before == len(fresh)  # every step of the second run from the memo
    for expected, filled, recalled in zip(fresh, first, again, strict=True):
        assert filled == expected, expected[0]
        assert recalled == expected, expected[0]


@MODULE_LOOP
async def test_a_follow_up_moves_the_conversation_on_as_it_did(table_kb: KnowledgeBase) -> None:
    memo = AnswerMemo()
    texts = []
    for _ in range(2):
        context = Conversation()
        for question in ("who bought the most Hopper chips in 2024?", "and in 2023?", "and Meta?"):
            reply = answer_sync(question, table_kb.view, context=context, today=TODAY, memo=memo)
            texts.append(reply.text)
        assert context.turns == 3
    assert texts[:3] == texts[3:]
    assert "2023" in texts[1] and "Meta" in texts[2]
    assert (memo.misses, memo.hits) == (3, 3)


@MODULE_LOOP
async def test_a_kept_answer_is_handed_out_as_a_copy(table_kb: KnowledgeBase) -> None:
    memo = AnswerMemo()
    question = "how many Hopper chips did Meta buy in 2024?"
    first = answer_sync(question, table_kb.view, today=TODAY, memo=memo)
    assert first.figures
    first.figures.clear()
    first.suggestions.append("changed by the caller")
    second = answer_sync(question, table_kb.view, today=TODAY, memo=memo)
    assert memo.hits == 1
    assert second.figures and "changed by the caller" not in second.suggestions


@MODULE_LOOP
async def test_the_memo_keeps_at_most_its_size(table_kb: KnowledgeBase) -> None:
    memo = AnswerMemo(size=2)
    questions = ["who bought the most Hopper chips?", "Meta 2024?", "Google 2023?"]
    for question in questions:
        answer_sync(question, table_kb.view, today=TODAY, memo=memo)
    answer_sync(questions[2], table_kb.view, today=TODAY, memo=memo)  # kept
    answer_sync(questions[0], table_kb.view, today=TODAY, memo=memo)  # the oldest: gone
    assert (memo.hits, memo.misses) == (1, 4)


@MODULE_LOOP
@pytest.mark.parametrize(
    ("today", "language", "default_language"),
    [
        (date(2025, 3, 1), None, None),
        (date(2024, 3, 1), None, None),
        (TODAY, "fr", None),
        (TODAY, None, "fr"),
    ],
)
async def test_the_date_and_the_languages_are_part_of_the_key(
    table_kb: KnowledgeBase, today: date, language: Any, default_language: Any
) -> None:
    memo = AnswerMemo()
    question = "who bought the most Hopper chips last year?"
    answer_sync(question, table_kb.view, today=TODAY, memo=memo)  # kept for other settings
    kwargs: dict[str, Any] = {"language": language, "default_language": default_language}
    recalled = answer_sync(question, table_kb.view, today=today, memo=memo, **kwargs)
    expected = answer_sync(question, table_kb.view, today=today, **kwargs)
    assert recalled.to_json() == expected.to_json()
    assert memo.misses == 2 and memo.hits == 0


async def test_a_changed_figure_is_never_answered_from_the_memo(tmp_path: Path) -> None:
    kb = await KnowledgeBase.open(f"sqlite+aiosqlite:///{tmp_path / 'kb.db'}", seed=False)
    try:
        await kb.load_files(seed_paths(), actor="test")
        memo = AnswerMemo()
        question = "how many Hopper chips did Meta buy in 2024?"
        before = answer_sync(question, kb.view, today=TODAY, memo=memo)
        assert "224,000" in before.text
        meta = kb.view.fact("meta", "hopper-gpus", "2024")
        assert meta is not None
        await kb.set_fact(dataclasses.replace(meta, value=Decimal(300000)), "test")
        after = answer_sync(question, kb.view, today=TODAY, memo=memo)
        assert "300,000" in after.text and "224,000" not in after.text
        assert memo.hits == 0
    finally:
        await kb.close()


async def test_the_service_memo_is_off_at_size_zero(tmp_path: Path) -> None:
    kb = await KnowledgeBase.open(f"sqlite+aiosqlite:///{tmp_path / 'kb.db'}", seed=False)
    try:
        await kb.load_files(seed_paths(), actor="test")
        assert QuestionService(kb, memo_size=0).memo is None
        service = QuestionService(kb, memo_size=16)
        replies: list[Answer] = []
        for user in ("alice", "bob"):
            replies.append(await service.ask("Meta 2024?", user_key=user, today=TODAY))
        assert service.memo is not None and service.memo.hits == 1
        assert replies[0].to_json() == replies[1].to_json()
    finally:
        await kb.close()
