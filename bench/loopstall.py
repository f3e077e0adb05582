"""How long a full refresh (and, optionally, single-fact patches) stalls the event loop.

`python -m bench.loopstall [--facts N]` generates a synthetic knowledge base (`bench/synthetic.py`),
loads it through `bench.child load` (the path of `python -m bot load`), then, in a fresh process,
opens it as the bot does, runs a 10 ms ticker on the event loop and triggers `await kb.refresh()`.
It prints the worst and p99 lateness of the ticker, the refresh's seconds and the peak memory.
With `--bot-hook`, the bot's refresh hook (`bot.warmup.settle_after_refresh`: warm-up, then
`gc.freeze`) runs after the refresh as in the bot, and its settling is timed; with
`--patches K`, K single-fact edits follow (with that hook), each patched into the view.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.child import RESULT_PREFIX, current_memory_mb, peak_memory_mb, percentile
from bench.run import ROOT, _child, _sqlite_url
from bench.synthetic import write_files
from knowledge.model import Fact
from knowledge.store import KnowledgeBase

TICK_SECONDS = 0.010
SETTLE_WAIT_SECONDS = 0.2  # the bot's settle runs on the loop once the refresh is over


class Ticker:
    """A task that sleeps `TICK_SECONDS` again and again and records how late it wakes up."""

    def __init__(self) -> None:
        self.late: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(TICK_SECONDS)
            self.late.append(max(0.0, time.perf_counter() - started - TICK_SECONDS))

    async def __aenter__(self) -> Ticker:
        self.late = []
        self._task = asyncio.create_task(self._run())
        await asyncio.sleep(0)  # started before the work is
        return self

    async def __aexit__(self, *_: object) -> None:
        await asyncio.sleep(TICK_SECONDS * 3)  # the tick under way when the work ended counts
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def summary(self) -> dict[str, float]:
        """Worst and p99 lateness in milliseconds, and how many ticks were recorded."""
        return {
            "worst_stall_ms": max(self.late, default=0.0) * 1000,
            "p99_stall_ms": percentile(self.late, 0.99) * 1000,
            "ticks": len(self.late),
        }


async def _timed_under_ticker(work: Callable[[], Awaitable[Any]]) -> dict[str, float]:
    """Run `work` with the ticker on the loop: the loop's stalls meanwhile."""
    async with Ticker() as ticker:
        await work()
    return ticker.summary()


def _timed_settle() -> list[float]:
    """Time every `settle_heap` the bot's refresh hook schedules (it runs on the loop)."""
    import bot.warmup

    settle, times = bot.warmup.settle_heap, []

    def timed(**options: bool) -> None:
        started = time.perf_counter()
        settle(**options)
        times.append(time.perf_counter() - started)

    bot.warmup.settle_heap = timed
    return times


async def _with_bot_hook(kb: KnowledgeBase) -> list[float]:
    """Add the bot's refresh hook; the seconds of each `settle_heap` it schedules from now."""
    from bot.warmup import settle_after_refresh

    settles = _timed_settle()
    kb.add_refresh_hook(settle_after_refresh)
    await asyncio.sleep(0.1)  # the settle that adding the hook scheduled, out of the timings
    settles.clear()
    return settles


async def _refresh(kb: KnowledgeBase, settles: list[float] | None) -> dict[str, float]:
    """A full refresh under the ticker (and the bot's settle after it, if hooked)."""
    took: list[float] = []

    async def refresh() -> None:
        started = time.perf_counter()
        await kb.refresh()
        took.append(time.perf_counter() - started)
        if settles is not None:
            await asyncio.sleep(SETTLE_WAIT_SECONDS)

    measured = await _timed_under_ticker(refresh)
    measured["seconds"] = took[0]
    if settles is not None:
        measured["settle_ms"] = sum(settles) * 1000
        settles.clear()
    return measured


async def _patches(kb: KnowledgeBase, count: int, settles: list[float]) -> list[dict[str, float]]:
    """Change `count` facts one at a time, each patched into the view with the bot's hook."""
    results = []
    for number in range(count):
        fact = kb.view.facts[number * 7919 % len(kb.view.facts)]
        edited = Fact(fact.entity, fact.metric, fact.period, fact.value + Decimal(1), fact.source)
        took: list[float] = []

        async def edit(edited: Fact = edited, took: list[float] = took) -> None:
            started = time.perf_counter()
            await kb.set_fact(edited, "bench")
            took.append(time.perf_counter() - started)
            await asyncio.sleep(SETTLE_WAIT_SECONDS)

        measured = await _timed_under_ticker(edit)
        measured |= {"seconds": took[0], "settle_ms": sum(settles) * 1000}
        measured["patched"] = kb.last_refresh_kind == "incremental"
        settles.clear()
        results.append(measured)
    return results


