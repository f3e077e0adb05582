"""Three-turn conversations over every pair of follow-ups: no error, never an empty reply.

"How many did Microsoft buy?" - "and Meta and Google?" - "and among Chinese companies?" once
raised an IndexError (a comparison left with no entity), and "and Tencent?" - "excluding
Microsoft?" replied with nothing at all.
"""

from __future__ import annotations

import itertools
from datetime import date
from functools import cache

from knowledge import format as knowledge_format
from knowledge import store
from knowledge.conversation import Conversation
from knowledge.engine import answer_sync
from knowledge.view import KnowledgeView
from tests.knowledge.test_nothing_ignored import FIRST_QUESTIONS

TODAY = date(2026, 11, 28)
FOLLOW_UPS = (
    "and among Chinese companies?",
    "and the fewest?",
    "and Meta and Google?",
    "and in 2023?",
    "and Tencent?",
    "excluding Microsoft?",
    "and the year before?",
    "top 3?",
    "and in total?",
    "and on average?",
    "what about MI300 chips?",
    "and server spending?",
    "why?",
    "and more than 200k?",
    "and the median?",
    "who else?",
    "and in 2023 and 2024?",
    "et parmi les entreprises chinoises ?",
    "rank them",
    "how many?",
    "and the second?",
    "what share?",
    "and Q3 2024?",
    "sources?",
    "and by how much?",
)
ABOUT = frozenset({"help", "sources", "list_entities", "list_metrics"})


@cache
def seed_view() -> KnowledgeView:
    return KnowledgeView.build(knowledge_format.load_files(store.seed_files()), version=1)


def test_conversations_never_fail_or_reply_with_nothing() -> None:
    problems = []
    for first, second, third in itertools.product(FIRST_QUESTIONS, FOLLOW_UPS, FOLLOW_UPS[:8]):
        context = Conversation()
        for question in (first, second, third):
            turn = f"{first!r} -> {second!r} -> {third!r} at {question!r}"
            try:
                reply = answer_sync(question, seed_view(), today=TODAY, context=context)
            except Exception as error:
                problems.append(f"{turn}: {type(error).__name__}: {error}")
                break
            if not reply.text.strip():
                problems.append(f"{turn}: an empty reply ({reply.intent})")
            elif reply.answered and not reply.figures and reply.intent not in ABOUT:
                problems.append(f"{turn}: answered without a figure ({reply.intent})")
    assert not problems, "\n".join(problems[:20]) + f"\n({len(problems)} in all)"
