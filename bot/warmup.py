"""Ready to answer at full speed: caches warmed at start-up, and the built heap frozen."""

from __future__ import annotations

import asyncio
import gc
import logging

from bot.cogs.charts import answer_view
from bot.embeds import answer_embed
from knowledge.engine import answer_sync
from knowledge.model import LANGUAGES
from knowledge.view import KnowledgeView

log = logging.getLogger(__name__)


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


def settle_heap() -> None:
    """Freeze what is alive now, so the collector's full passes skip it (`gc.freeze`).

    A full pass over the knowledge view and the loaded libraries took ~80 ms each, several times
    during a burst of interactions; frozen objects are still freed by reference counting.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def settle_after_refresh(view: KnowledgeView) -> None:
    """A refresh hook: warm up the new view, then settle the heap once it is the current one."""
    warm_up(view)
    # Hooks run before the knowledge base swaps views: settle once the old one is dropped.
    try:
        asyncio.get_running_loop().call_soon(settle_heap)
    except RuntimeError:  # no loop: nothing else runs meanwhile
        settle_heap()