async def measure(url: str, patches: int, bot_hook: bool) -> dict[str, Any]:
    """Open the knowledge base, then refresh it in full under the ticker (then patch it)."""
    started = time.perf_counter()
    kb = await KnowledgeBase.open(url, seed=False)
    result: dict[str, Any] = {
        "open_s": time.perf_counter() - started,
        "facts": len(kb.view.facts),
        "rss_after_open_mb": current_memory_mb(),
        "peak_after_open_mb": peak_memory_mb(),
    }
    try:
        settles = await _with_bot_hook(kb) if bot_hook else None
        refresh = await _refresh(kb, settles)
        result["refresh"] = refresh | {
            "rss_after_mb": current_memory_mb(),
            "peak_after_mb": peak_memory_mb(),
        }
        if patches:
            settles = settles if settles is not None else await _with_bot_hook(kb)
            result["patches"] = await _patches(kb, patches, settles)
    finally:
        await kb.close()
    return result | {"peak_mb": peak_memory_mb()}


def prepare(facts: int, seed: int, workdir: Path, db: str | None) -> str | dict[str, Any]:
    """Generate and load the knowledge base (reused if `workdir` records loading it before).

    Into `db` (an empty database, PostgreSQL for instance) if given, else a SQLite file there.
    """
    database = workdir / "tally.db"
    url = db or _sqlite_url(database)
    marker = workdir / "loaded"
    if marker.exists() and json.loads(marker.read_text(encoding="utf-8")).get("url") == url:
        return url
    if db is None:
        database.unlink(missing_ok=True)
    files = write_files(workdir / "files", facts, seed)
    loaded = _child(["load", url, *map(str, files)], workdir / "children.log")
    if "error" in loaded:
        return loaded
    marker.write_text(json.dumps(loaded | {"url": url}), encoding="utf-8")
    return url


def _measure_in_child(url: str, options: list[str], log: Path) -> dict[str, Any]:
    """Measure in a fresh process, so that generating and loading don't count in its memory."""
    command = [sys.executable, "-m", "bench.loopstall", "--measure", url, *options]
    with log.open("a", encoding="utf-8") as errors:
        done = subprocess.run(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=errors, text=True, check=False
        )
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            result: dict[str, Any] = json.loads(line[len(RESULT_PREFIX) :])
            return result
    return {"error": f"measuring exited with {done.returncode}; see {log}"}


def _report(result: dict[str, Any]) -> str:
    refresh = result["refresh"]
    lines = [
        f"facts {result['facts']}, open {result['open_s']:.2f} s",
        f"full refresh {refresh['seconds']:.2f} s: worst stall {refresh['worst_stall_ms']:.0f} ms,"
        f" p99 stall {refresh['p99_stall_ms']:.0f} ms ({refresh['ticks']} ticks)"
        + (f", bot's settle {refresh['settle_ms']:.0f} ms" if "settle_ms" in refresh else ""),
        f"peak RSS {refresh['peak_after_mb']:.1f} MB after the refresh"
        f" ({result['peak_after_open_mb']:.1f} MB after open,"
        f" {result['peak_mb']:.1f} MB at the end)",
    ]
    lines += [
        f"patch {number}: set_fact {patch['seconds'] * 1000:.0f} ms, worst stall "
        f"{patch['worst_stall_ms']:.0f} ms, settle {patch['settle_ms']:.1f} ms"
        + ("" if patch["patched"] else " (rebuilt in full, not patched)")
        for number, patch in enumerate(result.get("patches", []), 1)
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Generate, load, then measure the loop's stalls in a fresh process."""
    parser = argparse.ArgumentParser(prog="python -m bench.loopstall", description=__doc__)
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--patches", type=int, default=0, help="single-fact edits afterwards")
    parser.add_argument("--bot-hook", action="store_true", help="the bot's refresh hook, timed")
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the files and database")
    parser.add_argument("--db", help="an empty database to load into instead of a SQLite file")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--measure", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        result = asyncio.run(measure(args.measure, args.patches, args.bot_hook))
        print(RESULT_PREFIX + json.dumps(result), flush=True)
        return 0
    with tempfile.TemporaryDirectory(prefix="tally-loopstall-") as temporary:
        workdir = args.workdir or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        url = prepare(args.facts, args.seed, workdir, args.db)
        if not isinstance(url, str):
            print(url, file=sys.stderr)
            return 1
        options = ["--patches", str(args.patches)] + (["--bot-hook"] if args.bot_hook else [])
        result = _measure_in_child(url, options, workdir / "children.log")
    if "error" in result:
        print(result["error"], file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2) if args.json else _report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
