"""The knowledge file format (version 1): reading and validating files into a KnowledgeSet."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from knowledge.articles import article_problems
from knowledge.errors import KnowledgeFileError, Problem
from knowledge.merging import FactIndex, check_definitions, collector_paused
from knowledge.model import (
    LANGUAGES,
    SLUG,
    Entity,
    Fact,
    Group,
    KnowledgeSet,
    Language,
    Metric,
    Period,
    Source,
)
from knowledge.yamlload import LineDict, LineList, load_yaml

MAX_FILE_BYTES = 10 * 1024 * 1024
SECTIONS = ("sources", "groups", "entities", "metrics", "facts")
PLACEHOLDERS = ("{entity}", "{value}", "{period}")
_SAID = "with_article"  # an entity's name as a sentence says it
_LABEL_SAID = "label_with_article"  # a metric's label as a sentence says it

_FIELDS: dict[str, tuple[set[str], set[str]]] = {
    # section: (required fields, optional fields)
    "sources": ({"key", "title", "publisher", "published"}, {"url"}),
    "groups": ({"key", "names"}, set()),
    "entities": ({"key", "name"}, {"names", "aliases", "groups", "aggregate", _SAID}),
    "metrics": (
        {"key", "unit", "names", "statement", "label"},
        {"verbs", "narrower", "label_with_article"},
    ),
    "facts": (
        {"entity", "metric", "period", "value", "source"},
        {"approximate", "quote", "note"},
    ),
}


@dataclass(slots=True)
class KnownKeys:
    """Keys that exist already (in the database), so that files may refer to them."""

    sources: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)
    entities: set[str] = field(default_factory=set)
    metrics: set[str] = field(default_factory=set)


@dataclass(slots=True)
class FileReader:
    """Collects problems and locations while one file is read."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    # (kind, key) -> where it was defined; facts' references to check once all files are read
    defined: dict[tuple[str, str], Problem] = field(default_factory=dict)
    references: list[tuple[str, str, int]] = field(default_factory=list)
    lines: array[int] = field(default_factory=lambda: array("L"))  # of each fact read, in order

    def fail(self, line: int, message: str) -> None:
        """Record one problem at a line of this file."""
        self.problems.append(Problem(self.file, line, message))


def _line(item: Any, key: str | None = None, default: int = 1) -> int:
    if isinstance(item, LineDict):
        return item.key_lines.get(key, item.line) if key else item.line
    return default


def _text(reader: FileReader, item: LineDict, key: str) -> str | None:
    value = item.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    reader.fail(_line(item, key), f"{key} must be non-empty text, not {value!r}")
    return None


def _slug(reader: FileReader, item: LineDict, key: str) -> str | None:
    value = item.get(key)
    if isinstance(value, str) and SLUG.match(value):
        return value
    reader.fail(_line(item, key), f"{key} {value!r} is not a slug (lower-case letters, digits, -)")
    return None


def _text_list(reader: FileReader, value: Any, line: int, what: str) -> tuple[str, ...] | None:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values:
        reader.fail(line, f"{what} must be a non-empty list of text")
        return None
    if not all(isinstance(v, str) and v.strip() for v in values):
        reader.fail(line, f"{what} must contain only non-empty text")
        return None
    return tuple(v.strip() for v in values)


def _per_language(
    reader: FileReader,
    item: LineDict,
    key: str,
    *,
    lists: bool,
    required: tuple[Language, ...] = (),
) -> dict[Language, Any] | None:
    value = item.get(key)
    line = _line(item, key)
    if not isinstance(value, dict):
        reader.fail(line, f"{key} must map languages (en, fr) to text")
        return None
    result: dict[Language, Any] = {}
    for language, text in value.items():
        where = _line(value, language, line)
        if language not in LANGUAGES:
            reader.fail(where, f"{key}: unknown language {language!r} (use en or fr)")
            continue
        if lists:
            names = _text_list(reader, text, where, f"{key}.{language}")
            if names is not None:
                result[language] = names
        elif isinstance(text, str) and text.strip():
            result[language] = text.strip()
        else:
            reader.fail(where, f"{key}.{language} must be non-empty text")
    for language in required:
        if language not in value:
            reader.fail(line, f"{key} needs an {language!r} entry")
    return result


def _read_source(reader: FileReader, item: LineDict) -> Source | None:
    key, title = _slug(reader, item, "key"), _text(reader, item, "title")
    names: dict[Language, str] = {}  # the publisher's text per language: {en: "…", fr: "…"}
    if isinstance(item.get("publisher"), dict):
        names = _per_language(reader, item, "publisher", lists=False, required=("en",)) or {}
    publisher = names.pop("en", None) if names else _text(reader, item, "publisher")
    published = item.get("published")
    if isinstance(published, str):
        try:
            published = date.fromisoformat(published)
        except ValueError:
            published = None
    if not isinstance(published, date):
        reader.fail(_line(item, "published"), "published must be an ISO date (YYYY-MM-DD)")
        return None
    url = item.get("url")
    if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        reader.fail(_line(item, "url"), f"url {url!r} must start with http:// or https://")
        return None
    if key is None or title is None or publisher is None:
        return None
    return Source(key, title, publisher, published, url, names)


