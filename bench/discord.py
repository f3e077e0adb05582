"""Through the loopback Discord double: a burst of `/ask` interactions, then steady DMs.

`python -m bot run` runs as a child process against the double (tests/discord_double), reading
an already loaded database; the double runs in this process. Latency is from the double's
dispatch of an interaction or message to the arrival of the reply that carries the answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ANSWER_CALLBACK = 4
DEFERRED = 5


def _percentiles(latencies: list[float]) -> dict[str, Any]:
    if not latencies:
        return {"p50_ms": None, "p99_ms": None, "max_ms": None}
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * len(ordered)) - 1)]
    return {
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": p99 * 1000,
        "max_ms": ordered[-1] * 1000,
    }


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc), 0.0 elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _env(double: Any, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "DATABASE_URL")}
    env.update(double.bot_env())
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env.update(
        {
            "PYTHONPATH": path,
            "DATABASE_URL": url,
            "GUILD_READY_TIMEOUT": "0.1",
            "IDENTIFY_DELAY_SECONDS": "0",
            # the benchmark measures answering, not the per-user rate limit
            "QUESTION_COOLDOWN_SECONDS": "1",
            "QUESTIONS_PER_COOLDOWN": "1000000",
            "LOG_LEVEL": "WARNING",
            "QUESTION_LOG_SALT": "bench",
        }
    )
    return env


def _carries_answer(reply: Any) -> bool:
    if reply.kind == "callback":
        return bool(reply.callback_type == ANSWER_CALLBACK)
    return reply.kind in ("followup", "edit_original")


def _answer_reply(replies: list[Any]) -> Any | None:
    """The first of an interaction's replies that carries the answer."""
    return next((r for r in replies if _carries_answer(r)), None)


async def _burst(
    double: Any, users: list[Any], guild: Any, questions: list[str], count: int
) -> dict[str, Any]:
    sends = [
        double.send_slash_command(
            users[i % len(users)], "ask", {"question": questions[i % len(questions)]}, channel=guild
        )
        for i in range(count)
    ]
    started = time.monotonic()
    interactions = await asyncio.gather(*sends)
    dispatched = time.monotonic() - started

    pending = {i.id for i in interactions}
    seen = 0

    def done() -> bool:
        # Only the replies since the last look: the double wakes this on every record.
        nonlocal seen
        replies = double.replies
        for reply in replies[seen:]:
            if reply.interaction_id in pending and _carries_answer(reply):
                pending.discard(reply.interaction_id)
        seen = len(replies)
        return not pending

    with contextlib.suppress(AssertionError):
        await double.wait_until(done, timeout=120.0, what="every burst interaction answered")
    by_interaction: dict[int, list[Any]] = {}
    for reply in double.replies:
        by_interaction.setdefault(reply.interaction_id, []).append(reply)
    answers = {i.id: _answer_reply(by_interaction.get(i.id, [])) for i in interactions}
    latencies = []
    for interaction in interactions:
        reply = answers[interaction.id]
        if reply is not None:
            latencies.append(reply.received_at - interaction.dispatched_at)
    deferred = sum(
        any(r.callback_type == DEFERRED for r in by_interaction.get(i.id, [])) for i in interactions
    )
    first = min(i.dispatched_at for i in interactions)
    spread = max(i.dispatched_at for i in interactions) - first
    summary = {"sent": count, "answered": len(latencies), "deferred": deferred}
    summary |= {"dispatch_all_s": dispatched, "dispatch_spread_s": spread}
    arrivals = [r.received_at - first for r in answers.values() if r is not None]
    summary["last_reply_after_first_dispatch_s"] = max(arrivals, default=None)
    return summary | _percentiles(latencies)


