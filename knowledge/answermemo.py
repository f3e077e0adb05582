"""Answers kept for questions asked again: the same words in the same state get the same answer.

An answer is a function of the question's text, the language asked for or fallen back on, the
date, the conversation's state before it and the view. A memo lives in the view's cache, so a
refreshed view (patched or rebuilt) starts with none: an answer is never older than the figures.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import fields, replace
from datetime import date
from itertools import count
from operator import attrgetter

from knowledge.answer import Answer
from knowledge.conversation import Conversation
from knowledge.model import Language
from knowledge.view import KnowledgeView

CACHE_KEY = "engine.answer_memo"
# Every field a question may read. `turns` only counts questions (nothing reads it), so it is
# left out of the key: else no answer of a conversation could be reused.
_STATE_FIELDS = tuple(f.name for f in fields(Conversation) if f.name != "turns")
_state_of = attrgetter(*_STATE_FIELDS)

# each memo its own entries in a view's cache (not `id()`, which a later memo may be given again)
_numbers = count(1)

MemoKey = tuple[str, Language | None, Language | None, date, Hashable]


class _Kept:
    """One answer, the state it left the conversation in, and how many turns it counted."""

    __slots__ = ("answer", "state", "turns")

    def __init__(self, answer: Answer, state: tuple[object, ...] | None, turns: int) -> None:
        self.answer = answer
        self.state = state
        self.turns = turns


class AnswerMemo:
    """The last `size` answers of each view, by question, languages, date and conversation state."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._cache_key = f"{CACHE_KEY}.{next(_numbers)}"
        self.hits = 0
        self.misses = 0

    def answer(
        self,
        key: MemoKey,
        view: KnowledgeView,
        context: Conversation | None,
        compute: Callable[[], Answer],
    ) -> Answer:
        """The kept answer to `key` (the conversation moved on as it did then), else `compute()`."""
        kept = self._entries(view)
        try:
            found = kept.get(key)
        except TypeError:  # a state holding something unhashable: answer without the memo
            return compute()
        if found is not None:
            self.hits += 1
            kept.move_to_end(key)
            _restore(context, found)
            return _copy(found.answer)
        self.misses += 1
        turns_before = context.turns if context is not None else 0
        answer = compute()
        state = _state_of(context) if context is not None else None
        turns = context.turns - turns_before if context is not None else 0
        kept[key] = _Kept(_copy(answer), state, turns)
        if len(kept) > self.size:
            kept.popitem(last=False)
        return answer

    def _entries(self, view: KnowledgeView) -> OrderedDict[MemoKey, _Kept]:
        entries = view.cache.get(self._cache_key)
        if not isinstance(entries, OrderedDict):
            entries = OrderedDict()
            view.cache[self._cache_key] = entries
        return entries


def memo_key(
    question: str,
    language: Language | None,
    default_language: Language | None,
    today: date,
    context: Conversation | None,
) -> MemoKey:
    """What an answer depends on, besides the view."""
    state = _state_of(context) if context is not None else None
    return (question, language, default_language, today, state)


def _restore(context: Conversation | None, kept: _Kept) -> None:
    """Leave the conversation as answering the question left it the first time."""
    if context is None or kept.state is None:
        return
    for name, value in zip(_STATE_FIELDS, kept.state, strict=True):
        setattr(context, name, value)
    context.turns += kept.turns


def _copy(answer: Answer) -> Answer:
    """An Answer whose lists the caller may change without touching the kept one."""
    return replace(
        answer,
        figures=list(answer.figures),
        sources=list(answer.sources),
        suggestions=list(answer.suggestions),
    )
