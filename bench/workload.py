"""A mixed workload of questions drawn from a knowledge view, each with what a bare SQL query needs.

The questions cover the engine's kinds (superlative, single figure with a misspelt name,
comparison, ranking, filter, total, change over time, follow-up, unanswerable), in English and
French, about whatever the view holds: the synthetic knowledge or the shipped seed figures.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from knowledge.model import Entity, Language, Metric
from knowledge.view import KnowledgeView

KINDS = (
    "superlative",
    "figure_misspelt",
    "comparison",
    "ranking",
    "filter",
    "total",
    "change",
    "followup",
    "unanswerable",
)
FLOOR_KINDS = ("superlative", "figure_misspelt", "ranking")
TOP_N = 5


@dataclass(frozen=True, slots=True)
class Question:
    """One benchmark question; `setup` is asked first (untimed) in the same conversation."""

    kind: str
    language: Language
    text: str
    setup: str | None = None
    # what the bare SQL query needs: (metric, period, entity or None, direction, limit)
    floor: tuple[str, str, str | None, str, int] | None = None


def misspell(word: str, rng: random.Random) -> str:
    """The word with one interior letter replaced (a typo a person would make)."""
    if len(word) < 5:
        return word
    index = rng.randrange(1, len(word) - 1)
    letters = [c for c in string.ascii_lowercase if c != word[index].lower()]
    return word[:index] + rng.choice(letters) + word[index + 1 :]


class _Draw:
    """Random choices over one view's names, metrics and periods."""

    def __init__(self, view: KnowledgeView, rng: random.Random) -> None:
        self.view, self.rng = view, rng
        self.metrics = sorted(m for m in view.metrics if view.periods.get(m))
        self.groups = sorted(view.groups)
        self.aggregates = {k for k, e in view.entities.items() if e.aggregate}

    def metric(self) -> Metric:
        return self.view.metrics[self.rng.choice(self.metrics)]

    def period(self, metric: str) -> str:
        periods = self.view.periods[metric]
        latest = self.view.latest_period(metric)
        # the latest period most of the time, as people ask
        return latest if latest and self.rng.random() < 0.6 else self.rng.choice(periods)

    def entities(self, metric: str, period: str, count: int) -> list[Entity]:
        facts = self.view.ranking(metric, period)
        if len(facts) < count:
            return []
        return [self.view.entities[f.entity] for f in self.rng.sample(facts, count)]

    def name(self, metric: Metric, language: Language) -> str:
        return self.rng.choice(metric.names[language])

    def group_name(self, language: Language) -> str | None:
        if not self.groups:
            return None
        group = self.view.groups[self.rng.choice(self.groups)]
        names = group.names.get(language) or next(iter(group.names.values()), ())
        return self.rng.choice(names) if names else None


def _period_text(period: str, language: Language) -> str:
    """The period with its preposition: "in 2024", "in Q3 2024", "au 3e trimestre 2024"."""
    if "-Q" in period:
        year, quarter = period.split("-Q")
        return f"in Q{quarter} {year}" if language == "en" else f"au {quarter}e trimestre {year}"
    return f"in {period}" if language == "en" else f"en {period}"


@dataclass(frozen=True, slots=True)
class _Ask:
    """What every question kind starts from: a metric, a period and how to say them."""

    draw: _Draw
    language: Language
    metric: Metric
    period: str
    when: str
    name: str

    @property
    def fr(self) -> bool:
        """True for a French question."""
        return self.language == "fr"

    def say(self, kind: str, en: str, fr: str, **extra: Any) -> Question:
        """The question in its language."""
        return Question(kind, self.language, fr if self.fr else en, **extra)


def _superlative(a: _Ask) -> Question | None:
    least = a.draw.rng.random() < 0.3
    en = f"who had the {'fewest' if least else 'most'} {a.name} {a.when}?"
    fr = f"qui a le {'moins' if least else 'plus'} de {a.name} {a.when} ?"
    floor = (a.metric.key, a.period, None, "min" if least else "max", 1)
    return a.say("superlative", en, fr, floor=floor)


def _figure_misspelt(a: _Ask) -> Question | None:
    # a typo in a long name, written alone as people do ("Microsfot"); the name alone is an
    # alias of the synthetic companies (one letter off in a short name often spells another)
    found = [e for e in a.draw.entities(a.metric.key, a.period, 5) if len(e.name.split()[0]) >= 7]
    if not found:
        return None
    entity = found[0]
    typo = misspell(entity.name.split()[0], a.draw.rng)
    en = f"how many {a.name} did {typo} have {a.when}?"
    fr = f"combien de {a.name} pour {typo} {a.when} ?"
    floor = (a.metric.key, a.period, entity.key, "max", 1)
    return a.say("figure_misspelt", en, fr, floor=floor)


