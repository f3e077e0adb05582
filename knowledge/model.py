"""The knowledge's domain objects: plain, immutable data shared by every layer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, TypeAlias

Language: TypeAlias = Literal["en", "fr"]
LANGUAGES: tuple[Language, ...] = ("en", "fr")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_PERIOD = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$")
# Granularity order: whole years come before halves, quarters and months of the same year.
_GRANULARITY_RANK = {"year": 0, "half": 1, "quarter": 2, "month": 3}


def localized(en: str | None, fr: str | None) -> dict[Language, str]:
    """A per-language mapping of the texts that are given."""
    texts: dict[Language, str] = {}
    if en:
        texts["en"] = en
    if fr:
        texts["fr"] = fr
    return texts


_NO_NOTE: dict[Language, str] = {}  # shared by every fact without a note; facts are read-only


def fact_note(en: str | None, fr: str | None) -> dict[Language, str]:
    """A fact's note from its stored columns; one shared empty dict for the many without one."""
    return localized(en, fr) if en or fr else _NO_NOTE


def is_money(unit: str) -> bool:
    """Whether a metric's unit is a currency code (USD, EUR): how knowledge files write money."""
    return len(unit) == 3 and unit.isascii() and unit.isalpha() and unit.isupper()


def is_percent(unit: str) -> bool:
    """Whether a metric's unit is a percentage: its figures are shares already, not quantities."""
    return unit.strip() in ("%", "percent", "pct")


@dataclass(frozen=True, slots=True, order=False)
class Period:
    """A calendar period: a year, a half (H1/H2), a quarter (Q1-Q4) or a month."""

    year: int
    kind: Literal["year", "half", "quarter", "month"] = "year"
    index: int = 0  # half 1-2, quarter 1-4, month 1-12; 0 for a year

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse `YYYY`, `YYYY-Qn`, `YYYY-Hn` or `YYYY-MM`; raise ValueError otherwise."""
        match = _PERIOD.match(text.strip())
        if not match:
            raise ValueError(
                f"malformed period {text!r} (expected YYYY, YYYY-Qn, YYYY-Hn or YYYY-MM)"
            )
        year, part = int(match.group(1)), match.group(2)
        if part is None:
            return cls(year)
        if part[0] == "Q":
            return cls(year, "quarter", int(part[1]))
        if part[0] == "H":
            return cls(year, "half", int(part[1]))
        return cls(year, "month", int(part))

    def shifted(self, years: int) -> Period:
        """The same part of another year."""
        return Period(self.year + years, self.kind, self.index)

    @property
    def code(self) -> str:
        """The canonical text form, as stored."""
        if self.kind == "year":
            return f"{self.year:04d}"
        if self.kind == "quarter":
            return f"{self.year:04d}-Q{self.index}"
        if self.kind == "half":
            return f"{self.year:04d}-H{self.index}"
        return f"{self.year:04d}-{self.index:02d}"

    @property
    def start_month(self) -> int:
        """The first month (1-12) the period covers."""
        if self.kind == "year":
            return 1
        if self.kind == "half":
            return 1 + 6 * (self.index - 1)
        if self.kind == "quarter":
            return 1 + 3 * (self.index - 1)
        return self.index

    def months_apart(self, other: Period) -> int:
        """Months between the two periods; 0 when they overlap (2023 and Q4 2023)."""
        first, last = self._month_span()
        other_first, other_last = other._month_span()
        return max(0, other_first - last, first - other_last)

    def _month_span(self) -> tuple[int, int]:
        months = {"year": 12, "half": 6, "quarter": 3, "month": 1}[self.kind]
        first = self.year * 12 + self.start_month
        return first, first + months - 1

    def sort_key(self) -> tuple[int, int, int]:
        """Chronological order; at the same start, whole years before finer periods."""
        return (self.year, self.start_month, _GRANULARITY_RANK[self.kind])

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True, slots=True)
class Source:
    """Where figures come from."""

    key: str
    title: str
    publisher: str
    published: date
    url: str | None = None
    # the publisher described in another language ("French tech news article" in French)
    publisher_names: dict[Language, str] = field(default_factory=dict)

    def publisher_in(self, language: Language) -> str:
        """The publisher as written for a language, falling back to the default text."""
        return self.publisher_names.get(language, self.publisher)


@dataclass(frozen=True, slots=True)
class Group:
    """A named set of entities ("Chinese companies"), with names per language."""

    key: str
    names: dict[Language, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Entity:
    """Something figures are about: a company, a country, a whole market (aggregate)."""

    key: str
    name: str
    names: dict[Language, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    aggregate: bool = False
    # the name as a sentence says it, with its article ("le Brésil"); a name without one
    # (a company) reads as it is
    with_article: dict[Language, str] = field(default_factory=dict)

    def display(self, language: Language) -> str:
        """The display name in a language, falling back to the default name."""
        return self.names.get(language, self.name)

    def in_sentence(self, language: Language) -> str:
        """The name as a sentence in a language says it: with its article when it has one."""
        return self.with_article.get(language) or self.display(language)


@dataclass(frozen=True, slots=True)
class Metric:
    """What is measured, how people name it, and how one figure reads as a sentence."""

    key: str
    unit: str
    names: dict[Language, tuple[str, ...]]
    verbs: dict[Language, tuple[str, ...]]
    statement: dict[Language, str]
    label: dict[Language, str]
    # names of a part of what is measured ("H200s" of all Hopper chips): read as the metric, and
    # answers say there are no separate figures for that part
    narrower: dict[Language, tuple[str, ...]] = field(default_factory=dict)
    # the label as a sentence says it, with its article ("la part de marché"), when the
    # language's templates cannot tell it
    label_with_article: dict[Language, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Fact:
    """One figure: an entity's value for a metric over a period, from a source."""

    entity: str
    metric: str
    period: str
    value: Decimal
    source: str
    approximate: bool = False
    quote: str | None = None
    note: dict[Language, str] = field(default_factory=dict)
    version: int = 1

    @property
    def identity(self) -> tuple[str, str, str, str]:
        """What identifies a fact: (entity, metric, period, source)."""
        return (self.entity, self.metric, self.period, self.source)

    def same_content(self, other: Fact) -> bool:
        """True when both facts say the same thing (the version aside)."""
        return (
            self.identity == other.identity
            and self.value == other.value
            and self.approximate == other.approximate
            and self.quote == other.quote
            and self.note == other.note
        )


@dataclass(slots=True)
class KnowledgeSet:
    """A collection of knowledge: what one or several files hold, or a whole database."""

    sources: list[Source] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    def extend(self, other: KnowledgeSet) -> None:
        """Append everything another set holds."""
        self.sources.extend(other.sources)
        self.groups.extend(other.groups)
        self.entities.extend(other.entities)
        self.metrics.extend(other.metrics)
        self.facts.extend(other.facts)

    def counts(self) -> dict[str, int]:
        """How many of each kind the set holds."""
        return {
            "sources": len(self.sources),
            "groups": len(self.groups),
            "entities": len(self.entities),
            "metrics": len(self.metrics),
            "facts": len(self.facts),
        }
