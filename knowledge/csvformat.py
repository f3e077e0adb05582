"""Reading facts from CSV (the columns `export --format csv` writes), with file:line problems.

Well-formed rows take a fast path that builds each `Fact` directly: keys are checked once per
distinct text (and shared between facts), periods parsed once per distinct text, and a reference
is recorded at the first line that uses a key. A row the fast path cannot take (any mistake, or
an unusual spelling such as `1_000`) is read by the general checks, which word every problem.
"""

from __future__ import annotations

import csv
import io
import sys
from decimal import Decimal, InvalidOperation

from knowledge.format import FileReader, check_fact
from knowledge.model import SLUG, Fact, KnowledgeSet, Language, Period, fact_note
from knowledge.yamlload import LineDict

REQUIRED = ("entity", "metric", "period", "value", "source")
OPTIONAL = ("approximate", "quote", "note_en", "note_fr")
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0", ""}
_FLAGS = {text: True for text in _TRUE} | {text: False for text in _FALSE}


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


def _checked_row(row: dict[str, str], line: int, reader: FileReader) -> Fact | None:
    """Read one row with the general checks, recording every problem it has."""
    item = _row_item(row, line, reader)
    if item is None:
        return None
    absent = [c for c in REQUIRED if c not in item]
    if absent:
        reader.fail(line, f"row is missing {', '.join(absent)}")
        return None
    return check_fact(reader, item)


class _FastRows:
    """Builds facts from well-formed rows; None sends a row to the general checks."""

    def __init__(self, reader: FileReader, header: list[str]) -> None:
        columns = {name: index for index, name in enumerate(header)}
        self.reader, self.width = reader, len(header)
        self.entity, self.metric, self.period = (
            columns["entity"],
            columns["metric"],
            columns["period"],
        )
        self.value, self.source = columns["value"], columns["source"]
        self.approximate = columns.get("approximate")
        self.quote = columns.get("quote")
        self.note_en, self.note_fr = columns.get("note_en"), columns.get("note_fr")
        # raw text -> checked key (or period code), per kind; shared between facts
        self.keys: dict[str, dict[str, str]] = {"entities": {}, "metrics": {}, "sources": {}}
        self.periods: dict[str, str] = {}

    def _key(self, kind: str, raw: str, new: list[tuple[str, str, str]]) -> str | None:
        known = self.keys[kind].get(raw)
        if known is not None:
            return known
        key = raw.strip()
        if not SLUG.match(key):
            return None
        key = sys.intern(key)
        new.append((kind, raw, key))
        return key

    def _period(self, raw: str) -> str | None:
        code = self.periods.get(raw)
        if code is None:
            try:
                code = self.periods[raw] = sys.intern(Period.parse(raw).code)
            except ValueError:
                return None
        return code

    def _flag(self, row: list[str]) -> bool | None:
        if self.approximate is None:
            return False
        raw = row[self.approximate]
        flag = _FLAGS.get(raw)
        return _FLAGS.get(raw.strip().lower()) if flag is None else flag

    def _text(self, row: list[str], index: int | None) -> str | None:
        return (row[index].strip() or None) if index is not None else None

    def _note(self, row: list[str]) -> dict[Language, str]:
        return fact_note(self._text(row, self.note_en), self._text(row, self.note_fr))

    def fact(self, row: list[str], line: int) -> Fact | None:
        """The row's fact when every field is well formed, else None (nothing recorded)."""
        if len(row) != self.width:
            return None
        new: list[tuple[str, str, str]] = []
        entity = self._key("entities", row[self.entity], new)
        metric = self._key("metrics", row[self.metric], new)
        source = self._key("sources", row[self.source], new)
        period = self._period(row[self.period])
        raw = row[self.value]
        if entity is None or metric is None or source is None or period is None or "_" in raw:
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            return None
        flag = self._flag(row)
        if flag is None or not value.is_finite():
            return None
        for kind, raw_key, key in new:
            self.keys[kind][raw_key] = key
            self.reader.references.append((kind, key, line))
        return Fact(
            entity,
            metric,
            period,
            value,
            source,
            flag,
            self._text(row, self.quote),
            self._note(row),
        )


def read_csv_text(text: str, name: str) -> tuple[KnowledgeSet, FileReader]:
    """Read a CSV file of facts; problems are kept on the reader."""
    reader = FileReader(name)
    knowledge = KnowledgeSet()
    rows = csv.reader(io.StringIO(text))
    header = next(rows, [])
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if missing:
        reader.fail(1, f"CSV header is missing {', '.join(missing)}")
    if unknown:
        reader.fail(1, f"unknown CSV column(s) {', '.join(unknown)}")
    if missing or unknown:
        return knowledge, reader
    fast = _FastRows(reader, header)
    facts, lines = knowledge.facts, reader.lines
    for row in rows:
        if not row:
            continue  # a blank line, as csv.DictReader skips them
        line = rows.line_num
        fact = fast.fact(row, line)
        if fact is None:
            fact = _checked_row(dict(zip(header, row, strict=False)), line, reader)
        if fact is not None:
            facts.append(fact)
            lines.append(line)
    if not knowledge.facts and not reader.problems:
        reader.fail(1, "file is empty")
    return knowledge, reader
