"""Writing knowledge back out: the YAML knowledge file format, or CSV for the facts."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import yaml

from knowledge.model import Fact, KnowledgeSet

CSV_COLUMNS = (
    "entity",
    "metric",
    "period",
    "value",
    "source",
    "approximate",
    "quote",
    "note_en",
    "note_fr",
)


class _Dumper(yaml.SafeDumper):
    """A safe dumper that writes decimals exactly, as YAML numbers."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float"
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(Decimal, _represent_decimal)


def _without_empty(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if v not in (None, {}, (), [], False) or k == "value"}


def _fact_item(fact: Fact) -> dict[str, Any]:
    return _without_empty(
        {
            "entity": fact.entity,
            "metric": fact.metric,
            "period": fact.period,
            "value": fact.value,
            "approximate": fact.approximate,
            "source": fact.source,
            "quote": fact.quote,
            "note": dict(fact.note),
        }
    )


def to_document(knowledge: KnowledgeSet) -> dict[str, Any]:
    """The knowledge as the plain data of a knowledge file."""
    return {
        "sources": [
            _without_empty(
                {
                    "key": s.key,
                    "title": s.title,
                    "publisher": {"en": s.publisher, **s.publisher_names}
                    if s.publisher_names
                    else s.publisher,
                    "published": s.published,
                    "url": s.url,
                }
            )
            for s in knowledge.sources
        ],
        "groups": [
            {"key": g.key, "names": {lang: list(names) for lang, names in g.names.items()}}
            for g in knowledge.groups
        ],
        "entities": [
            _without_empty(
                {
                    "key": e.key,
                    "name": e.name,
                    "names": dict(e.names),
                    "aliases": list(e.aliases),
                    "groups": list(e.groups),
                    "aggregate": e.aggregate,
                    "with_article": dict(e.with_article),
                }
            )
            for e in knowledge.entities
        ],
        "metrics": [
            _without_empty(
                {
                    "key": m.key,
                    "unit": m.unit,
                    "names": {lang: list(v) for lang, v in m.names.items()},
                    "verbs": {lang: list(v) for lang, v in m.verbs.items()},
                    "narrower": {lang: list(v) for lang, v in m.narrower.items()},
                    "statement": dict(m.statement),
                    "label": dict(m.label),
                    "label_with_article": dict(m.label_with_article),
                }
            )
            for m in knowledge.metrics
        ],
        "facts": [_fact_item(f) for f in sorted(knowledge.facts, key=lambda f: f.identity)],
    }


def to_yaml(knowledge: KnowledgeSet) -> str:
    """The knowledge as one knowledge file (format version 1)."""
    header = "# Tally knowledge file (format version 1), exported.\n"
    body = yaml.dump(
        to_document(knowledge), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100
    )
    return header + body


def to_csv(knowledge: KnowledgeSet) -> str:
    """The facts as CSV, one row a fact, with the columns `load` reads back."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for fact in sorted(knowledge.facts, key=lambda f: f.identity):
        writer.writerow(
            [
                fact.entity,
                fact.metric,
                fact.period,
                format(fact.value, "f"),
                fact.source,
                "true" if fact.approximate else "false",
                fact.quote or "",
                fact.note.get("en", ""),
                fact.note.get("fr", ""),
            ]
        )
    return out.getvalue()
