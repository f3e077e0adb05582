"""Reading the knowledge view for the browse, chart and curation commands, in the user's words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from babel.numbers import format_compact_currency, format_decimal

from bot.embeds import label_colon
from bot.i18n import text
from knowledge.errors import InvalidInputError, NotFoundError
from knowledge.model import Fact, Language, Period
from knowledge.view import KnowledgeView

CURRENCIES = {"USD", "EUR", "GBP", "CNY", "JPY"}


def format_value(value: Decimal, unit: str, language: Language, approximate: bool = False) -> str:
    """A value as people read it: 485,000 / 485 000, $31B / 31 Md $US, 31.6 %."""
    if unit in CURRENCIES:
        shown = format_compact_currency(value, unit, locale=language, fraction_digits=1)
    elif unit == "%":
        shown = f"{format_decimal(value, locale=language)} %"
    else:
        # Other units are words in the data's language ("chips"); the metric's label, shown
        # beside every value, already says what is counted, in the user's language.
        shown = format_decimal(value, locale=language)
    return f"{text(language, 'approximate')} {shown}" if approximate else shown


def metric_key(view: KnowledgeView, value: str, language: Language) -> str:
    """The metric an option names (its key, or a name or label in either language)."""
    wanted = value.strip().casefold()
    for metric in view.metrics.values():
        names = {
            metric.key,
            *metric.label.values(),
            *(n for ns in metric.names.values() for n in ns),
        }
        if wanted in {n.casefold() for n in names}:
            return metric.key
    known = ", ".join(m.label.get(language, m.key) for m in view.metrics.values())
    raise NotFoundError(text(language, "unknown_metric", metric=value, known=known))


def entity_key(view: KnowledgeView, value: str, language: Language) -> str:
    """The entity an option names (its key, name or an alias)."""
    wanted = value.strip().casefold()
    for entity in view.entities.values():
        names = {entity.key, entity.name, *entity.names.values(), *entity.aliases}
        if wanted in {n.casefold() for n in names}:
            return entity.key
    raise NotFoundError(text(language, "unknown_entity", entity=value))


def group_key(view: KnowledgeView, value: str, language: Language) -> str:
    """The group an option names (its key or a name in either language)."""
    wanted = value.strip().casefold()
    for group in view.groups.values():
        names = {group.key, *(n for ns in group.names.values() for n in ns)}
        if wanted in {n.casefold() for n in names}:
            return group.key
    raise NotFoundError(text(language, "unknown_group", group=value))


def period_code(view: KnowledgeView, metric: str, value: str | None, language: Language) -> str:
    """The period asked for (checked to have data for the metric), else the latest with data."""
    label = metric_label(view, metric, language)
    known = view.periods.get(metric, ())
    if not value:
        latest = view.latest_period(metric)
        if latest is None:
            raise NotFoundError(text(language, "no_figures", what=label))
        return latest
    code = parse_period(value, language)
    if code not in known:
        raise NotFoundError(
            text(
                language, "unknown_period", metric=label, period=code, known=", ".join(known) or "-"
            )
        )
    return code


def parse_period(value: str, language: Language) -> str:
    """A period's canonical code, or a clear error."""
    try:
        return Period.parse(value).code
    except ValueError:
        raise InvalidInputError(text(language, "bad_period", period=value)) from None


def metric_label(view: KnowledgeView, metric: str, language: Language) -> str:
    """A metric's label in the language."""
    found = view.metrics.get(metric)
    return found.label.get(language, metric) if found else metric


def entity_name(view: KnowledgeView, entity: str, language: Language) -> str:
    """An entity's display name in the language."""
    found = view.entities.get(entity)
    return found.display(language) if found else entity


def ranked(
    view: KnowledgeView, metric: str, period: str, group: str | None = None, *, lowest: bool = False
) -> list[Fact]:
    """The facts for a metric and period, largest first (smallest with `lowest`), in a group."""
    facts = list(view.ranking(metric, period))
    if group:
        members = set(view.members.get(group, ()))
        facts = [f for f in facts if f.entity in members]
    return facts[::-1] if lowest else facts


def fact_line(view: KnowledgeView, fact: Fact, language: Language) -> str:
    """One fact as a line: value, and its note when it has one."""
    unit = view.metrics[fact.metric].unit if fact.metric in view.metrics else ""
    line = format_value(fact.value, unit, language, fact.approximate)
    note = fact.note.get(language) or fact.note.get("en")
    return f"{line} — *{note}*" if note else line


def sources_footer(view: KnowledgeView, facts: Iterable[Fact], language: Language) -> str:
    """A footer naming the sources of the facts shown, with their dates."""
    keys = list(dict.fromkeys(f.source for f in facts))
    found = [view.sources[k] for k in keys if k in view.sources]
    if not found:
        return ""
    label = text(language, "source" if len(found) == 1 else "sources")
    parts = [f"{s.title} — {s.publisher_in(language)}, {s.published.isoformat()}" for s in found]
    return label_colon(label, language) + " · ".join(parts)


def numbered(lines: Sequence[str]) -> list[str]:
    """Lines numbered from 1."""
    return [f"{i}. {line}" for i, line in enumerate(lines, start=1)]


def format_decimal_short(value: Decimal, language: Language) -> str:
    """A ratio with at most one decimal, written the language's way (2.2 / 2,2)."""
    return format_decimal(value, format="#,##0.#", locale=language)
