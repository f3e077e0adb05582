from datetime import date
from functools import cache
from typing import Any

import pytest

from knowledge import format as knowledge_format
from knowledge import store
from knowledge.conversation import Conversation, ConversationMemory
from knowledge.engine import answer_sync
from knowledge.view import KnowledgeView

TODAY = date(2026, 11, 28)


@cache
def seed_view() -> KnowledgeView:
    return KnowledgeView.build(knowledge_format.load_files(store.seed_files()), version=1)


# (question, intent, first entity, period of the first figure)
DIALOGUES: list[list[tuple[str, str, Any, str | None]]] = [
    [
        ("who bought the most Hopper chips?", "superlative", "microsoft", "2024"),
        ("and the fewest?", "superlative", "google", "2024"),
        ("what about 2023?", "superlative", "tesla", "2023"),
        ("and Meta?", "figure", "meta", "2023"),
        ("et Google ?", "figure", "google", "2023"),
    ],
    [
        ("who bought the most Hopper chips?", "superlative", "microsoft", "2024"),
        ("who is second?", "rank_position", {"bytedance", "tencent"}, "2024"),
        ("rank them", "ranking", "microsoft", "2024"),
        ("among Chinese companies?", "ranking", {"bytedance", "tencent"}, "2024"),
    ],
    [
        ("how much did Microsoft spend on servers?", "figure", "microsoft", "2024"),
        ("and Meta?", "figure", "meta", "2024"),
        ("what share is that?", "share", "meta", "2024"),
    ],
    [
        ("tell me about Google", "entity_overview", "google", None),
        ("how many Hopper chips did it buy in 2023?", "figure", "google", "2023"),
    ],
    [
        ("who bought the most Hopper chips in 2024?", "superlative", "microsoft", "2024"),
        ("and in-house chips?", "superlative", {"google", "meta"}, "2024"),
    ],
]


@pytest.mark.parametrize("dialogue", DIALOGUES, ids=[d[0][0] + " / " + d[1][0] for d in DIALOGUES])
def test_dialogue(dialogue: list[tuple[str, str, Any, str | None]]) -> None:
    context = Conversation()
    for question, intent, first, period in dialogue:
        reply = answer_sync(question, seed_view(), context=context, today=TODAY)
        assert reply.intent == intent, (question, reply.text)
        assert reply.answered, (question, reply.text)
        if isinstance(first, set):
            assert {f.entity for f in reply.figures[: len(first)]} == first, question
        else:
            assert reply.figures[0].entity == first, question
        if period is not None:
            assert reply.figures[0].period == period, question


def test_a_metric_named_after_clarify_finishes_the_question() -> None:
    context = Conversation()
    first = answer_sync("who is the biggest?", seed_view(), context=context, today=TODAY)
    assert first.intent == "clarify"
    reply = answer_sync("Hopper chips", seed_view(), context=context, today=TODAY)
    assert reply.intent == "superlative"
    assert reply.figures[0].entity == "microsoft"


def test_which_company_has_the_most_is_not_a_list() -> None:
    reply = answer_sync("quelle entreprise a le plus ?", seed_view(), today=TODAY)
    assert reply.intent == "clarify"


def test_a_complete_question_inherits_nothing() -> None:
    context = Conversation()
    answer_sync(
        "who bought the most Hopper chips among Chinese companies in 2023?",
        seed_view(),
        context=context,
        today=TODAY,
    )
    reply = answer_sync("who spent the most on servers?", seed_view(), context=context, today=TODAY)
    assert reply.figures[0].entity == "microsoft"
    assert reply.figures[0].period == "2024"


def test_without_context_a_followup_is_not_guessed() -> None:
    reply = answer_sync("who is second?", seed_view(), today=TODAY)
    assert not reply.answered
    assert reply.intent == "clarify"


def test_the_conversation_remembers_the_language() -> None:
    context = Conversation()
    answer_sync("qui a acheté le plus de puces Hopper ?", seed_view(), context=context, today=TODAY)
    assert context.language == "fr"
    reply = answer_sync("Meta", seed_view(), context=context, today=TODAY)
    assert reply.language == "fr"


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_memory_forgets_after_the_ttl() -> None:
    clock = FakeClock()
    memory = ConversationMemory(ttl_seconds=300, clock=clock)
    conversation = memory.get("u1")
    conversation.metrics = ("hopper-gpus",)
    memory.put("u1", conversation)
    clock.now = 299
    assert memory.get("u1") is conversation
    assert memory.get("u2") is not conversation
    clock.now = 301 + 299
    assert memory.get("u1").metrics == ()


def test_memory_drops_expired_users() -> None:
    clock = FakeClock()
    memory = ConversationMemory(ttl_seconds=10, clock=clock)
    memory.put("a", Conversation())
    clock.now = 20
    memory.put("b", Conversation())
    assert len(memory) == 1


def test_a_pronoun_takes_the_conversation_entities_without_changing_the_question() -> None:
    """A pronoun means the companies just asked about; the parsed question stays as read."""
    from knowledge.lexicon import lexicon_for
    from knowledge.parse.question import parse
    from knowledge.resolve import make_plan

    view = seed_view()
    context = Conversation()
    answer_sync("how many Hopper chips did Meta buy in 2024?", view, context=context, today=TODAY)
    query = parse("and how many did they buy?", lexicon_for(view), today=TODAY)
    plan = make_plan(query, view, context)
    assert plan.entities == ["meta"]
    assert query.entities == []
