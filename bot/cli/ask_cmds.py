"""`ask`: answer questions from the command line; `unanswered`: what Tally could not answer.

    python -m bot ask [--db URL] [--lang en|fr] [--json] [--conversation] QUESTION...
    python -m bot ask [--db URL] [--lang en|fr] [--json] [--conversation] - < questions.txt
    python -m bot unanswered [--db URL] [--limit N] [--json]

`ask` joins its words into one question. With `-` it reads one question per line from standard
input (blank lines are skipped) and answers each in order, as soon as it is read; the questions are
independent unless `--conversation` makes them one conversation ("and Meta?" then follows the line
before). Plain output prints each answer's text, and nothing else, on standard output (answers
to several questions are separated by a blank line); `--json` prints `Answer.to_json()` as one
JSON object per line (JSON Lines; values are JSON numbers; UTF-8, not escaped). Logs go to
standard error.

Every question goes through the QuestionService, so it is recorded in the question log (origin
"cli", no user data) and the log is flushed before the command exits.

Exit status: 0 when every question got a reply, answered or not (an unanswered question is a reply:
see `answered` in --json, and `unanswered`); 2 for usage errors (no question, `-` mixed with words,
a bad option); 1 when the database cannot be reached.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import logging
import os
import sys
from collections.abc import AsyncIterator
from typing import Any

from bot.cli.common import Commands, add_db_option, open_knowledge
from bot.settings import Settings

log = logging.getLogger(__name__)
STDIN = "-"
CONVERSATION_KEY = "cli"


def register(commands: Commands) -> None:
    """Register ask and unanswered."""
    ask = commands.add_parser(
        "ask",
        help="answer a question (or one per line of standard input with -)",
        description="Answer questions about the stored figures, in English or French.",
        epilog="Exit status: 0 whenever Tally replied, answered or not; 2 for usage errors.",
    )
    add_db_option(ask)
    ask.add_argument(
        "--lang", choices=("en", "fr"), help="answer in this language (default: detect it)"
    )
    ask.add_argument(
        "--json", action="store_true", help="print each Answer as one JSON object per line"
    )
    ask.add_argument(
        "--conversation",
        action="store_true",
        help="with -, make the lines one conversation (follow-ups reuse the previous question)",
    )
    ask.add_argument(
        "question",
        nargs="*",
        metavar="QUESTION",
        help="the question's words, joined with spaces; - reads one question per line from stdin",
    )
    ask.set_defaults(handler=run_ask)

    unanswered = commands.add_parser(
        "unanswered",
        help="list questions that were asked and not answered, most asked first",
        description="What people asked that Tally could not answer, grouped by how often.",
    )
    add_db_option(unanswered)
    unanswered.add_argument(
        "--limit",
        type=_positive,
        default=20,
        metavar="N",
        help="show at most N questions (default: 20)",
    )
    unanswered.add_argument("--json", action="store_true", help="print one JSON object per line")
    unanswered.set_defaults(handler=run_unanswered)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _usage_error(message: str) -> int:
    print(f"python -m bot ask: error: {message}", file=sys.stderr)
    return 2


async def _stdin_questions() -> AsyncIterator[str]:
    """Non-blank lines of standard input, read one at a time without blocking the loop."""
    while True:
        line = await asyncio.to_thread(sys.stdin.readline)
        if not line:
            return
        if line.strip():
            yield line.rstrip("\r\n")


async def _one(question: str) -> AsyncIterator[str]:
    yield question


async def _settle(result: object) -> None:
    """Await the result of a call that may or may not be a coroutine."""
    if inspect.isawaitable(result):
        await result


def render(answer: Any, as_json: bool) -> str:
    """How one answer prints: its JSON object on one line, or its text."""
    if as_json:
        return json.dumps(answer.to_json(), ensure_ascii=False)
    return str(answer.text)


def _silence_stdout() -> None:
    """After a broken pipe, send what is left to /dev/null so that exiting does not fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


async def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question, or each line of standard input; print text or JSON Lines."""
    words: list[str] = args.question
    from_stdin = words == [STDIN]
    if not words:
        return _usage_error("give a question, or - to read questions from standard input")
    if STDIN in words and not from_stdin:
        return _usage_error("- reads questions from standard input: give it alone")
    question = " ".join(words).strip()
    if not from_stdin and not question:
        return _usage_error("the question is empty")
    if args.conversation and not from_stdin:
        log.info("--conversation has no effect on a single question")

    from knowledge.service import QuestionService

    kb = await open_knowledge(args, settings)
    service = QuestionService(
        kb,
        ttl_seconds=settings.conversation_ttl_seconds,
        memo_size=settings.answer_memo_size,
    )
    asked = answered = 0
    try:
        questions = _stdin_questions() if from_stdin else _one(question)
        async for text in questions:
            # No key, no conversation: without --conversation nothing carries over.
            user_key = CONVERSATION_KEY if args.conversation else None
            reply = await service.ask(text, user_key=user_key, language=args.lang, origin="cli")
            separator = "\n" if asked and not args.json else ""
            asked += 1
            answered += bool(reply.answered)
            try:
                print(separator + render(reply, args.json), flush=True)
            except BrokenPipeError:
                _silence_stdout()
                break
    finally:
        try:
            await _settle(service.flush())  # a failure here propagates: the log was not written
            await _settle(service.close())
        finally:
            await kb.close()
    log.info("%d question(s), %d answered", asked, answered)
    return 0


async def run_unanswered(args: argparse.Namespace, settings: Settings) -> int:
    """List what was asked and not answered, most asked first."""
    kb = await open_knowledge(args, settings)
    try:
        rows = await kb.unanswered(limit=args.limit)
    finally:
        await kb.close()
    if not rows:
        print("no unanswered questions", file=sys.stderr)
    for row in rows:
        if args.json:
            record = {
                "text": row.text,
                "count": row.count,
                "last_asked": row.last_asked.isoformat(),
                "language": row.language,
            }
            print(json.dumps(record, ensure_ascii=False))
        else:
            text = " ".join(row.text.split())
            when = f"{row.last_asked:%Y-%m-%d %H:%M}"
            print(f"{row.count:>5}  {text}  ({row.language}, last asked {when})")
    return 0
