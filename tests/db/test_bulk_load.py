"""Loading knowledge in bulk, on SQLite and PostgreSQL: definitions, children, facts, history."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from db import bulk
from knowledge.model import KnowledgeSet
from knowledge.store import KnowledgeBase

METRIC = """\
  - key: widgets
    unit: widgets
    names: {{en: [{names}], fr: [gadgets]}}
    statement:
      en: "{{entity}} made {{value}} widgets in {{period}}"
      fr: "{{entity}} a fait {{value}} gadgets en {{period}}"
    label: {{en: Widgets made, fr: Gadgets faits}}
"""

FIRST = """\
sources:
  - {key: src, title: A report, publisher: Someone, published: 2024-12-18}
groups:
  - key: eu
    names: {en: [Europe, European firms], fr: [Europe]}
  - key: us
    names: {en: [USA]}
entities:
  - {key: acme, name: Acme, aliases: [ACME Corp, Acme Inc], groups: [eu, us]}
  - {key: beta, name: Beta, names: {fr: Bêta}, aliases: [B], groups: [us]}
  - {key: gamma, name: Gamma, aliases: [G], groups: [eu]}
  - {key: market, name: Market, aggregate: true}
metrics:
""" + METRIC.format(names="widgets")

# acme: aliases and groups reordered; beta: renamed; gamma: aliases and groups removed;
# market unchanged; delta new; the source retitled, group us renamed, the metric's names changed.
SECOND = """\
sources:
  - {key: src, title: A revised report, publisher: Someone, published: 2024-12-18}
groups:
  - key: eu
    names: {en: [Europe, European firms], fr: [Europe]}
  - key: us
    names: {en: [USA, United States]}
entities:
  - {key: acme, name: Acme, aliases: [Acme Inc, ACME Corp], groups: [us, eu]}
  - {key: beta, name: Beta Co, names: {fr: Bêta}, aliases: [B], groups: [us]}
  - {key: gamma, name: Gamma}
  - {key: market, name: Market, aggregate: true}
  - {key: delta, name: Delta, aliases: [D, Dee], groups: [eu]}
metrics:
""" + METRIC.format(names="widgets, gizmos")


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of two rows, so that a handful of items crosses every batch boundary."""
    monkeypatch.setattr(bulk, "BATCH", 2)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def facts_csv(rows: list[str]) -> str:
    return "entity,metric,period,value,source,approximate,quote,note_en,note_fr\n" + "".join(
        row + "\n" for row in rows
    )


def by_key(knowledge: KnowledgeSet) -> dict[str, object]:
    return {
        **{f"source {s.key}": s for s in knowledge.sources},
        **{f"group {g.key}": g for g in knowledge.groups},
        **{f"entity {e.key}": e for e in knowledge.entities},
        **{f"metric {m.key}": m for m in knowledge.metrics},
    }


async def test_new_entities_are_stored_with_their_aliases_and_groups(
    empty_kb: KnowledgeBase, tmp_path: Path
) -> None:
    report = await empty_kb.load_files([write(tmp_path, "first.yaml", FIRST)], actor="test")
    assert dict(report.added) == {"sources": 1, "groups": 2, "entities": 4, "metrics": 1}
    stored = await empty_kb.export()
    acme = next(e for e in stored.entities if e.key == "acme")
    assert (acme.aliases, acme.groups) == (("ACME Corp", "Acme Inc"), ("eu", "us"))
    beta = next(e for e in stored.entities if e.key == "beta")
    assert (beta.names, beta.aliases, beta.groups) == ({"fr": "Bêta"}, ("B",), ("us",))
    assert next(e for e in stored.entities if e.key == "market").aggregate
    assert next(g for g in stored.groups if g.key == "eu").names["en"] == (
        "Europe",
        "European firms",
    )
    assert await empty_kb.stored_version() == 1


async def test_reloading_a_changed_file_updates_values_and_children(
    empty_kb: KnowledgeBase, tmp_path: Path
) -> None:
    await empty_kb.load_files([write(tmp_path, "first.yaml", FIRST)], actor="test")
    second = write(tmp_path, "second.yaml", SECOND)
    report = await empty_kb.load_files([second], actor="test")
    assert dict(report.added) == {"entities": 1}
    assert dict(report.updated) == {"sources": 1, "groups": 1, "entities": 3, "metrics": 1}
    assert dict(report.unchanged) == {"groups": 1, "entities": 1}
    expected = await empty_kb.validate_files([second])
    assert by_key(await empty_kb.export()) == by_key(expected)
    assert await empty_kb.stored_version() == 2
    again = await empty_kb.load_files([second], actor="test")
    assert not again.changed and sum(again.unchanged.values()) == 9
    assert await empty_kb.stored_version() == 2


async def test_facts_are_added_updated_and_recorded_in_history(
    empty_kb: KnowledgeBase, tmp_path: Path
) -> None:
    definitions = write(tmp_path, "first.yaml", FIRST)
    first = facts_csv(
        [
            "acme,widgets,2024,12.50,src,true,,,",
            "beta,widgets,2024,7,src,,about 7,a note,une note",
            "gamma,widgets,2024-Q1,1e3,src,,,,",
            "market,widgets,2024,100,src,,,,",
            "acme,widgets,2023,0.1000000000000000055511151231257827,src,,,,",
        ]
    )
    report = await empty_kb.load_files(
        [definitions, write(tmp_path, "a.csv", first)], actor="file a.csv"
    )
    assert report.added["facts"] == 5
    second = facts_csv(
        [
            "acme,widgets,2024,12.5,src,true,,,",  # the same number, written differently
            "beta,widgets,2024,7,src,,about 7,a note,",  # a note removed
            "gamma,widgets,2024-Q1,1001,src,,,,",
            "delta,widgets,2024,5,src,,,,",
        ]
    )
    delta = write(tmp_path, "delta.yaml", "entities:\n  - {key: delta, name: Delta}\n")
    report = await empty_kb.load_files([delta, write(tmp_path, "b.csv", second)], actor="b.csv")
    assert (report.added["facts"], report.updated["facts"], report.unchanged["facts"]) == (1, 2, 1)
    view = empty_kb.view
    exact = view.fact("acme", "widgets", "2023")
    assert exact is not None and exact.value == Decimal("0.1000000000000000055511151231257827")
    beta = view.fact("beta", "widgets", "2024")
    assert beta is not None and (beta.note, beta.quote, beta.version) == (
        {"en": "a note"},
        "about 7",
        2,
    )
    gamma = view.fact("gamma", "widgets", "2024-Q1")
    assert gamma is not None and (gamma.value, gamma.version) == (Decimal(1001), 2)
    history = await empty_kb.history("gamma", "widgets")
    assert [(h.action, h.old_value, h.new_value, h.version, h.changed_by) for h in history] == [
        ("updated", Decimal(1000), Decimal(1001), 2, "b.csv"),
        ("added", None, Decimal(1000), 1, "file a.csv"),
    ]
    added = await empty_kb.history("delta")
    assert [(h.action, h.new_value, h.version) for h in added] == [("added", Decimal(5), 1)]
    assert (await empty_kb.counts())["facts"] == 6
