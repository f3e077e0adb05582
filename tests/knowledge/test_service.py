from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import QuestionLogRow
from knowledge.lexicon import CACHE_KEY
from knowledge.service import QuestionService
from knowledge.store import KnowledgeBase

TODAY = date(2026, 11, 28)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def open_kb(tmp_path: Path) -> KnowledgeBase:
    return await KnowledgeBase.open(f"sqlite+aiosqlite:///{tmp_path}/kb.db", seed=True)


async def test_ask_answers_and_logs_in_one_batch(tmp_path: Path) -> None:
    kb = await open_kb(tmp_path)
    try:
        service = QuestionService(kb)
        assert CACHE_KEY in kb.view.cache  # the lexicon is built with the view
        reply = await service.ask("who bought the most Hopper chips?", today=TODAY)
        assert reply.answered
        await service.ask(
            "who bought the most Blackwell chips?", today=TODAY, origin="discord", user_hash="h1"
        )
        await service.ask("who bought the most Blackwell chips??", today=TODAY)
        assert service.queued == 3
        assert await service.flush() == 3
        assert service.queued == 0
        unanswered = await kb.unanswered()
        assert len(unanswered) == 1  # both spellings group under one normalised text
        assert unanswered[0].count == 2

        async def rows(session: AsyncSession) -> list[QuestionLogRow]:
            result = await session.execute(select(QuestionLogRow).order_by(QuestionLogRow.id))
            return list(result.scalars())

        logged = await kb.run(rows)
        assert [r.intent for r in logged] == ["superlative", "unknown", "unknown"]
        assert [r.origin for r in logged] == ["cli", "discord", "cli"]
        assert logged[1].user_hash == "h1"
        assert logged[0].language == "en"
        assert all(r.latency_ms >= 0 for r in logged)
        await service.close()
    finally:
        await kb.close()


async def test_followups_per_user_with_ttl(tmp_path: Path) -> None:
    kb = await open_kb(tmp_path)
    clock = FakeClock()
    try:
        service = QuestionService(kb, ttl_seconds=300, clock=clock)
        await service.ask("how many Hopper chips did Meta buy?", user_key="alice", today=TODAY)
        await service.ask("who spent the most on servers?", user_key="bob", today=TODAY)
        reply = await service.ask("and Google?", user_key="alice", today=TODAY)
        assert reply.figures[0].metric == "hopper-gpus"
        reply = await service.ask("and Google?", user_key="bob", today=TODAY)
        assert reply.figures[0].metric == "server-spending"
        clock.now = 1000
        reply = await service.ask("and Amazon?", user_key="alice", today=TODAY)
        assert reply.intent == "entity_overview"  # forgotten: a bare name again
        reply = await service.ask("and Amazon?", today=TODAY)  # no user: no memory
        assert reply.intent == "entity_overview"
        await service.close()
    finally:
        await kb.close()


async def test_flush_with_nothing_queued(tmp_path: Path) -> None:
    kb = await open_kb(tmp_path)
    try:
        service = QuestionService(kb)
        assert await service.flush() == 0

        async def count(session: AsyncSession) -> int:
            query = select(func.count()).select_from(QuestionLogRow)
            return int((await session.execute(query)).scalar_one())

        assert await kb.run(count) == 0
    finally:
        await kb.close()


async def test_language_options(tmp_path: Path) -> None:
    kb = await open_kb(tmp_path)
    try:
        service = QuestionService(kb)
        assert (await service.ask("Meta", default_language="fr", today=TODAY)).language == "fr"
        assert (
            await service.ask("who bought the most Hopper chips?", language="fr", today=TODAY)
        ).language == "fr"
    finally:
        await kb.close()
