"""Ready to answer at full speed: caches warmed at start-up, and the built heap frozen."""

from __future__ import annotations

import asyncio
import gc
import logging

from bot.cogs.charts import answer_view
from bot.embeds import answer_embed
from knowledge.engine import answer_sync
from knowledge.model import LANGUAGES
from knowledge.store import REFRESH_KIND_KEY
from knowledge.view import KnowledgeView

log = logging.getLogger(__name__)
SETTLE_RETRY_SECONDS = 0.05  # how often to look again whether the collector is back


def warm_up(view: KnowledgeView) -> None:
    """Answer one question per language, so the first user's doesn't load templates and locales."""
    metric = next(iter(view.metrics.values()), None)
    if metric is None:
        return
    for language in LANGUAGES:
        label = metric.label.get(language) or next(iter(metric.label.values()), "")
        try:
            answer = answer_sync(f"{label}?", view, language=language)
            answer_embed(answer)
            answer_view(answer)
        except Exception:  # a warm-up must never stop the bot; the first question warms instead
            log.exception("could not warm up in %s", language)


def settle_heap(*, patched: bool = False) -> None:
    """Freeze what is alive now, so the collector's full passes skip it (`gc.freeze`).

    A full pass over the knowledge view and the loaded libraries took ~80 ms each, several times
    during a burst of interactions; frozen objects are still freed by reference counting.
    """
    if patched:
        # The patched view shares nearly all of the frozen one's objects: unfreezing them cost
        # a ~0.5 s pass at a million facts, and even a young pass 30-60 ms (it walks the new
        # million-entry facts tuple). Only the few objects made since the last settle are
        # frozen unexamined: a garbage cycle among them stays until the next full settle.
        gc.freeze()
        return
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def settle_after_refresh(view: KnowledgeView) -> None:
    """A refresh hook: warm up the new view, then settle the heap once it is the current one."""
    warm_up(view)
    patched = view.cache.get(REFRESH_KIND_KEY) == "incremental"
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # no loop: nothing else runs meanwhile
        settle_heap(patched=patched)
        return
    # Hooks run before the knowledge base swaps views: settle once the old one is dropped.
    loop.call_soon(_settle_when_collecting, loop, patched)


def _settle_when_collecting(loop: asyncio.AbstractEventLoop, patched: bool) -> None:
    # A full refresh keeps the collector paused until it has freed the replaced view in a
    # thread; a pass before that would walk both views, twice the stall.
    if gc.isenabled():
        settle_heap(patched=patched)
    else:
        loop.call_later(SETTLE_RETRY_SECONDS, _settle_when_collecting, loop, patched)
