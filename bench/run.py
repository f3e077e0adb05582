"""The benchmark: per size, generate knowledge files, load them, answer a workload, compare to SQL.

Every size runs in fresh child processes (`bench.child`): one for the load (`python -m bot load`'s
path), one that opens the knowledge base as the bot does and answers; each reports its own peak
memory. `python -m bot bench` and `python -m bench.run` both call `run`.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.child import RESULT_PREFIX
from bench.synthetic import write_files

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (100, 10_000, 1_000_000)
TARGETS = {
    "p50_ms_1e6": 1.0,
    "p99_ms_1e6": 5.0,
    "p50_ms_seed": 0.3,
    "ratio": 5.0,
    "answers_per_s": 2000.0,
    "peak_mb_1e6": 500.0,
    "load_s_1e6": 60.0,
    "start_s_1e6": 10.0,
}


@dataclass(slots=True)
class SizeResult:
    """What one size measured: the load child's and the serving child's results."""

    label: str
    facts: int
    load: dict[str, Any] = field(default_factory=dict)
    serve: dict[str, Any] = field(default_factory=dict)
    files_mb: float = 0.0
    generate_s: float = 0.0


def _child(args: list[str], log: Path) -> dict[str, Any]:
    """Run `python -m bench.child ARGS`, returning its result (stderr goes to `log`)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    spawned = time.time()
    command = [sys.executable, "-m", "bench.child", *args]
    if args[0] == "serve":
        command += ["--spawned-at", repr(spawned)]
    with log.open("a", encoding="utf-8") as errors:
        done = subprocess.run(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            check=False,
        )
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            result: dict[str, Any] = json.loads(line[len(RESULT_PREFIX) :])
            return result
    return {"error": f"child {args[0]} exited with {done.returncode}; see {log}"}


def _sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def run_size(
    facts: int,
    workdir: Path,
    *,
    questions: int,
    passes: int,
    seed: int,
    db: str | None = None,
    freeze: bool = False,
) -> SizeResult:
    """Generate, load and answer at one size, each step in a fresh process."""
    label = _label(facts)
    result = SizeResult(label, facts)
    folder = workdir / label
    started = time.perf_counter()
    files = write_files(folder / "files", facts, seed)
    result.generate_s = time.perf_counter() - started
    result.files_mb = sum(p.stat().st_size for p in files) / 1e6
    url = db or _sqlite_url(folder / "tally.db")
    log = workdir / "children.log"
    result.load = _child(["load", url, *map(str, files)], log)
    if "error" in result.load:
        return result
    serve = ["serve", url, "--questions", str(questions), "--passes", str(passes)]
    result.serve = _child(serve + (["--gc-freeze"] if freeze else []), log)
    return result


def run_seed(workdir: Path, *, questions: int, passes: int, freeze: bool = False) -> SizeResult:
    """Answer the workload over the shipped seed knowledge, in a fresh embedded database."""
    result = SizeResult("seed", 0)
    url = _sqlite_url(workdir / "seed" / "tally.db")
    (workdir / "seed").mkdir(parents=True, exist_ok=True)
    serve = ["serve", url, "--seed", "--questions", str(questions), "--passes", str(passes)]
    result.serve = _child(serve + (["--gc-freeze"] if freeze else []), workdir / "children.log")
    result.facts = int(result.serve.get("facts", 0))
    return result


def _label(facts: int) -> str:
    exponent = math.log10(facts) if facts > 0 else 0
    return f"1e{int(exponent)}" if exponent == int(exponent) else str(facts)


def _ms(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, (int, float)) else "-"


def _s(value: Any) -> str:
    return f"{value:.1f}" if isinstance(value, (int, float)) else "-"


def _ratio(value: object) -> str:
    return f"{value:.1f}×" if isinstance(value, (int, float)) else "-"


