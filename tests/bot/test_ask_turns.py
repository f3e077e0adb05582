"""The /ask queue: answers take turns, first come first served, and a late turn means deferring."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from bot.cogs.ask import ANSWERING_AT_ONCE, AskCog, finished_within


def cog() -> AskCog:
    bot: Any = SimpleNamespace()
    return AskCog(bot)


async def quick() -> str:
    return "done"


async def test_an_answer_without_io_finishes_at_once() -> None:
    task: Any = asyncio.create_task(quick())
    assert await finished_within(task, 1.0)


async def test_no_time_left_means_defer() -> None:
    task: Any = asyncio.create_task(quick())
    assert not await finished_within(task, 0)
    await task


async def test_turns_are_taken_first_come_first_served() -> None:
    ask = cog()
    loop = asyncio.get_running_loop()
    for _ in range(ANSWERING_AT_ONCE):
        assert await ask._turn_before(loop.time() + 1)
    order: list[int] = []

    async def wait_turn(number: int) -> None:
        assert await ask._turn_before(loop.time() + 5)
        order.append(number)

    waiting = [asyncio.create_task(wait_turn(n)) for n in range(3)]
    await asyncio.sleep(0)
    assert order == []
    for _ in range(3):
        ask.turns.release()
    await asyncio.gather(*waiting)
    assert order == [0, 1, 2]


async def test_a_turn_that_comes_too_late_is_refused() -> None:
    ask = cog()
    loop = asyncio.get_running_loop()
    for _ in range(ANSWERING_AT_ONCE):
        await ask.turns.acquire()
    assert not await ask._turn_before(loop.time() + 0.01)
    ask.turns.release()
    # The refused waiter took nothing: the released turn is there for the next one.
    assert await ask._turn_before(loop.time() + 0.01)
