"""Reading facts from CSV (the columns `export --format csv` writes), with file:line problems."""

from __future__ import annotations

import csv
import io

from knowledge.format import FileReader, check_fact
from knowledge.model import KnowledgeSet
from knowledge.yamlload import LineDict

REQUIRED = ("entity", "metric", "period", "value", "source")
OPTIONAL = ("approximate", "quote", "note_en", "note_fr")
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0", ""}


def _row_item(row: dict[str, str], line: int, reader: FileReader) -> LineDict | None:
    item = LineDict()
    item.line = line
    item.key_lines = {}
    for column in REQUIRED:
        if (row.get(column) or "").strip():
            item[column] = row[column].strip()
            item.key_lines[column] = line
    approximate = (row.get("approximate") or "").strip().lower()
    if approximate not in _TRUE | _FALSE:
        reader.fail(line, f"approximate must be true or false, not {approximate!r}")
        return None
    item["approximate"] = approximate in _TRUE
    if (row.get("quote") or "").strip():
        item["quote"] = row["quote"].strip()
    notes = {
        lang: row[f"note_{lang}"].strip()
        for lang in ("en", "fr")
        if (row.get(f"note_{lang}") or "").strip()
    }
    if notes:
        note = LineDict(notes)
        note.line, note.key_lines = line, {}
        item["note"] = note
    return item


def read_csv_text(text: str, name: str) -> tuple[KnowledgeSet, FileReader]:
    """Read a CSV file of facts; problems are kept on the reader."""
    reader = FileReader(name)
    knowledge = KnowledgeSet()
    rows = csv.DictReader(io.StringIO(text))
    header = rows.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if missing:
        reader.fail(1, f"CSV header is missing {', '.join(missing)}")
    if unknown:
        reader.fail(1, f"unknown CSV column(s) {', '.join(unknown)}")
    if missing or unknown:
        return knowledge, reader
    for row in rows:
        line = rows.line_num
        item = _row_item(row, line, reader)
        if item is None:
            continue
        absent = [c for c in REQUIRED if c not in item]
        if absent:
            reader.fail(line, f"row is missing {', '.join(absent)}")
            continue
        fact = check_fact(reader, item)
        if fact is not None:
            knowledge.facts.append(fact)
            reader.fact_lines[fact.identity] = line
    if not knowledge.facts and not reader.problems:
        reader.fail(1, "file is empty")
    return knowledge, reader