def table(results: list[SizeResult]) -> str:
    """The results as Markdown tables: per size, per question kind, and the SQL floor."""
    lines = [
        "| size | facts | p50 ms | p99 ms | CPU p50 ms | CPU p99 ms | answers/s | answers/CPU s | "
        "peak MB (serve) | load s | peak MB (load) | view build s | start→first answer s |",
        "| --- " * 13 + "|",
    ]
    for r in results:
        s, ld = r.serve, r.load
        lines.append(
            f"| {r.label} | {s.get('facts', r.facts)} | {_ms(s.get('p50_ms'))} | "
            f"{_ms(s.get('p99_ms'))} | {_ms(s.get('cpu_p50_ms'))} | {_ms(s.get('cpu_p99_ms'))} | "
            f"{_s(s.get('answers_per_s'))} | {_s(s.get('answers_per_cpu_s'))} | "
            f"{_s(s.get('peak_mb'))} | "
            f"{_s(ld.get('load_s'))} | {_s(ld.get('peak_mb'))} | {_ms(s.get('view_build_s'))} | "
            f"{_ms(s.get('start_to_first_answer_s'))} |"
        )
    lines += ["", "| size | kind | questions | answered | p50 ms | p99 ms |", "| --- " * 6 + "|"]
    for r in results:
        for kind, k in r.serve.get("kinds", {}).items():
            lines.append(
                f"| {r.label} | {kind} | {k['count']} | {k['answered']} | "
                f"{_ms(k['p50_ms'])} | {_ms(k['p99_ms'])} |"
            )
    lines += [
        "",
        "| size | kind | SQL p50 ms | Tally p50 ms | Tally/SQL | same first figure "
        "| asked again p50 ms | again/SQL |",
        "| --- " * 8 + "|",
    ]
    for r in results:
        for kind, f in r.serve.get("floor", {}).items():
            lines.append(
                f"| {r.label} | {kind} | {_ms(f['sql_p50_ms'])} | {_ms(f['tally_p50_ms'])} | "
                f"{f['ratio']:.1f}× | {f['same_first_figure']} | "
                f"{_ms(f.get('again_p50_ms'))} | {_ratio(f.get('ratio_again'))} |"
            )
    lines += ["", "| size | load: open s | validate s | write s | files MB |", "| --- " * 5 + "|"]
    for r in results:
        if r.load:
            ld = r.load
            lines.append(
                f"| {r.label} | {_s(ld.get('open_s'))} | {_s(ld.get('validate_s'))} | "
                f"{_s(ld.get('write_s'))} | {r.files_mb:.1f} |"
            )
    return "\n".join(lines)


def run(
    sizes: list[int],
    *,
    questions: int = 1000,
    passes: int = 3,
    seed: int = 42,
    db: str | None = None,
    workdir: Path | None = None,
    include_seed: bool = True,
    echo: bool = True,
    freeze: bool = False,
) -> list[SizeResult]:
    """Run the benchmark for each size (and the seed knowledge); print and return the results."""
    if db is not None and len(sizes) > 1:
        raise ValueError("--db takes one size at a time (the database must start empty)")
    holder = None
    if workdir is None:
        holder = tempfile.TemporaryDirectory(prefix="tally-bench-")
        workdir = Path(holder.name)
    workdir.mkdir(parents=True, exist_ok=True)
    results: list[SizeResult] = []
    try:
        if include_seed:
            results.append(run_seed(workdir, questions=questions, passes=passes, freeze=freeze))
            _echo(echo, results[-1])
        for facts in sizes:
            results.append(
                run_size(
                    facts,
                    workdir,
                    questions=questions,
                    passes=passes,
                    seed=seed,
                    db=db,
                    freeze=freeze,
                )
            )
            _echo(echo, results[-1])
    finally:
        if holder is not None:
            holder.cleanup()
    return results


def _echo(echo: bool, result: SizeResult) -> None:
    if echo:
        load, serve = result.load, result.serve
        summary = {k: v for k, v in serve.items() if k not in ("kinds", "floor", "samples")}
        print(f"[{result.label}] load: {json.dumps(load)}", file=sys.stderr, flush=True)
        print(f"[{result.label}] serve: {json.dumps(summary)}", file=sys.stderr, flush=True)


