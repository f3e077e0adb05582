"""`python -m bot chat`: a local console that behaves like a DM with the bot."""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from bot.awaiting import maybe_await
from bot.embeds import plain_answer
from bot.i18n import text
from bot.settings import Settings
from knowledge.model import Language
from knowledge.service import QuestionService
from knowledge.store import KnowledgeBase

QUIT_WORDS = {"quit", "exit", "quitter", ":q"}
CONSOLE_USER = "console"


async def read_line(stream: TextIO) -> str | None:
    """One line from the stream without blocking the event loop; None at end of input."""
    line = await asyncio.to_thread(stream.readline)
    return line if line else None


async def chat(
    kb: KnowledgeBase,
    settings: Settings,
    *,
    language: Language | None = None,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
) -> int:
    """Answer each line of input as a question in one conversation, until EOF or "quit"."""
    interactive = stdin.isatty()
    service = QuestionService(
        kb,
        ttl_seconds=settings.conversation_ttl_seconds,
        memo_size=settings.answer_memo_size,
    )
    try:
        if interactive:
            print(text(language or "en", "console_welcome"), file=stdout)
        while True:
            if interactive:
                print("> ", end="", file=stdout, flush=True)
            line = await read_line(stdin)
            if line is None or line.strip().casefold() in QUIT_WORDS:
                break
            question = line.strip()
            if not question:
                continue
            answer = await service.ask(
                question, user_key=CONSOLE_USER, default_language=language, origin="console"
            )
            print(plain_answer(answer), file=stdout)
            print(file=stdout, flush=True)
    finally:
        await maybe_await(service.close())
    return 0
