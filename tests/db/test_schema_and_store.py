"""The database on SQLite and PostgreSQL: migrations, loading, history, export round trip."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect

from db.models import Base
from db.session import create_engine, upgrade
from knowledge.errors import KnowledgeFileError, NotFoundError
from knowledge.export import to_csv, to_yaml
from knowledge.model import Fact, KnowledgeSet
from knowledge.store import KnowledgeBase, seed_files

COFFEE = Path(__file__).resolve().parent.parent / "fixtures" / "coffee.yaml"


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_migrations_build_the_same_schema_as_the_models(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        await upgrade(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(_differences) == []
            tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
        assert {"facts", "fact_history", "entities", "metrics", "question_log"} <= tables
    finally:
        await engine.dispose()


def _snapshot(knowledge: KnowledgeSet) -> dict[str, object]:
    """Knowledge in a comparable form (order and versions aside)."""
    facts = sorted(
        (dataclasses.replace(f, version=1) for f in knowledge.facts), key=lambda f: f.identity
    )
    return {
        "sources": sorted(knowledge.sources, key=lambda s: s.key),
        "groups": sorted(knowledge.groups, key=lambda g: g.key),
        "entities": sorted(knowledge.entities, key=lambda e: e.key),
        "metrics": sorted(knowledge.metrics, key=lambda m: m.key),
        "facts": facts,
    }


async def test_seeded_database_holds_the_shipped_figures(seeded_kb: KnowledgeBase) -> None:
    view = seeded_kb.view
    assert len(view.facts) == 29
    ranking = [(f.entity, f.value) for f in view.ranking("hopper-gpus", "2024")]
    assert ranking[0] == ("microsoft", Decimal("485000"))
    assert ranking[-1] == ("google", Decimal("169000"))
    assert view.aggregate("server-spending", "2024") is not None
    assert all(f.entity != "server-market" for f in view.ranking("server-spending", "2024"))
    assert view.latest_period("hopper-gpus") == "2024"


async def test_loading_twice_changes_nothing(seeded_kb: KnowledgeBase) -> None:
    version = await seeded_kb.stored_version()
    report = await seeded_kb.load_files(seed_files(), actor="test")
    assert not report.changed
    assert report.unchanged["facts"] == 29
    assert await seeded_kb.stored_version() == version


async def test_a_changed_value_updates_the_fact_and_adds_history(
    seeded_kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = tmp_path / "update.yaml"
    path.write_text(
        "facts:\n  - {entity: meta, metric: hopper-gpus, period: '2024', value: 225000.5,"
        " approximate: true, source: seed-article}\n",
        encoding="utf-8",
    )
    report = await seeded_kb.load_files([path], actor="file update.yaml")
    assert report.updated["facts"] == 1
    assert seeded_kb.view.fact("meta", "hopper-gpus", "2024").value == Decimal("225000.5")  # type: ignore[union-attr]
    history = await seeded_kb.history("meta", "hopper-gpus")
    assert (history[0].action, history[0].old_value, history[0].new_value) == (
        "updated",
        Decimal("224000"),
        Decimal("225000.5"),
    )
    assert history[0].changed_by == "file update.yaml"


async def test_a_bad_file_writes_nothing(seeded_kb: KnowledgeBase, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(
        "facts:\n  - {entity: meta, metric: hopper-gpus, period: '2025', value: 1,"
        " source: seed-article}\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "facts:\n  - {entity: nobody, metric: hopper-gpus, period: '2025', value: 1,"
        " source: seed-article}\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeFileError):
        await seeded_kb.load_files([good, bad], actor="test")
    assert await seeded_kb.counts() == {
        "sources": 3,
        "groups": 2,
        "entities": 13,
        "metrics": 4,
        "facts": 29,
    }


@pytest.mark.parametrize("kind", ["yaml", "csv"])
async def test_export_then_load_into_an_empty_database_gives_the_same_knowledge(
    seeded_kb: KnowledgeBase, tmp_path: Path, kind: str
) -> None:
    original = await seeded_kb.export()
    if kind == "yaml":
        files = [tmp_path / "export.yaml"]
        files[0].write_text(to_yaml(original), encoding="utf-8")
    else:
        # CSV carries facts only: the definitions come from a YAML export without facts.
        definitions = dataclasses.replace(original, facts=[])
        files = [tmp_path / "definitions.yaml", tmp_path / "facts.csv"]
        files[0].write_text(to_yaml(definitions), encoding="utf-8")
        files[1].write_text(to_csv(original), encoding="utf-8")
    other = await KnowledgeBase.open(f"sqlite+aiosqlite:///{tmp_path / 'copy.db'}", seed=False)
    try:
        await other.load_files(files, actor="round trip")
        assert _snapshot(await other.export()) == _snapshot(original)
    finally:
        await other.close()


async def test_names_with_their_article_are_stored_and_exported(
    empty_kb: KnowledgeBase, tmp_path: Path
) -> None:
    await empty_kb.load_files([COFFEE], actor="test")
    assert empty_kb.view.entities["brazil"].in_sentence("fr") == "le Brésil"
    exported = await empty_kb.export()
    assert "le Brésil" in to_yaml(exported)
    copy = tmp_path / "export.yaml"
    copy.write_text(to_yaml(exported), encoding="utf-8")
    other = await KnowledgeBase.open(f"sqlite+aiosqlite:///{tmp_path / 'copy.db'}", seed=False)
    try:
        await other.load_files([copy], actor="round trip")
        assert _snapshot(await other.export()) == _snapshot(exported)
        assert other.view.entities["ethiopia"].with_article == {"fr": "l'Éthiopie"}
        share = other.view.metrics["coffee-market-share"]
        assert share.label_with_article == {"fr": "la part des exportations mondiales de café"}
    finally:
        await other.close()


async def test_a_named_database_is_not_seeded(empty_kb: KnowledgeBase) -> None:
    assert await empty_kb.counts() == {
        "sources": 0,
        "groups": 0,
        "entities": 0,
        "metrics": 0,
        "facts": 0,
    }
    assert empty_kb.view.facts == ()


async def test_stale_edit_is_refused_and_recorded(seeded_kb: KnowledgeBase) -> None:
    fact = seeded_kb.view.fact("amazon", "hopper-gpus", "2024")
    assert fact is not None and fact.version == 1
    first = await seeded_kb.set_fact(dataclasses.replace(fact, value=Decimal(200000)), "alice", 1)
    second = await seeded_kb.set_fact(dataclasses.replace(fact, value=Decimal(210000)), "bob", 1)
    assert (first.action, second.action) == ("updated", "refused")
    assert second.old_value == Decimal(200000) and second.changed_by == "alice"
    assert seeded_kb.view.fact("amazon", "hopper-gpus", "2024").value == Decimal(200000)  # type: ignore[union-attr]
    actions = [h.action for h in await seeded_kb.history("amazon", "hopper-gpus")]
    assert actions[:2] == ["refused", "updated"]


async def test_remove_and_unknown_keys(seeded_kb: KnowledgeBase) -> None:
    fact = seeded_kb.view.fact("tesla", "hopper-gpus", "2023")
    assert fact is not None
    removed = await seeded_kb.remove_fact(fact, "carol")
    assert (
        removed.action == "removed" and seeded_kb.view.fact("tesla", "hopper-gpus", "2023") is None
    )
    with pytest.raises(NotFoundError):
        await seeded_kb.set_fact(
            Fact("nobody", "hopper-gpus", "2024", Decimal(1), "seed-article"), "x"
        )