def run_discord_part(
    workdir: Path | None, *, burst: int = 1000, dm_rate: float = 100.0, dm_seconds: float = 60.0
) -> dict[str, Any]:
    """The burst and the steady DMs through the loopback double, over the seed knowledge."""
    import asyncio

    from bench.discord import run_discord
    from bench.workload import build_workload
    from knowledge import format as knowledge_format
    from knowledge.store import seed_files
    from knowledge.view import KnowledgeView

    view = KnowledgeView.build(knowledge_format.load_files(seed_files()))
    questions = [q.text for q in build_workload(view, 500) if q.setup is None]
    with tempfile.TemporaryDirectory(prefix="tally-bench-discord-") as folder:
        base = workdir or Path(folder)
        (base / "discord").mkdir(parents=True, exist_ok=True)
        url = _sqlite_url(base / "discord" / "tally.db")
        loaded = _child(["load", url, *map(str, seed_files())], base / "children.log")
        if "error" in loaded:
            return loaded
        return asyncio.run(
            run_discord(url, questions, burst=burst, rate=dm_rate, seconds=dm_seconds)
        )


def discord_table(result: dict[str, Any]) -> str:
    """The Discord part as a Markdown table."""
    if "error" in result:
        return f"Discord part failed: {result['error']}"
    lines = [
        "| through the double | sent | answered | p50 ms | p99 ms | max ms | bot CPU ms each |",
        "| --- " * 7 + "|",
    ]
    for name, key in (("burst of /ask", "burst"), ("steady DMs", "dms")):
        r = result.get(key)
        if not r:
            continue
        cpu = r.get("bot_cpu_s")
        each = cpu * 1000 / r["sent"] if cpu is not None and r.get("sent") else None
        lines.append(
            f"| {name} | {r.get('sent')} | {r.get('answered')} | {_ms(r.get('p50_ms'))} | "
            f"{_ms(r.get('p99_ms'))} | {_ms(r.get('max_ms'))} | {_ms(each)} |"
        )
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The benchmark's options (shared by `python -m bot bench`)."""
    parser.add_argument(
        "--facts",
        type=int,
        action="append",
        metavar="N",
        help="facts in the synthetic knowledge; repeat for several sizes (default: 1e2 1e4 1e6)",
    )
    parser.add_argument("--questions", type=int, default=1000, metavar="N")
    parser.add_argument("--passes", type=int, default=3, help="timed passes over the workload")
    parser.add_argument("--seed", type=int, default=42, help="random seed of the synthetic data")
    parser.add_argument("--no-seed-knowledge", action="store_true", help="skip the seed run")
    parser.add_argument("--workdir", type=Path, help="keep files and databases here")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the raw results")
    parser.add_argument(
        "--discord",
        action="store_true",
        help="also drive the bot through the loopback Discord double (burst and steady DMs)",
    )
    parser.add_argument(
        "--discord-only",
        action="store_true",
        help="only the Discord part (implies --discord; no sizes, no seed run)",
    )
    parser.add_argument("--burst", type=int, default=1000, metavar="N", help="/ask burst size")
    parser.add_argument(
        "--dm-rate", type=float, default=100.0, metavar="N", help="steady DMs per second"
    )
    parser.add_argument(
        "--dm-seconds", type=float, default=60.0, metavar="S", help="steady DMs duration"
    )
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() once the view is built (what a long-running bot can do)",
    )


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.run`: run and print the tables."""
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--db", metavar="URL", help="an empty database (one size only)")
    add_arguments(parser)
    args = parser.parse_args(argv)
    return execute(args)


def execute(args: argparse.Namespace) -> int:
    """Run with parsed options, print the tables, write JSON when asked."""
    discord_only = getattr(args, "discord_only", False)
    results = (
        []
        if discord_only
        else run(
            args.facts or list(DEFAULT_SIZES),
            questions=args.questions,
            passes=args.passes,
            seed=args.seed,
            db=getattr(args, "db", None),
            workdir=args.workdir,
            include_seed=not args.no_seed_knowledge,
            freeze=args.gc_freeze,
        )
    )
    if results:
        print(table(results))
    discord: dict[str, Any] = {}
    if getattr(args, "discord", False) or discord_only:
        discord = run_discord_part(
            args.workdir, burst=args.burst, dm_rate=args.dm_rate, dm_seconds=args.dm_seconds
        )
        print(discord_table(discord))
    if args.json:
        raw: list[dict[str, Any]] = [
            {"label": r.label, "facts": r.facts, "load": r.load, "serve": r.serve} for r in results
        ]
        if discord:
            raw.append({"label": "discord", "discord": discord})
        args.json.write_text(json.dumps(raw, indent=2), encoding="utf-8")
    if "error" in discord:
        return 1
    return 0 if all("error" not in r.load and "error" not in r.serve for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
