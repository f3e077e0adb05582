"""The table-driven test: English and French questions over the shipped figures.

The rows are in questions_en.yaml and questions_fr.yaml; question_table.py loads and checks them
(and bench/answer_table.py times them). Each case is one question, or one conversation whose
questions share a context.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from knowledge.answer import Answer, FigureRef, SourceRef
from knowledge.store import KnowledgeBase
from tests.knowledge.question_table import (
    Case,
    Step,
    check,
    count_questions,
    describe,
    engine,
    fact_index,
    invariant_problems,
    load_cases,
    run_case,
)

MODULE_LOOP = pytest.mark.asyncio(loop_scope="module")
CASES = load_cases()
REQUIRED_KINDS = {
    "superlative", "tie", "top-n", "ranking", "rank", "figure", "overview", "comparison", "group",
    "threshold", "exclusion", "reverse", "total", "average", "count", "share", "change", "sources",
    "list", "help", "period", "typo", "alias", "elision", "robustness", "ambiguity",
    "unknown-qualifier", "unknown-entity", "conversation",
}  # fmt: skip


def test_table_is_large_enough_and_covers_every_kind() -> None:
    counts = count_questions(CASES)
    assert counts["en"] >= 95, counts
    assert counts["fr"] >= 65, counts
    assert counts["en"] + counts["fr"] >= 160, counts
    for language in ("en", "fr"):
        kinds = {kind for case in CASES if case.language == language for kind in case.kinds}
        missing = REQUIRED_KINDS - kinds - ({"elision"} if language == "en" else set())
        assert not missing, f"{language} lacks {sorted(missing)}"
    assert any(case.conversation for case in CASES if case.language == "fr")


@MODULE_LOOP
async def test_table_values_are_the_stored_ones(table_kb: KnowledgeBase) -> None:
    """Guard the table itself: every expected (entity, value) of a figure row is stored."""
    stored = {(f.entity, f.value) for f in table_kb.view.facts}
    for case in CASES:
        for step in case.steps:
            entity, value = step.expect.get("entity"), step.expect.get("value")
            if isinstance(entity, str) and value is not None:
                assert (entity, Decimal(str(value))) in stored, step.id


@MODULE_LOOP
async def test_the_checks_catch_wrong_answers(table_kb: KnowledgeBase) -> None:
    """The table's checks are not vacuous: a wrong figure, text or source is reported."""
    view = table_kb.view
    source = view.sources["seed-article"]
    cited = SourceRef(source.key, source.title, source.publisher, source.published)
    right = FigureRef(
        "microsoft", "Microsoft", "hopper-gpus", "Nvidia Hopper chips bought", "2024",
        Decimal(485000), "chips", True, "seed-article",
    )  # fmt: skip
    text = f"Microsoft bought about **485,000** Nvidia Hopper chips in 2024. Source: {source.publisher}."
    good = Answer("q", "en", True, "superlative", text, figures=[right], sources=[cited])
    step = Step(
        "self",
        "en",
        "q",
        "superlative",
        {"entity": "microsoft", "value": 485000, "text": ["485 000"]},
    )
    assert invariant_problems(good, view) == []
    assert check(step, good, view) == []
    wrong_value = dataclasses.replace(right, value=Decimal(48500))
    assert invariant_problems(
        Answer("q", "en", True, "figure", text, figures=[wrong_value], sources=[cited]), view
    )
    assert invariant_problems(
        Answer("q", "en", True, "figure", "x" * 2001, figures=[right], sources=[cited]), view
    )
    assert invariant_problems(Answer("q", "en", True, "figure", "485,000", figures=[right]), view)
    assert invariant_problems(Answer("q", "en", False, "unknown", "no", figures=[right]), view)
    assert check(step, Answer("q", "fr", True, "superlative", "Meta 224 000", figures=[]), view)


@MODULE_LOOP
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
async def test_question(case: Case, table_kb: KnowledgeBase) -> None:
    answer, conversation = engine()
    outcomes = await run_case(case, table_kb, answer, conversation, fact_index(table_kb.view))
    failures = [describe(outcome) for outcome in outcomes if not outcome.passed]
    assert not failures, "\n".join(failures)
