"""The benchmark runs at a small size and its synthetic knowledge is valid; no timing assertions."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest

from bench.run import run, table
from bench.stages import STAGES, _main
from bench.synthetic import AGGREGATE_KEY, FACTS_PER_FILE, generate, write_files
from bench.workload import KINDS, build_workload, misspell
from knowledge import format as knowledge_format
from knowledge.view import KnowledgeView


def test_synthetic_knowledge_is_deterministic_and_valid(tmp_path: Path) -> None:
    first = write_files(tmp_path / "a", 500, seed=3)
    second = write_files(tmp_path / "b", 500, seed=3)
    assert [p.read_text() for p in first] == [p.read_text() for p in second]
    knowledge = knowledge_format.load_files(first)
    assert len(knowledge.facts) == 500
    assert len(knowledge.metrics) == 5
    assert {f.period for f in knowledge.facts} >= {"2023", "2024", "2024-Q3", "2024-Q4"}
    entities = {e.key: e for e in knowledge.entities}
    assert entities[AGGREGATE_KEY].aggregate
    assert all(m.names.get("en") and m.names.get("fr") for m in knowledge.metrics)
    names = [e.name for e in knowledge.entities]
    assert len(names) == len(set(names))


def test_large_sizes_are_split_under_the_file_size_limit() -> None:
    synthetic = generate(3 * FACTS_PER_FILE)
    assert synthetic.entity_count > 15_000
    assert sum(1 for _ in synthetic.iter_facts()) == 3 * FACTS_PER_FILE


def test_workload_covers_every_kind(tmp_path: Path) -> None:
    view = KnowledgeView.build(knowledge_format.load_files(write_files(tmp_path, 200)))
    questions = build_workload(view, 90)
    assert len(questions) == 90
    assert {q.kind for q in questions} == set(KINDS)
    assert {q.language for q in questions} == {"en", "fr"}
    assert all(q.floor is not None for q in questions if q.kind == "superlative")
    assert misspell("Zanovia", random.Random(1)) != "Zanovia"


@pytest.mark.timeout(600)
def test_benchmark_runs_at_a_small_size(tmp_path: Path) -> None:
    results = run([200], questions=50, passes=1, workdir=tmp_path, echo=False)
    assert [r.label for r in results] == ["seed", "200"]
    for result in results:
        assert "error" not in result.serve, result.serve
        assert result.serve["peak_mb"] > 0
    small = results[1]
    assert small.load["facts_added"] == 200
    assert small.serve["facts"] == 200
    if "p50_ms" in small.serve:  # the answer engine is there
        assert small.serve["questions"] == 50
        assert set(small.serve["kinds"]) == set(KINDS)
        assert set(small.serve["floor"]) == {"superlative", "figure_misspelt", "ranking"}
    assert "| 200 |" in table(results)


def test_stage_timings_run_on_a_question(capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(_main(["who bought the most Hopper chips?"], calls=3))
    printed = capsys.readouterr().out
    assert all(f"{stage} µs" in printed for stage in STAGES)
    assert "| who bought the most Hopper chips? |" in printed


def test_replay_answers_the_workload_in_conversations() -> None:
    from bench.replay import ANSWERS_PER_PASS, replay

    assert replay(passes=1, users=5, questions=50) == 2 * ANSWERS_PER_PASS