def _read_group(reader: FileReader, item: LineDict) -> Group | None:
    key = _slug(reader, item, "key")
    names = _per_language(reader, item, "names", lists=True)
    if key is None or names is None:
        return None
    return Group(key, names)


def _read_entity(reader: FileReader, item: LineDict) -> Entity | None:
    key, name = _slug(reader, item, "key"), _text(reader, item, "name")
    names = _per_language(reader, item, "names", lists=False) if "names" in item else {}
    aliases: tuple[str, ...] | None = ()
    if "aliases" in item:
        aliases = _text_list(reader, item["aliases"], _line(item, "aliases"), "aliases")
    groups: tuple[str, ...] | None = ()
    if "groups" in item:
        groups = _text_list(reader, item["groups"], _line(item, "groups"), "groups")
        for group in groups or ():
            reader.references.append(("groups", group, _line(item, "groups")))
    aggregate = item.get("aggregate", False)
    if not isinstance(aggregate, bool):
        reader.fail(_line(item, "aggregate"), "aggregate must be true or false")
        return None
    said = _per_language(reader, item, _SAID, lists=False) if _SAID in item else {}
    written = {lang: (names or {}).get(lang, name or "") for lang in LANGUAGES}
    for _, problem in article_problems(_SAID, written, said or {}):
        reader.fail(_line(item, _SAID), problem)
    if key is None or name is None or names is None or aliases is None or groups is None:
        return None
    return Entity(key, name, names, aliases, groups, aggregate, said or {})


def _read_metric(reader: FileReader, item: LineDict) -> Metric | None:
    key, unit = _slug(reader, item, "key"), _text(reader, item, "unit")
    names = _per_language(reader, item, "names", lists=True, required=LANGUAGES)
    verbs = _per_language(reader, item, "verbs", lists=True) if "verbs" in item else {}
    narrower = _per_language(reader, item, "narrower", lists=True) if "narrower" in item else {}
    statement = _per_language(reader, item, "statement", lists=False, required=LANGUAGES)
    label = _per_language(reader, item, "label", lists=False, required=LANGUAGES)
    said = _per_language(reader, item, _LABEL_SAID, lists=False) if _LABEL_SAID in item else {}
    for _, problem in article_problems(_LABEL_SAID, label or {}, said or {}):
        reader.fail(_line(item, _LABEL_SAID), problem)
    for language, text in (statement or {}).items():
        missing = [p for p in PLACEHOLDERS if p not in text]
        if missing:
            line = _line(item.get("statement"), language, _line(item, "statement"))
            reader.fail(line, f"statement.{language} is missing {', '.join(missing)}")
            statement = None
    if None in (key, unit, names, verbs, narrower, statement, label):
        return None
    assert key and unit and names is not None and verbs is not None and narrower is not None
    assert statement is not None and label is not None
    return Metric(key, unit, names, verbs, statement, label, narrower, said or {})