def _comparison(a: _Ask) -> Question | None:
    pair = a.draw.entities(a.metric.key, a.period, 2)
    if not pair:
        return None
    one, two = (e.name for e in pair)
    en = f"{one} vs {two} {a.name} {a.when}"
    fr = f"{one} ou {two} : qui a le plus de {a.name} {a.when} ?"
    return a.say("comparison", en, fr)


def _ranking(a: _Ask) -> Question | None:
    en, fr = f"top {TOP_N} {a.name} {a.when}", f"top {TOP_N} {a.name} {a.when}"
    return a.say("ranking", en, fr, floor=(a.metric.key, a.period, None, "max", TOP_N))


def _filter(a: _Ask) -> Question | None:
    group = a.draw.group_name(a.language)
    if group is None or a.draw.rng.random() < 0.4:
        ranked = a.draw.view.ranking(a.metric.key, a.period)
        if not ranked:
            return None
        threshold = ranked[min(len(ranked) - 1, 9)].value
        en = f"who had more than {threshold} {a.name} {a.when}?"
        fr = f"qui a plus de {threshold} {a.name} {a.when} ?"
    else:
        en = f"who had the most {a.name} among {group} {a.when}?"
        fr = f"qui a le plus de {a.name} parmi les {group} {a.when} ?"
    return a.say("filter", en, fr)


def _total(a: _Ask) -> Question | None:
    group = a.draw.group_name(a.language)
    if group and a.draw.rng.random() < 0.5:
        en = f"total {a.name} of {group} {a.when}"
        fr = f"{a.name} au total des {group} {a.when} ?"
    else:
        en, fr = f"total {a.name} {a.when}", f"{a.name} au total {a.when} ?"
    return a.say("total", en, fr)


def _change(a: _Ask) -> Question | None:
    years = [p for p in a.draw.view.periods[a.metric.key] if "-" not in p]
    if len(years) < 2:
        return None
    first, last = years[-2], years[-1]
    # someone with figures for both years (a missing year is the unanswerable kind's business)
    found = [
        e
        for e in a.draw.entities(a.metric.key, last, 5)
        if a.draw.view.fact(e.key, a.metric.key, first) is not None
    ]
    if not found:
        return None
    who = found[0].name
    en = f"how did {who}'s {a.name} change between {first} and {last}?"
    fr = f"évolution des {a.name} de {who} entre {first} et {last} ?"
    return a.say("change", en, fr)


def _followup(a: _Ask) -> Question | None:
    pair = a.draw.entities(a.metric.key, a.period, 2)
    if not pair:
        return None
    first, second = pair
    setup_en = f"how many {a.name} did {first.name} have {a.when}?"
    setup_fr = f"combien de {a.name} pour {first.name} {a.when} ?"
    setup = setup_fr if a.fr else setup_en
    return a.say("followup", f"and {second.name}?", f"et {second.name} ?", setup=setup)


def _unanswerable(a: _Ask) -> Question | None:
    # an unknown qualifier, a period without data, or another subject
    choice = a.draw.rng.randrange(3)
    if choice == 0:
        en = f"how many quantum {a.name} {a.when}?"
        fr = f"combien de {a.name} quantiques {a.when} ?"
    elif choice == 1:
        en = f"who had the most {a.name} in 2031?"
        fr = f"qui a le plus de {a.name} en 2031 ?"
    else:
        en, fr = "what's the weather like in Paris?", "quel temps fait-il à Paris ?"
    return a.say("unanswerable", en, fr)


_MAKERS: dict[str, Callable[[_Ask], Question | None]] = {
    "superlative": _superlative,
    "figure_misspelt": _figure_misspelt,
    "comparison": _comparison,
    "ranking": _ranking,
    "filter": _filter,
    "total": _total,
    "change": _change,
    "followup": _followup,
    "unanswerable": _unanswerable,
}


def _one(draw: _Draw, kind: str, language: Language) -> Question | None:
    metric = draw.metric()
    period = draw.period(metric.key)
    when, name = _period_text(period, language), draw.name(metric, language)
    return _MAKERS[kind](_Ask(draw, language, metric, period, when, name))


def first_question(view: KnowledgeView) -> str | None:
    """A simple question to time the first answer with, before any workload is drawn."""
    metrics = sorted(m for m in view.metrics if view.periods.get(m))
    if not metrics:
        return None
    names = view.metrics[metrics[0]].names
    name = (names.get("en") or next(iter(names.values())))[0]
    return f"who had the most {name}?"


def build_workload(view: KnowledgeView, count: int, seed: int = 7) -> list[Question]:
    """`count` questions cycling through every kind, about 70 % English and 30 % French."""
    rng = random.Random(seed)
    draw = _Draw(view, rng)
    if not draw.metrics:
        return []
    questions: list[Question] = []
    attempts = 0
    while len(questions) < count and attempts < count * 20:
        attempts += 1
        kind = KINDS[len(questions) % len(KINDS)] if attempts < count * 10 else "unanswerable"
        language: Language = "fr" if rng.random() < 0.3 else "en"
        question = _one(draw, kind, language)
        if question is not None:
            questions.append(question)
    return questions
