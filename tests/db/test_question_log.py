"""The question log's retention: old entries go, recent ones stay, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from db.questions import LoggedQuestion, prune_questions
from knowledge.service import QuestionService
from knowledge.store import KnowledgeBase

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def entry(days_ago: float) -> LoggedQuestion:
    """An unanswered question asked some days before NOW, its text saying when."""
    return LoggedQuestion(
        asked_at=NOW - timedelta(days=days_ago),
        text=f"asked {days_ago} days ago",
        normalized=f"asked {days_ago} days ago",
        language="en",
        intent="unknown",
        answered=False,
        latency_ms=0.1,
        origin="cli",
    )


async def logged_texts(kb: KnowledgeBase) -> list[str]:
    return sorted(q.text for q in await kb.unanswered(limit=50))


async def test_prune_removes_only_entries_asked_before_the_cutoff(
    empty_kb: KnowledgeBase,
) -> None:
    await empty_kb.log_questions([entry(d) for d in (0, 29.9, 30.1, 400)])
    cutoff = NOW - timedelta(days=30)
    removed = await empty_kb.run(lambda s: prune_questions(s, cutoff), commit=True)
    assert removed == 2
    assert await logged_texts(empty_kb) == ["asked 0 days ago", "asked 29.9 days ago"]
    assert await empty_kb.run(lambda s: prune_questions(s, cutoff), commit=True) == 0


async def test_the_service_keeps_the_days_asked_for(tmp_path: Path) -> None:
    kb = await KnowledgeBase.open(f"sqlite+aiosqlite:///{tmp_path / 'kb.db'}", seed=True)
    try:
        service = QuestionService(kb)
        await kb.log_questions([entry(d) for d in (1, 10, 100)])
        assert await service.prune_log(7, now=NOW) == 2
        assert await logged_texts(kb) == ["asked 1 days ago"]
    finally:
        await kb.close()
