"""What the benchmark runs in a fresh process per size: the load, and answering questions.

`python -m bench.child load URL FILE...` and `python -m bench.child serve URL ...` print one line
`BENCH-RESULT {json}` with their timings and the process's peak memory (ru_maxrss), so that sizes
do not pollute each other's memory or caches.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import inspect
import json
import resource
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from bench.floor import SqlFloor, sqlite_path
from bench.workload import FLOOR_KINDS, KINDS, Question, build_workload, first_question
from knowledge.store import KnowledgeBase

RESULT_PREFIX = "BENCH-RESULT "
TODAY = date(2025, 6, 1)
AnswerFn = Callable[..., Awaitable[Any]]


def _status_mb(field: str) -> float | None:
    """A memory line of Linux's /proc/self/status (in kB there) in MB, None elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_memory_mb() -> float:
    """This process's peak resident memory in MB.

    Linux's VmHWM belongs to this program's own memory; ru_maxrss would keep the parent's peak
    across fork and exec. ru_maxrss (KB on Linux) is the fallback elsewhere.
    """
    peak = _status_mb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_memory_mb() -> float | None:
    """This process's resident memory now in MB (Linux VmRSS), None elsewhere."""
    return _status_mb("VmRSS")


def find_engine() -> AnswerFn | None:
    """The answer engine's `answer` coroutine function, if the engine exists."""
    for module in ("knowledge.engine", "knowledge.ask"):
        try:
            found = getattr(importlib.import_module(module), "answer", None)
        except ImportError:
            continue
        if found is not None:
            return found  # type: ignore[no-any-return]
    return None


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the values fall (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


async def run_load(url: str, files: list[Path]) -> dict[str, Any]:
    """The path of `python -m bot load`: open (migrate), validate every file, write them."""
    started = time.perf_counter()
    kb = await KnowledgeBase.open(url, seed=False, build_view=False)
    opened = time.perf_counter()
    try:
        stored = await kb.counts()
        if any(stored.values()):
            return {
                "error": f"the database is not empty ({stored}); the benchmark needs an empty one"
            }
        knowledge = await kb.validate_files(files)
        validated = time.perf_counter()
        report = await kb.apply(knowledge, actor="bench", refresh=False)
        written = time.perf_counter()
    finally:
        await kb.close()
    return {
        "open_s": opened - started,
        "validate_s": validated - opened,
        "write_s": written - validated,
        "load_s": written - started,
        "facts_added": report.added["facts"],
        "entities_added": report.added["entities"],
        "peak_mb": peak_memory_mb(),
    }


async def _timed(
    answer: AnswerFn, kb: KnowledgeBase, question: Question
) -> tuple[float, float, Any]:
    """Wall-clock and CPU (this thread) seconds of one answer, and the answer."""
    context = None
    if question.setup is not None or question.kind == "followup":
        from knowledge.conversation import Conversation

        context = Conversation()
        if question.setup is not None:
            await answer(question.setup, kb=kb, context=context, today=TODAY)
    started, cpu = time.perf_counter(), time.thread_time()
    reply = await answer(question.text, kb=kb, context=context, today=TODAY)
    return time.perf_counter() - started, time.thread_time() - cpu, reply


def _per_kind(
    questions: list[Question], timings: list[list[float]], replies: list[Any]
) -> dict[str, dict[str, Any]]:
    """Per question kind: how many, how many answered, p50 and p99."""
    kinds: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        mine = [t for q, per in zip(questions, timings, strict=True) if q.kind == kind for t in per]
        answered = [r for q, r in zip(questions, replies, strict=True) if q.kind == kind]
        if mine:
            kinds[kind] = {
                "count": len(answered),
                "p50_ms": percentile(mine, 0.5) * 1000,
                "p99_ms": percentile(mine, 0.99) * 1000,
                "answered": sum(bool(getattr(r, "answered", False)) for r in answered),
            }
    return kinds


def _first_figure(reply: Any) -> tuple[str, str] | None:
    figures = getattr(reply, "figures", None)
    if not figures:
        return None
    return figures[0].entity, str(figures[0].value)


async def _asked_again(
    answer: AnswerFn, kb: KnowledgeBase, questions: list[Question], passes: int
) -> list[float | None] | None:
    """Per floor question, the median time of asking it again with the answer memo on.

    Each is asked once to fill the memo (not timed), then `passes` times: what a question
    asked before costs, in the same state (no conversation, as the floor questions are).
    """
    if "memo" not in inspect.signature(answer).parameters:
        return None
    from knowledge.answermemo import AnswerMemo

    memo = AnswerMemo(len(questions) + 1)
    asked = [q if q.kind in FLOOR_KINDS and q.setup is None else None for q in questions]
    for question in asked:
        if question is not None:
            await answer(question.text, kb=kb, today=TODAY, memo=memo)
    medians: list[float | None] = []
    for question in asked:
        if question is None:
            medians.append(None)
            continue
        times = []
        for _ in range(max(passes, 1)):
            started = time.perf_counter()
            await answer(question.text, kb=kb, today=TODAY, memo=memo)
            times.append(time.perf_counter() - started)
        medians.append(statistics.median(times))
    return medians


def _floor(
    url: str,
    questions: list[Question],
    medians: list[float],
    replies: list[Any],
    again: list[float | None] | None = None,
) -> dict[str, Any]:
    path = sqlite_path(url)
    if path is None:
        return {}
    floor = SqlFloor(path)
    per_kind: dict[str, dict[str, Any]] = {}
    try:
        for kind in FLOOR_KINDS:
            sql_times, tally_times, again_times, agree, total = [], [], [], 0, 0
            for index, (question, tally, reply) in enumerate(
                zip(questions, medians, replies, strict=True)
            ):
                if question.kind != kind or question.floor is None:
                    continue
                seconds, rows = floor.time(question.floor)
                sql_times.append(seconds)
                tally_times.append(tally)
                repeated = again[index] if again is not None else None
                if repeated is not None:
                    again_times.append(repeated)
                total += 1
                figure = _first_figure(reply)
                if rows and figure is not None and figure == (rows[0][0], str(rows[0][2])):
                    agree += 1
            if not sql_times:
                continue
            sql_p50, tally_p50 = statistics.median(sql_times), statistics.median(tally_times)
            per_kind[kind] = {
                "sql_p50_ms": sql_p50 * 1000,
                "tally_p50_ms": tally_p50 * 1000,
                "ratio": tally_p50 / sql_p50,
                "same_first_figure": f"{agree}/{total}",
            }
            if again_times:
                # the same questions asked again: answered from the memo of whole answers
                again_p50 = statistics.median(again_times)
                per_kind[kind]["again_p50_ms"] = again_p50 * 1000
                per_kind[kind]["ratio_again"] = again_p50 / sql_p50
    finally:
        floor.close()
    return per_kind


async def run_serve(
    url: str, count: int, spawned_at: float, seed: bool, passes: int, freeze: bool = False
) -> dict[str, Any]:
    """Open as the bot does, answer a first question, then time the whole workload."""
    imported = time.time()
    answer = find_engine()
    kb = await KnowledgeBase.open(url, seed=seed)
    if freeze:
        # The view is long-lived: keep the cyclic collector from walking it again and again.
        gc.collect()
        gc.freeze()
    opened = time.time()
    result: dict[str, Any] = {
        "import_s": imported - spawned_at,
        "open_s": opened - imported,
        "view_build_s": kb.last_refresh_seconds,
        "facts": len(kb.view.facts),
        "entities": len(kb.view.entities),
        "gc_freeze": freeze,
    }
    try:
        first = first_question(kb.view)
        if answer is None or first is None:
            result["engine"] = answer is not None
            return result | {"peak_mb": peak_memory_mb()}
        before_first = time.perf_counter()
        await answer(first, kb=kb, today=TODAY)
        result["first_answer_s"] = time.perf_counter() - before_first
        result["start_to_first_answer_s"] = time.time() - spawned_at
        result["rss_after_first_answer_mb"] = current_memory_mb()
        drawn = time.perf_counter()
        questions = build_workload(kb.view, count)
        result["workload_build_s"] = time.perf_counter() - drawn
        for question in questions[: min(len(questions), 200)]:  # warm-up
            await _timed(answer, kb, question)
        timings: list[list[float]] = [[] for _ in questions]
        cpu_times: list[float] = []
        replies: list[Any] = [None] * len(questions)
        for _ in range(passes):
            for index, question in enumerate(questions):
                seconds, cpu, replies[index] = await _timed(answer, kb, question)
                timings[index].append(seconds)
                cpu_times.append(cpu)
        flat = [t for per in timings for t in per]
        medians = [statistics.median(per) for per in timings]
        result["questions"] = len(questions)
        result["p50_ms"] = percentile(flat, 0.5) * 1000
        result["p99_ms"] = percentile(flat, 0.99) * 1000
        # CPU time of the answering thread: what one answer costs, whatever else the machine runs
        result["cpu_p50_ms"] = percentile(cpu_times, 0.5) * 1000
        result["cpu_p99_ms"] = percentile(cpu_times, 0.99) * 1000
        result["max_ms"] = max(flat) * 1000
        result["kinds"] = _per_kind(questions, timings, replies)
        started, cpu_started = time.perf_counter(), time.process_time()
        answered_count = 0
        for question in questions:
            if question.setup is None:
                await answer(question.text, kb=kb, today=TODAY)
                answered_count += 1
        result["answers_per_s"] = answered_count / (time.perf_counter() - started)
        result["answers_per_cpu_s"] = answered_count / (time.process_time() - cpu_started)
        again = await _asked_again(answer, kb, questions, passes)
        result["floor"] = _floor(url, questions, medians, replies, again)
        result["samples"] = [
            {"kind": q.kind, "q": q.text, "a": getattr(r, "text", "")[:160]}
            for q, r in list(zip(questions, replies, strict=True))[: len(KINDS)]
        ]
    finally:
        await kb.close()
    return result | {"peak_mb": peak_memory_mb(), "rss_end_mb": current_memory_mb()}


def main(argv: list[str] | None = None) -> int:
    """Run one mode and print its result as one JSON line."""
    parser = argparse.ArgumentParser(prog="python -m bench.child")
    modes = parser.add_subparsers(dest="mode", required=True)
    load = modes.add_parser("load")
    load.add_argument("url")
    load.add_argument("files", nargs="+", type=Path)
    serve = modes.add_parser("serve")
    serve.add_argument("url")
    serve.add_argument("--questions", type=int, default=1000)
    serve.add_argument("--passes", type=int, default=3)
    serve.add_argument("--spawned-at", type=float, default=None)
    serve.add_argument("--seed", action="store_true", help="seed the shipped knowledge if empty")
    serve.add_argument("--gc-freeze", action="store_true", help="gc.freeze() after the view")
    args = parser.parse_args(argv)
    if args.mode == "load":
        result = asyncio.run(run_load(args.url, args.files))
    else:
        spawned = args.spawned_at if args.spawned_at is not None else time.time()
        result = asyncio.run(
            run_serve(args.url, args.questions, spawned, args.seed, args.passes, args.gc_freeze)
        )
    print(RESULT_PREFIX + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
