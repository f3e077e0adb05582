"""What the answer engine gives back: the Answer and the references it rests on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from knowledge.model import Language


@dataclass(frozen=True, slots=True)
class FigureRef:
    """One stored fact an answer rests on."""

    entity: str
    entity_name: str
    metric: str
    metric_label: str
    period: str
    value: Decimal
    unit: str
    approximate: bool
    source: str

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict; the value as a JSON number."""
        value: int | float = (
            int(self.value) if self.value == self.value.to_integral_value() else float(self.value)
        )
        return {
            "entity": self.entity,
            "entity_name": self.entity_name,
            "metric": self.metric,
            "metric_label": self.metric_label,
            "period": self.period,
            "value": value,
            "unit": self.unit,
            "approximate": self.approximate,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A source cited by an answer."""

    key: str
    title: str
    publisher: str
    published: date
    url: str | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "key": self.key,
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published.isoformat(),
            "url": self.url,
        }


@dataclass(slots=True)
class Answer:
    """The engine's reply to one question, ready to show (`text`) and to inspect (the rest)."""

    question: str
    language: Language
    answered: bool
    intent: str
    text: str
    interpretation: str = ""
    figures: list[FigureRef] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict of the whole answer."""
        return {
            "question": self.question,
            "language": self.language,
            "answered": self.answered,
            "intent": self.intent,
            "text": self.text,
            "interpretation": self.interpretation,
            "figures": [f.to_json() for f in self.figures],
            "sources": [s.to_json() for s in self.sources],
            "suggestions": list(self.suggestions),
        }