def _read_value(reader: FileReader, item: LineDict) -> Decimal | None:
    raw = item.get("value")
    if isinstance(raw, bool) or not isinstance(raw, (int, Decimal, str)):
        reader.fail(_line(item, "value"), f"value {raw!r} is not a number")
        return None
    try:
        value = Decimal(str(raw).replace("_", "").strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        reader.fail(_line(item, "value"), f"value {raw!r} is not a number")
        return None
    return value


def check_fact(reader: FileReader, item: LineDict) -> Fact | None:
    """Validate one fact entry, recording its references; None when it is wrong."""
    entity, metric = _slug(reader, item, "entity"), _slug(reader, item, "metric")
    source = _slug(reader, item, "source")
    raw_period = item.get("period")
    period: str | None = None
    try:
        period = Period.parse(str(raw_period)).code if raw_period is not None else None
    except ValueError as error:
        reader.fail(_line(item, "period"), str(error))
    value = _read_value(reader, item)
    approximate = item.get("approximate", False)
    if not isinstance(approximate, bool):
        reader.fail(_line(item, "approximate"), "approximate must be true or false")
        return None
    quote = _text(reader, item, "quote") if "quote" in item else None
    note = _per_language(reader, item, "note", lists=False) if "note" in item else {}
    for kind, key in (("entities", entity), ("metrics", metric), ("sources", source)):
        if key:
            reader.references.append(
                (kind, key, _line(item, kind[:-1] if kind != "entities" else "entity"))
            )
    if None in (entity, metric, source, period, value, note) or ("quote" in item and not quote):
        return None
    assert entity and metric and source and period and value is not None and note is not None
    return Fact(entity, metric, period, value, source, approximate, quote, note)


_READERS: dict[str, Callable[[FileReader, LineDict], Any]] = {
    "sources": _read_source,
    "groups": _read_group,
    "entities": _read_entity,
    "metrics": _read_metric,
    "facts": check_fact,
}


def _check_fields(reader: FileReader, section: str, item: LineDict) -> bool:
    required, optional = _FIELDS[section]
    ok = True
    for name in item:
        if name not in required | optional:
            reader.fail(_line(item, name), f"unknown field {name!r} in {section}")
            ok = False
    for name in sorted(required - set(item)):
        reader.fail(item.line, f"{section} entry is missing {name!r}")
        ok = False
    return ok


def _read_document(reader: FileReader, document: Any, into: KnowledgeSet) -> None:
    if document is None:
        reader.fail(1, "file is empty")
        return
    if not isinstance(document, LineDict):
        reader.fail(1, f"a knowledge file is a mapping of {', '.join(SECTIONS)}")
        return
    for section, items in document.items():
        line = _line(document, section)
        if section not in SECTIONS:
            reader.fail(line, f"unknown section {section!r} (expected {', '.join(SECTIONS)})")
            continue
        if not isinstance(items, LineList):
            reader.fail(line, f"{section} must be a list")
            continue
        for index, item in enumerate(items):
            if not isinstance(item, LineDict):
                reader.fail(items.item_lines[index], f"each {section} entry must be a mapping")
            elif _check_fields(reader, section, item):
                parsed = _READERS[section](reader, item)
                if parsed is not None:
                    getattr(into, section).append(parsed)
                    _remember(reader, section, parsed, item.line)


def _remember(reader: FileReader, section: str, parsed: Any, line: int) -> None:
    if section == "facts":
        reader.lines.append(line)
    else:
        reader.defined[(section, parsed.key)] = Problem(reader.file, line, "")


def read_text(text: str, name: str) -> tuple[KnowledgeSet, FileReader]:
    """Read one file's text without cross-file checks; problems are kept on the reader."""
    reader = FileReader(name)
    knowledge = KnowledgeSet()
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        reader.fail(1, f"file is over {MAX_FILE_BYTES // (1024 * 1024)} MB")
        return knowledge, reader
    if not text.strip():
        reader.fail(1, "file is empty")
        return knowledge, reader
    document, problems = load_yaml(text, name)
    reader.problems.extend(problems)
    if not problems or document is not None:
        _read_document(reader, document, knowledge)
    return knowledge, reader


def _read_path(path: Path) -> tuple[KnowledgeSet, FileReader]:
    name = str(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return _unread(name, f"file is over {MAX_FILE_BYTES // (1024 * 1024)} MB")
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() == ".csv":
            from knowledge.csvformat import read_csv_text

            return read_csv_text(text, name)
    except UnicodeDecodeError:
        return _unread(name, "file is not UTF-8 text")
    except OSError as error:
        return _unread(name, f"cannot read file: {error.strerror}")
    return read_text(text, name)


def _unread(name: str, problem: str) -> tuple[KnowledgeSet, FileReader]:
    reader = FileReader(name)
    reader.fail(1, problem)
    return KnowledgeSet(), reader


def validate(
    documents: Iterable[tuple[KnowledgeSet, FileReader]], known: KnownKeys | None = None
) -> KnowledgeSet:
    """Check files together (duplicates, references); return their union or raise."""
    known = known or KnownKeys()
    merged = KnowledgeSet()
    problems: list[Problem] = []
    defined: dict[tuple[str, str], Problem] = {}
    facts = FactIndex()
    readers = []
    for knowledge, reader in documents:
        readers.append(reader)
        problems.extend(reader.problems)
        check_definitions(reader.defined, defined, problems)
        facts.add(reader.file, knowledge.facts, reader.lines, problems)
        reader.lines = array("L")
        knowledge.facts = []
        merged.extend(knowledge)
    merged.facts = facts.facts
    for reader in readers:
        for kind, key, line in reader.references:
            if (kind, key) not in defined and key not in getattr(known, kind):
                singular = {"entities": "entity", "groups": "group"}.get(kind, kind[:-1])
                problems.append(Problem(reader.file, line, f"unknown {singular} {key!r}"))
    if problems:
        raise KnowledgeFileError(problems)
    return merged


def load_files(paths: Iterable[Path | str], known: KnownKeys | None = None) -> KnowledgeSet:
    """Read and validate knowledge files together; raise KnowledgeFileError with every problem."""
    with collector_paused():
        return validate((_read_path(Path(p)) for p in paths), known)


def load_text(text: str, name: str, known: KnownKeys | None = None) -> KnowledgeSet:
    """Read and validate one knowledge file given as text (an uploaded attachment)."""
    with collector_paused():
        return validate([read_text(text, name)], known)
