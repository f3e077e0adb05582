"""Where one answer's time goes: the engine's stages, timed one by one on a few questions.

    python -m bench.stages [--calls 3000] [QUESTION ...]

Loads the shipped figures into a temporary SQLite database, then runs each question through the
same steps as `knowledge.engine.answer_sync` (read the question, review its typos, plan, compute
the answer from the view, build the reply) `--calls` times, timing each step with
time.perf_counter_ns, and prints the median of each. It reaches into the engine's private steps
on purpose: they are what is measured. It measures; it tests nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from knowledge import engine  # noqa: E402
from knowledge.fuzzy import review  # noqa: E402
from knowledge.intents import Ctx  # noqa: E402
from knowledge.lexicon import lexicon_for  # noqa: E402
from knowledge.parse.question import parse  # noqa: E402
from knowledge.reply import build_answer  # noqa: E402
from knowledge.resolve import make_plan  # noqa: E402
from knowledge.store import KnowledgeBase  # noqa: E402
from knowledge.view import KnowledgeView  # noqa: E402

QUESTIONS = (
    "who bought the most Hopper chips?",
    "how many Hopper chips did Meta buy?",
    "rank the Hopper buyers",
    "qui a acheté le plus de puces Hopper ?",
    "combien de puces Hopper Meta a-t-elle achetées ?",
)
STAGES = ("parse", "review", "plan", "answer", "reply")


def _once(question: str, view: KnowledgeView, today: date) -> list[int]:
    """Nanoseconds spent in each stage of one answer."""
    marks = [time.perf_counter_ns()]
    lexicon = lexicon_for(view)
    query = parse(question, lexicon, today=today, language=None, default_language=None)
    marks.append(time.perf_counter_ns())
    fuzzy = review(query, lexicon)
    marks.append(time.perf_counter_ns())
    plan = make_plan(query, view, None, fuzzy)
    marks.append(time.perf_counter_ns())
    ctx = Ctx(view, plan, query.language)
    part, intent = engine._run(ctx, query, lexicon)  # the stage measured
    marks.append(time.perf_counter_ns())
    build_answer(question, ctx, query, part, intent, lexicon)  # the stage measured
    marks.append(time.perf_counter_ns())
    return [later - earlier for earlier, later in pairwise(marks)]


async def _main(questions: list[str], calls: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        kb = await KnowledgeBase.open(f"sqlite+aiosqlite:///{folder}/bench.db", seed=True)
        try:
            today = date.today()
            print("| question | " + " | ".join(f"{s} µs" for s in STAGES) + " | total µs |")
            print("| --- " * (len(STAGES) + 2) + "|")
            for question in questions:
                runs = [_once(question, kb.view, today) for _ in range(calls)]
                medians = [statistics.median(stage) / 1000 for stage in zip(*runs, strict=True)]
                cells = " | ".join(f"{m:.1f}" for m in medians)
                print(f"| {question} | {cells} | {sum(medians):.1f} |")
        finally:
            await kb.close()


def main() -> None:
    """Parse the arguments and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", nargs="*", help="questions to time (default: five)")
    parser.add_argument("--calls", type=int, default=3000, help="answers per question")
    args = parser.parse_args()
    asyncio.run(_main(list(args.questions) or list(QUESTIONS), args.calls))


if __name__ == "__main__":
    main()
