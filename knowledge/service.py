"""Questions as a service: per-user follow-ups, and a question log written in batches."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from db.questions import LoggedQuestion, prune_questions
from knowledge.answer import Answer
from knowledge.answermemo import AnswerMemo
from knowledge.conversation import ConversationMemory
from knowledge.engine import answer_sync
from knowledge.lexicon import lexicon_for
from knowledge.model import Language
from knowledge.parse.normalize import normalized_text
from knowledge.store import KnowledgeBase
from knowledge.view import KnowledgeView

log = logging.getLogger(__name__)
MAX_QUEUED = (
    10_000  # beyond this, the oldest queued log entries are dropped (the log is best effort)
)


class QuestionService:
    """Answers questions over a KnowledgeBase; remembers each user's conversation for a while."""

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        ttl_seconds: float = 300,
        clock: Callable[[], float] = time.monotonic,
        memo_size: int = 4096,
    ) -> None:
        self.kb = kb
        self.memory = ConversationMemory(ttl_seconds, clock)
        # questions asked again in the same state (a user's first, most often) skip the work
        self.memo = AnswerMemo(memo_size) if memo_size > 0 else None
        self._queue: list[LoggedQuestion] = []
        # build each view's lexicon as soon as the view exists, not on the first question
        kb.add_refresh_hook(self._prepare)

    @staticmethod
    def _prepare(view: KnowledgeView) -> None:
        try:
            lexicon_for(view)
        except Exception:  # a hook must not break a refresh; the lexicon is built lazily then
            log.exception("could not build the lexicon for view %s", view.version)

    @property
    def queued(self) -> int:
        """How many log entries wait for `flush()`."""
        return len(self._queue)

    async def ask(
        self,
        text: str,
        *,
        user_key: str | None = None,
        language: Language | None = None,
        default_language: Language | None = None,
        origin: str = "cli",
        user_hash: str | None = None,
        today: date | None = None,
    ) -> Answer:
        """Answer one question (no I/O), and queue it for the question log."""
        started = time.perf_counter()
        context = self.memory.get(user_key) if user_key is not None else None
        answer = answer_sync(
            text,
            self.kb.view,
            language=language,
            default_language=default_language,
            context=context,
            today=today,
            memo=self.memo,
        )
        if user_key is not None and context is not None:
            self.memory.put(user_key, context)
        latency_ms = (time.perf_counter() - started) * 1000
        self._queue.append(
            LoggedQuestion(
                asked_at=datetime.now(UTC),
                text=text[:4000],
                normalized=normalized_text(text)[:4000],
                language=answer.language,
                intent=answer.intent,
                answered=answer.answered,
                latency_ms=round(latency_ms, 3),
                origin=origin,
                user_hash=user_hash,
                details={"interpretation": answer.interpretation}
                if answer.interpretation
                else None,
            )
        )
        if len(self._queue) > MAX_QUEUED:
            del self._queue[: len(self._queue) - MAX_QUEUED]
        return answer

    async def flush(self) -> int:
        """Write the queued log entries in one batch; return how many were written."""
        entries, self._queue = self._queue, []
        if not entries:
            return 0
        try:
            await self.kb.log_questions(entries)
        except Exception:
            # keep them for the next flush rather than lose them to a passing database error
            self._queue = entries + self._queue
            raise
        return len(entries)

    async def prune_log(self, keep_days: float, *, now: datetime | None = None) -> int:
        """Delete log entries older than `keep_days`; return how many went."""
        cutoff = (now or datetime.now(UTC)) - timedelta(days=keep_days)
        return await self.kb.run(lambda session: prune_questions(session, cutoff), commit=True)

    async def close(self) -> None:
        """Flush the log."""
        await self.flush()
