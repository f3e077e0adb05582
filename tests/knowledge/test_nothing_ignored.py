"""An answer never drops what the question names: a named entity or a number shows in it.

"How many did Microsoft buy in total?" once gave everyone's total, and "how many companies
bought more than Meta?" counted everyone: answered, with figures, about another question. These
tests ask every phrasing below about every entity (or number) and metric of the seed, and check
that each answer given either cites the entity's figure or names it, or shows the number.
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

TODAY = date(2026, 11, 28)
ENTITIES = ("Microsoft", "Meta", "Google", "Amazon", "Tencent", "Oracle", "ByteDance")
METRICS = ("Hopper chips", "MI300 chips", "in-house chips", "server spending")
ENTITY_FRAMES = (
    "how many {m} did {e} buy?",
    "{e} {m}",
    "did {e} buy more {m} than 100k?",
    "how many {m} did {e} buy in total?",
    "average {m} of {e}",
    "{e}'s share of {m}",
    "{e}'s rank in {m}",
    "is {e} in the top 2 for {m}?",
    "was {e} the biggest for {m}?",
    "how did {e}'s {m} change?",
    "total {m} bought by {e} in 2023 and 2024",
    "how many companies bought more {m} than {e}?",
    "who bought more {m} than {e}?",
    "{e} vs Meta {m}",
    "who bought twice as many {m} as {e}?",
    "did Google buy 3 times more {m} than {e}?",
    "did {e} buy half as many {m} as Microsoft?",
    "qui a acheté deux fois moins de {m} que {e} ?",
    "{e} a-t-elle acheté deux fois plus de {m} que Meta ?",
    "how many {m} did {e} buy in 2023?",
    "combien de {m} {e} a-t-elle achetées ?",
    "quelle part des {m} {e} a-t-elle achetée ?",
    "{e} a-t-elle acheté plus de 100 000 {m} ?",
    "combien d'entreprises ont acheté plus de {m} que {e} ?",
)
NUMBERS = (
    ("100k", ("100,000", "100 000")),
    ("150,000", ("150,000", "150 000")),
    ("1.5 million", ("1,500,000", "1.5 million", "1 500 000", "1,5 million")),
)
NUMBER_FRAMES = (
    "who bought more than {n} {m}?",
    "how many companies bought more than {n} {m}?",
    "total {m} of companies with more than {n}",
    "average {m} of companies with more than {n}",
    "median {m} of companies with more than {n}",
    "how many companies bought {n} {m}?",
    "what share of {m} did companies with more than {n} buy?",
    "total {m} of the top 3 with more than {n}",
    "top 3 {m} with more than {n}",
    "which companies bought fewer than {n} {m} in 2023?",
    "who bought at least {n} {m}?",
    "did Meta buy more than {n} {m}?",
    "who bought between {n} and 2 million {m}?",
    "qui a acheté plus de {n} {m} ?",
    "combien d'entreprises ont acheté plus de {n} {m} ?",
    "moyenne des {m} des entreprises avec plus de {n}",
)


@cache
def seed_view() -> KnowledgeView:
    return KnowledgeView.build(knowledge_format.load_files(store.seed_files()), version=1)


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_an_answer_about_a_named_entity_shows_it() -> None:
    dropped = []
    for frame, name, metric in itertools.product(ENTITY_FRAMES, ENTITIES, METRICS):
        question = frame.format(e=name, m=metric)
        reply = answer_sync(question, seed_view(), today=TODAY)
        cited = {figure.entity for figure in reply.figures}
        if reply.answered and name.lower() not in cited and name not in reply.text:
            dropped.append(f"{question!r} -> {reply.intent}: {reply.text[:120]!r}")
    assert not dropped, "\n".join(dropped)


def test_an_answer_to_a_question_with_a_number_shows_it() -> None:
    dropped = []
    for frame, (said, shown), metric in itertools.product(NUMBER_FRAMES, NUMBERS, METRICS):
        question = frame.format(n=said, m=metric)
        reply = answer_sync(question, seed_view(), today=TODAY)
        if reply.answered and not any(s in _plain(reply.text) for s in shown):
            dropped.append(f"{question!r} -> {reply.intent}: {reply.text[:120]!r}")
    assert not dropped, "\n".join(dropped)


TWO_PERIOD_FRAMES = (
    "who bought the most {m} in 2023 and 2024?",
    "top 3 {m} in 2023 and 2024",
    "who bought more than 40k {m} in 2023 and 2024?",
    "how many companies bought {m} in 2023 and 2024?",
    "total {m} in 2023 and 2024",
    "average {m} in 2023 and 2024",
    "median {m} in 2023 and 2024",
    "what share of {m} did Microsoft buy in 2023 and 2024?",
    "Microsoft vs Meta {m} in 2023 and 2024",
    "how many {m} did Microsoft buy in 2023 and 2024?",
    "qui a acheté le plus de {m} en 2023 et 2024 ?",
)


def test_an_answer_about_two_periods_covers_both() -> None:
    dropped = []
    for frame, metric in itertools.product(TWO_PERIOD_FRAMES, ("Hopper chips",)):
        question = frame.format(m=metric)
        reply = answer_sync(question, seed_view(), today=TODAY)
        periods = {figure.period for figure in reply.figures}
        if not reply.answered or periods != {"2023", "2024"}:
            dropped.append(f"{question!r} -> {reply.intent}: {sorted(periods)}")
    assert not dropped, "\n".join(dropped)


METRIC_NAMES = {
    "Hopper chips": "hopper-gpus",
    "MI300 chips": "mi300-gpus",
    "in-house chips": "inhouse-ai-chips",
    "server spending": "server-spending",
    "servers": "server-spending",
}
TWO_METRIC_FRAMES = (
    "{e} {a} vs {b}",
    "did {e} buy more {a} or {b}?",
    "{e}: {a} and {b}",
    "{a} and {b} of {e} in 2024",
    "compare {e}'s {a} and {b}",
)


def test_an_answer_about_two_metrics_gives_both() -> None:
    dropped = []
    for frame, name, (a, b) in itertools.product(
        TWO_METRIC_FRAMES, ("Microsoft", "Meta", "Google"), itertools.permutations(METRIC_NAMES, 2)
    ):
        wanted = {METRIC_NAMES[a], METRIC_NAMES[b]}
        stored = {f.metric for f in seed_view().by_entity.get(name.lower(), ())}
        if len(wanted) < 2 or not wanted <= stored:
            continue  # the same metric twice, or one the entity has no figure for
        question = frame.format(e=name, a=a, b=b)
        reply = answer_sync(question, seed_view(), today=TODAY)
        if reply.answered and not wanted <= {figure.metric for figure in reply.figures}:
            dropped.append(f"{question!r} -> {reply.intent}: {reply.text[:100]!r}")
    assert not dropped, "\n".join(dropped)


FIRST_QUESTIONS = (
    "who bought the most Hopper chips in 2024?",
    "top 3 Hopper chips in 2024",
    "how many Hopper chips did Microsoft buy in 2024?",
    "who bought more than 100k Hopper chips in 2024?",
    "how many companies bought Hopper chips in 2024?",
    "total Hopper chips in 2024",
    "average Hopper chips in 2024",
    "median Hopper chips in 2024",
    "what share of Hopper chips did Microsoft buy in 2024?",
    "Microsoft vs Meta Hopper chips in 2024",
    "did Meta buy more than 200k Hopper chips in 2024?",
    "is Meta in the top 3 for Hopper chips in 2024?",
    "who grew the most in Hopper chips?",
    "how many companies bought more Hopper chips than Meta in 2024?",
    "qui a acheté le plus de puces Hopper en 2024 ?",
)
FOLLOW_UPS = (
    ("and in 2023?", "2023", None),
    ("et en 2023 ?", "2023", None),
    ("and Tencent?", None, "tencent"),
)


def test_a_follow_up_answers_what_it_adds() -> None:
    dropped = []
    for first, (follow_up, period, entity) in itertools.product(FIRST_QUESTIONS, FOLLOW_UPS):
        context = Conversation()
        answer_sync(first, seed_view(), today=TODAY, context=context)
        reply = answer_sync(follow_up, seed_view(), today=TODAY, context=context)
        figures = reply.figures
        kept = (
            any(f.period == period for f in figures)
            if period
            else any(f.entity == entity for f in figures)
        )
        if not reply.answered or not kept:
            dropped.append(f"{first!r} -> {follow_up!r}: {reply.intent}: {reply.text[:100]!r}")
    assert not dropped, "\n".join(dropped)