async def _steady(
    double: Any, users: list[Any], questions: list[str], rate: float, seconds: float
) -> dict[str, Any]:
    total = int(rate * seconds)
    sent: list[tuple[Any, float]] = []
    start = time.monotonic()
    for index in range(total):
        delay = start + index / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        user = users[index % len(users)]
        message = await double.send_message(user, questions[index % len(questions)])
        sent.append((message, time.monotonic()))
    achieved = total / (time.monotonic() - start)

    expected: dict[int, int] = {}
    for message, _ in sent:
        expected[message.channel_id] = expected.get(message.channel_id, 0) + 1
    looked = 0

    def done() -> bool:
        # Only the replies since the last look: the double wakes this on every record.
        nonlocal looked
        replies = double.replies
        for reply in replies[looked:]:
            left = expected.get(reply.channel_id)
            if reply.kind == "channel_message" and left is not None:
                if left <= 1:
                    del expected[reply.channel_id]
                else:
                    expected[reply.channel_id] = left - 1
        looked = len(replies)
        return not expected

    with contextlib.suppress(AssertionError):
        await double.wait_until(done, timeout=60.0, what="every DM answered")
    latencies: list[float] = []
    seen: dict[int, int] = {}
    replies_by_channel: dict[int, list[Any]] = {}
    for reply in double.replies:
        if reply.kind == "channel_message":
            replies_by_channel.setdefault(reply.channel_id, []).append(reply)
    for message, sent_at in sent:
        position = seen.get(message.channel_id, 0)
        seen[message.channel_id] = position + 1
        replies = replies_by_channel.get(message.channel_id, [])
        if position < len(replies):
            latencies.append(replies[position].received_at - sent_at)
    return {
        "sent": total,
        "answered": len(latencies),
        "achieved_rate": achieved,
    } | _percentiles(latencies)


async def run_discord(
    url: str, questions: list[str], *, burst: int = 1000, rate: float = 100.0, seconds: float = 60.0
) -> dict[str, Any]:
    """Start the bot on `url` against the double; measure the burst, then the steady DMs."""
    try:
        from tests.discord_double import EVERYONE_PERMISSIONS, DiscordDouble, subprocess_bot
    except ImportError as error:  # run from a checkout: the double lives in the tests
        return {"error": f"the loopback Discord double is not importable: {error}"}

    async with DiscordDouble() as double:
        guild = await double.create_guild("Bench")
        users = []
        for index in range(max(50, int(rate * 6))):
            user = await double.create_user(f"user{index}")
            await double.add_member(guild, user, permissions=EVERYONE_PERMISSIONS)
            users.append(user)
        env = _env(double, url)
        # Commands are synced explicitly, as an operator does once (`python -m bot sync`).
        sync = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "sync", env=env, cwd=ROOT,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        _, errors = await sync.communicate()
        if sync.returncode != 0:
            return {"error": f"python -m bot sync failed: {errors.decode()[-500:]}"}
        started = time.monotonic()
        async with subprocess_bot(double, "-m", "bot", "run", env=env, cwd=ROOT) as bot:
            try:
                await double.wait_for_ready(timeout=120)
            except AssertionError as error:
                return {"error": f"the bot did not start: {error}", "output": bot.output()[-2000:]}
            result: dict[str, Any] = {"ready_s": time.monotonic() - started}
            pid = bot.process.pid
            # CPU spent by the bot process and by this one (the double) in each part
            cpu = _cpu_seconds(pid), time.process_time()
            result["burst"] = await _burst(double, users[:50], guild, questions, burst)
            result["burst"]["bot_cpu_s"] = _cpu_seconds(pid) - cpu[0]
            result["burst"]["double_cpu_s"] = time.process_time() - cpu[1]
            if seconds <= 0:
                return result
            await asyncio.sleep(1.0)
            cpu = _cpu_seconds(pid), time.process_time()
            result["dms"] = await _steady(double, users, questions, rate, seconds)
            result["dms"]["bot_cpu_s"] = _cpu_seconds(pid) - cpu[0]
            result["dms"]["double_cpu_s"] = time.process_time() - cpu[1]
        return result
