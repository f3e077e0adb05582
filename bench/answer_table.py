"""Time the answer engine over the question table, and count how many of its questions pass.

    python bench/answer_table.py [--rounds 200] [--failures]

Loads the shipped figures (knowledge/data/*.yaml) into a temporary SQLite database, checks every
question of the table (tests/knowledge/questions_en.yaml and questions_fr.yaml, loaded and
checked by tests/knowledge/question_table.py exactly as the test does), then runs every question
through `answer()` ROUNDS times (conversations in order, with their context) and prints the p50
and p99 time of one `answer` call, measured with time.perf_counter_ns. `--failures` also prints
each failing question with what was wrong. The exit status is 0 whatever passes: this measures,
it does not test.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from knowledge.store import KnowledgeBase  # noqa: E402
from tests.knowledge.question_table import (  # noqa: E402
    Case,
    Outcome,
    answer_kwargs,
    count_questions,
    describe,
    engine,
    fact_index,
    load_cases,
    run_case,
    seed_paths,
)


def percentile(sorted_values: list[int], fraction: float) -> int:
    """The nearest-rank percentile of already sorted values."""
    index = max(0, math.ceil(fraction * len(sorted_values)) - 1)
    return sorted_values[index]


async def check_table(kb: KnowledgeBase, cases: list[Case]) -> list[Outcome]:
    """Run and check every case once."""
    answer, conversation = engine()
    facts = fact_index(kb.view)
    outcomes: list[Outcome] = []
    for case in cases:
        outcomes.extend(await run_case(case, kb, answer, conversation, facts))
    return outcomes


async def time_table(kb: KnowledgeBase, cases: list[Case], rounds: int) -> list[int]:
    """Nanoseconds of every `answer` call over `rounds` passes of the table."""
    answer, conversation = engine()
    timings: list[int] = []
    for _ in range(rounds):
        for case in cases:
            context = conversation() if case.conversation else None
            for step in case.steps:
                kwargs = answer_kwargs(step)
                started = time.perf_counter_ns()
                await answer(step.question, kb=kb, context=context, **kwargs)
                timings.append(time.perf_counter_ns() - started)
    return timings


async def main(rounds: int, show_failures: bool) -> int:
    """Load, check, time, report."""
    cases = load_cases()
    with tempfile.TemporaryDirectory() as directory:
        kb = await KnowledgeBase.open(
            f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}", seed=False
        )
        try:
            await kb.load_files(seed_paths(), actor="bench")
            outcomes = await check_table(kb, cases)
            timings = sorted(await time_table(kb, cases, rounds))
        finally:
            await kb.close()
    counts = count_questions(cases)
    passed = Counter(o.step.file_language for o in outcomes if o.passed)
    total_passed = sum(passed.values())
    print(f"questions: {sum(counts.values())} ({counts.get('en', 0)} en, {counts.get('fr', 0)} fr)")
    print(
        f"passing:   {total_passed}/{len(outcomes)} "
        f"({passed['en']}/{counts.get('en', 0)} en, {passed['fr']}/{counts.get('fr', 0)} fr)"
    )
    failing_kinds = Counter(o.step.kind for o in outcomes if not o.passed)
    if failing_kinds:
        print("failing by kind: " + ", ".join(f"{k} {n}" for k, n in failing_kinds.most_common()))
    print(
        f"answer():  {len(timings)} calls over {rounds} rounds; "
        f"p50 {percentile(timings, 0.50) / 1e6:.3f} ms, "
        f"p99 {percentile(timings, 0.99) / 1e6:.3f} ms, max {timings[-1] / 1e6:.3f} ms"
    )
    if show_failures:
        for outcome in outcomes:
            if not outcome.passed:
                print(describe(outcome))
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=200, help="passes over the table (default: 200)"
    )
    parser.add_argument("--failures", action="store_true", help="print every failing question")
    options = parser.parse_args()
    sys.exit(asyncio.run(main(options.rounds, options.failures)))
