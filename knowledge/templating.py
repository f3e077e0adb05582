"""Response templates: the language's YAML file read once, and a template's {fields} filled."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from knowledge.elision import elidable
from knowledge.model import Language

TEMPLATE_DIRECTORY = Path(__file__).resolve().parent / "templates"
_FIELD = re.compile(r"\{(\w+)\}")


@cache
def templates(language: Language) -> dict[str, Any]:
    """The language's templates, parsed once per process."""
    with (TEMPLATE_DIRECTORY / f"{language}.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


class _Kept(dict[str, str]):
    """Field values; a field without one stays as written."""

    def __missing__(self, name: str) -> str:
        return f"{{{name}}}"


@dataclass(frozen=True, slots=True)
class Compiled:
    """A template split once: its field names, and a `str.format_map` pattern when it has one."""

    names: tuple[str, ...]
    pattern: str | None  # None when a field name would read as a position ({0})
    texts: tuple[str, ...] = ()  # the text around the fields
    elidable: tuple[int, ...] = ()  # fields right after a French "de " or "que "


@lru_cache(maxsize=4096)
def compiled(template: str) -> Compiled:
    """A template's fields found once, and its text as a pattern for `str.format_map`."""
    parts = _FIELD.split(template)
    texts, names = parts[0::2], tuple(parts[1::2])
    if any(name.isdigit() for name in names):
        return Compiled(names, None)
    escaped = [text.replace("{", "{{").replace("}", "}}") for text in texts]
    pattern = escaped[0] + "".join(
        f"{{{name}}}{text}" for name, text in zip(names, escaped[1:], strict=True)
    )
    return Compiled(names, pattern, tuple(texts), elidable(tuple(texts)))


def fill(template: str, values: dict[str, str]) -> str:
    """Replace {name} fields; unknown fields stay as they are (data may hold braces)."""
    found = compiled(template)
    if not found.names:
        return template
    if found.pattern is None:
        return _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), template)
    return found.pattern.format_map(_Kept(values))
