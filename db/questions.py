"""The question log: what people asked, and what Tally could not answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import QuestionLogRow


@dataclass(frozen=True, slots=True)
class LoggedQuestion:
    """One question to record; `user_hash` is a salted hash, never a raw id."""

    asked_at: datetime
    text: str
    normalized: str
    language: str
    intent: str
    answered: bool
    latency_ms: float
    origin: str
    user_hash: str | None = None
    details: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class UnansweredQuestion:
    """A question that had no answer, with how often and when it was last asked."""

    text: str
    count: int
    last_asked: datetime
    language: str


async def log_questions(session: AsyncSession, questions: list[LoggedQuestion]) -> None:
    """Record questions (in one statement)."""
    if questions:
        await session.execute(
            insert(QuestionLogRow),
            [
                {
                    "asked_at": q.asked_at,
                    "text": q.text[:4000],
                    "normalized": q.normalized[:4000],
                    "language": q.language,
                    "intent": q.intent,
                    "answered": q.answered,
                    "latency_ms": q.latency_ms,
                    "origin": q.origin,
                    "user_hash": q.user_hash,
                    "details": q.details,
                }
                for q in questions
            ],
        )


async def prune_questions(session: AsyncSession, asked_before: datetime) -> int:
    """Delete the entries asked before a moment (the log's retention); return how many went."""
    result = await session.execute(
        delete(QuestionLogRow).where(QuestionLogRow.asked_at < asked_before)
    )
    return int(cast(CursorResult[Any], result).rowcount or 0)


async def unanswered(session: AsyncSession, limit: int = 20) -> list[UnansweredQuestion]:
    """Questions without an answer, grouped by their normalised text, most asked first."""
    count = func.count().label("count")
    last = func.max(QuestionLogRow.asked_at).label("last")
    query = (
        select(func.min(QuestionLogRow.text), count, last, func.min(QuestionLogRow.language))
        .where(QuestionLogRow.answered.is_(False))
        .group_by(QuestionLogRow.normalized)
        .order_by(count.desc(), last.desc())
        .limit(limit)
    )
    rows = await session.execute(query)
    return [UnansweredQuestion(text, int(n), when, lang) for text, n, when, lang in rows]
