"""A fuzzy match alone never answers: ambiguous typos, acronyms, metric words and lone corrections."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache

import pytest

from knowledge.answer import Answer
from knowledge.engine import answer_sync
from knowledge.lexicon import lexicon_for
from knowledge.model import Entity, Fact, Group, KnowledgeSet, Metric, Source
from knowledge.population import MAX_HELD, Population, population, tie_group
from knowledge.view import KnowledgeView

TODAY = date(2025, 6, 1)
COMPANIES = {
    "parix": ("Parix", ("PARI",)),
    "vrorara-capital": ("Vrorara Capital", ("Vrorara",)),
    "vroropa-logistics": ("Vroropa Logistics", ("Vroropa",)),
    "salene-media": ("Salene Media", ("Salene", "SALE")),
    "cragroopa-logistics": ("Cragroopa Logistics", ("Cragroopa",)),
    "cronzoueus-industries": ("Cronzoueus Industries", ("Cronzoueus",)),
}


@cache
def view() -> KnowledgeView:
    source = Source("survey", "Industry survey", "Institute", date(2025, 3, 1))
    metric = Metric(
        "revenue",
        "USD",
        {"en": ("revenue", "sales"), "fr": ("chiffre d'affaires", "ventes")},
        {"en": ("earn", "earned"), "fr": ("gagné",)},
        {
            "en": "{entity} had revenue of {value} in {period}",
            "fr": "{entity} a réalisé {value} en {period}",
        },
        {"en": "Revenue", "fr": "Chiffre d'affaires"},
    )
    staff = Metric(
        "employees",
        "people",
        {"en": ("employees", "staff"), "fr": ("employés", "salariés")},
        {"en": ("employ", "employed"), "fr": ("employé",)},
        {
            "en": "{entity} employed {value} people in {period}",
            "fr": "{entity} employait {value} personnes en {period}",
        },
        {"en": "Employees", "fr": "Employés"},
    )
    europe = Group("europe", {"en": ("European companies",), "fr": ("entreprises européennes",)})
    entities = [
        Entity(key, name, {}, aliases, ("europe",)) for key, (name, aliases) in COMPANIES.items()
    ]
    facts = [
        Fact(key, m, "2024", Decimal(1000 + 10 * n + i), "survey")
        for n, key in enumerate(COMPANIES)
        for i, m in enumerate(("revenue", "employees"))
    ]
    knowledge = KnowledgeSet([source], [europe], entities, [metric, staff], facts)
    return KnowledgeView.build(knowledge, version=1)


def ask(text: str) -> Answer:
    return answer_sync(text, view(), today=TODAY)


@pytest.mark.parametrize(
    "question",
    [
        "what's the weather like in Paris?",
        "quel temps fait-il à Paris ?",
        "Parox",
        "parle-moi de Parox",
    ],
)
def test_a_word_near_a_name_alone_is_offered_not_answered(question: str) -> None:
    reply = ask(question)
    assert not reply.answered
    assert "Parix" in reply.suggestions
    assert not reply.figures


@pytest.mark.parametrize(
    "question",
    ["how many staff did Vrorapa have in 2024?", "combien d'employés pour Vrorapa en 2024 ?"],
)
def test_a_typo_as_close_to_two_names_is_asked_back(question: str) -> None:
    reply = ask(question)
    assert not reply.answered
    assert {"Vrorara Capital", "Vroropa Logistics"} <= set(reply.suggestions)


@pytest.mark.parametrize(
    "question",
    ["how many sales did Salene Media have in 2024?", "how many sales did Cronzoieus have"],
)
def test_a_metric_word_is_not_a_company(question: str) -> None:
    reply = ask(question)
    assert reply.answered
    assert {f.entity for f in reply.figures} <= {"salene-media", "cronzoueus-industries"}
    assert len(reply.figures) == 1
    assert reply.intent == "figure"


def test_an_acronym_still_names_its_company_when_written_as_one() -> None:
    reply = ask("how much revenue did PARI have in 2024?")
    assert reply.answered and reply.figures[0].entity == "parix"


@pytest.mark.parametrize(
    ("question", "typo"),
    [
        ("how many staff did Crdgroopa Logistics have in 2024?", "crdgroopa"),
        ("how many staff did Cragroopa Logistcs have in 2024?", "logistcs"),
        ("combien de salariés pour Cragroopa Logistcs en 2024 ?", "logistcs"),
        ("how many staff did Crdgroopa have in 2024?", "crdgroopa"),
    ],
)
def test_a_typo_inside_a_multi_word_name_is_read(question: str, typo: str) -> None:
    reply = ask(question)
    assert reply.answered, reply.text
    assert [f.entity for f in reply.figures] == ["cragroopa-logistics"]
    assert typo in reply.text


def test_a_unique_correction_with_a_metric_is_answered() -> None:
    reply = ask("how many staff did Cronzoeus Industries have in 2024?")
    assert reply.answered and reply.figures[0].entity == "cronzoueus-industries"


def test_ambiguous_corrections_are_never_settled_by_the_lexicon() -> None:
    lexicon = lexicon_for(view())
    assert lexicon.correct("vrorapa") == []
    assert {"vrorara", "vroropa"} <= set(lexicon.correct("vrorapa", loose=True))
    assert lexicon.correct("cragroopo") == ["cragroopa"]


def test_population_selects_ties_and_ranges_by_value() -> None:
    facts = tuple(
        Fact(f"e{i}", "m", "2024", Decimal(v), "s") for i, v in enumerate([9, 7, 7, 7, 3, 1])
    )
    pop = Population(facts)
    assert tie_group(facts, 2) == (1, 4)
    assert [f.value for f in pop.select("gt", Decimal(7))] == [9]
    assert [f.value for f in pop.select("ge", Decimal(7))] == [9, 7, 7, 7]
    assert [f.value for f in pop.select("le", Decimal(3))] == [3, 1]
    assert [f.value for f in pop.select("between", Decimal(8), Decimal(2))] == [7, 7, 7, 3]
    assert pop.index_of(facts[3]) == 3 and pop.total == 34


def test_population_cache_is_bounded_by_facts_held(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("knowledge.population.MAX_HELD", 3)
    fresh = KnowledgeView.build(KnowledgeSet(*(list(x) for x in _parts(view()))), version=2)
    for key in COMPANIES:
        population(fresh, "revenue", "2024", excluded=(key,))  # 5 facts held each
    assert len(fresh.cache["populations"]) == 1
    assert MAX_HELD > 1000


def test_group_rankings_count_against_the_same_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every company is in Europe: each (metric, period)'s group ranking holds 6 facts."""
    monkeypatch.setattr("knowledge.population.MAX_HELD", 8)
    fresh = KnowledgeView.build(KnowledgeSet(*(list(x) for x in _parts(view()))), version=2)
    first = population(fresh, "revenue", "2024", groups=("europe",))
    assert len(first.facts) == len(COMPANIES) and fresh.cache["populations.held"] == 6
    second = population(fresh, "employees", "2024", groups=("europe",))
    assert len(second.facts) == len(COMPANIES)
    assert list(fresh.cache["populations.groups"]) == [("employees", "2024")]  # oldest evicted
    assert fresh.cache["populations.held"] == 6
    again = population(fresh, "revenue", "2024", groups=("europe",))
    assert again.facts == first.facts and again.total == first.total


def _parts(v: KnowledgeView) -> tuple[object, ...]:
    return (
        v.sources.values(),
        v.groups.values(),
        v.entities.values(),
        v.metrics.values(),
        v.facts,
    )
