"""Autocomplete choices for entity, metric, group, period and source options: fuzzy, localised."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands
from rapidfuzz import fuzz, process, utils

from bot.i18n import language_of
from knowledge.model import Language, Period
from knowledge.view import KnowledgeView

MAX_CHOICES = 25
CHOICE_NAME_LIMIT = 100
MIN_SCORE = 60.0


@dataclass(frozen=True, slots=True)
class Candidate:
    """One value an option can take, with the label shown and every text it answers to."""

    value: str
    label: str
    terms: tuple[str, ...]


def entity_candidates(view: KnowledgeView, language: Language) -> list[Candidate]:
    """Every entity, shown by its name in the language, matched by names and aliases."""
    return [
        Candidate(e.key, e.display(language), (e.display(language), e.name, *e.aliases, e.key))
        for e in sorted(view.entities.values(), key=lambda e: e.display(language).casefold())
    ]


def metric_candidates(view: KnowledgeView, language: Language) -> list[Candidate]:
    """Every metric, shown by its label in the language, matched by its names in both."""
    found = []
    for metric in view.metrics.values():
        label = metric.label.get(language) or metric.key
        names = tuple(n for lang in (language, "en", "fr") for n in metric.names.get(lang, ()))
        found.append(Candidate(metric.key, label, (label, *names, metric.key)))
    return sorted(found, key=lambda c: c.label.casefold())


def group_candidates(view: KnowledgeView, language: Language) -> list[Candidate]:
    """Every group, shown by its first name in the language."""
    found = []
    for group in view.groups.values():
        names = group.names.get(language) or group.names.get("en") or (group.key,)
        others = tuple(n for lang in ("en", "fr") for n in group.names.get(lang, ()))
        found.append(Candidate(group.key, names[0], (*names, *others, group.key)))
    return sorted(found, key=lambda c: c.label.casefold())


def period_candidates(view: KnowledgeView, metric: str | None) -> list[Candidate]:
    """Periods with data (for the metric when one is chosen), latest first."""
    codes: set[str] = set()
    for key, periods in view.periods.items():
        if metric in (None, "", key):
            codes.update(periods)
    ordered = sorted(codes, key=lambda c: Period.parse(c).sort_key(), reverse=True)
    return [Candidate(code, code, (code,)) for code in ordered]


def source_candidates(view: KnowledgeView) -> list[Candidate]:
    """Every source, shown by its title and date."""
    return [
        Candidate(s.key, f"{s.title} ({s.published.isoformat()})", (s.key, s.title, s.publisher))
        for s in sorted(view.sources.values(), key=lambda s: s.published, reverse=True)
    ]


def best_choices(
    candidates: Iterable[Candidate], current: str, *, fuzzy: bool = True
) -> list[app_commands.Choice[str]]:
    """At most 25 choices: prefix matches first, then fuzzy ones (for a misspelt entry)."""
    pool = list(candidates)
    query = utils.default_process(current)
    if not query:
        return [_choice(c) for c in pool[:MAX_CHOICES]]
    scored: dict[str, tuple[float, Candidate]] = {}
    for candidate in pool:
        score = _score(query, candidate, fuzzy=fuzzy)
        if score >= MIN_SCORE:
            scored[candidate.value] = max(
                scored.get(candidate.value, (0.0, candidate)),
                (score, candidate),
                key=lambda p: p[0],
            )
    ranked = sorted(scored.values(), key=lambda pair: (-pair[0], pair[1].label.casefold()))
    return [_choice(candidate) for _, candidate in ranked[:MAX_CHOICES]]


def _score(query: str, candidate: Candidate, *, fuzzy: bool) -> float:
    terms = [utils.default_process(term) for term in candidate.terms]
    if any(term.startswith(query) for term in terms):
        return 200.0 - len(candidate.label) / 100
    if any(query in term for term in terms):
        return 150.0
    if not fuzzy:
        return 0.0
    # A misspelt prefix: compare with the start of each term, the length of what was typed.
    best = process.extractOne(query, [t[: max(len(query), 1)] for t in terms], scorer=fuzz.ratio)
    whole = process.extractOne(query, terms, scorer=fuzz.WRatio)
    return max(best[1] if best else 0.0, (whole[1] if whole else 0.0) * 0.9)


def _choice(candidate: Candidate) -> app_commands.Choice[str]:
    label = candidate.label
    if len(label) > CHOICE_NAME_LIMIT:
        label = label[: CHOICE_NAME_LIMIT - 1] + "…"
    return app_commands.Choice(name=label, value=candidate.value[:CHOICE_NAME_LIMIT])


# The callbacks the cogs register: the bot's current view, the user's language.


def _view_and_language(
    bot: Any, interaction: discord.Interaction
) -> tuple[KnowledgeView, Language]:
    return bot.knowledge.view, language_of(interaction.locale)


def entity_choices(
    bot: Any, interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Choices for an entity option."""
    view, language = _view_and_language(bot, interaction)
    return best_choices(entity_candidates(view, language), current)


def metric_choices(
    bot: Any, interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Choices for a metric option."""
    view, language = _view_and_language(bot, interaction)
    return best_choices(metric_candidates(view, language), current)


def group_choices(
    bot: Any, interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Choices for a group option."""
    view, language = _view_and_language(bot, interaction)
    return best_choices(group_candidates(view, language), current)


def period_choices(
    bot: Any, interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Choices for a period option: the periods of the metric already chosen, if any."""
    view, _language = _view_and_language(bot, interaction)
    chosen = getattr(interaction.namespace, "metric", None)
    metric = chosen if isinstance(chosen, str) and chosen in view.metrics else None
    # "2023" is not a typo of "2024": periods match by prefix only.
    return best_choices(period_candidates(view, metric), current, fuzzy=False)


def source_choices(
    bot: Any, interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Choices for a source option."""
    view, _language = _view_and_language(bot, interaction)
    return best_choices(source_candidates(view), current)
