"""Result -> text: the language's templates filled with figures formatted by Babel."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import (
    format_compact_decimal,
    format_currency,
    format_decimal,
    format_percent,
    get_currency_symbol,
)

from knowledge.elision import elide, of_each
from knowledge.fields import (
    Amount,
    Block,
    Gap,
    Label,
    Labels,
    Names,
    Noun,
    Percent,
    Periods,
    PeriodText,
    Ratio,
    Scope,
    Statement,
    Times,
    UserText,
    Value,
    Word,
)
from knowledge.longdate import long_date
from knowledge.model import Fact, Language, Period, is_money, is_percent
from knowledge.parse.normalize import escape_markdown
from knowledge.templating import compiled, fill, templates
from knowledge.variants import LEVEL_LOOKING, variant
from knowledge.view import KnowledgeView

MAX_TEXT = 2000
MAX_NAMES = 25
MAX_FORMATTED = 65536
# a line of a list that starts with a name ("• {entity} : …", "{rank}. {entity} : …")
_LIST_ITEM = re.compile(r"^(?:• |\{rank\}\. )\{(\w+)\}")
# Babel formatting is the costliest step of an answer, and the same figures come back again
_FORMATTED: dict[tuple[object, ...], str] = {}


@cache
def _locale(language: Language) -> Locale:
    # parsed once: Babel parses a locale name on every call otherwise
    return Locale.parse(language)


class Renderer:
    """Formats blocks in one language over one view."""

    def __init__(self, view: KnowledgeView, language: Language, seed: int = 0) -> None:
        self.view = view
        self.language = language
        self.locale = _locale(language)
        self.t = templates(language)
        self.seed = seed

    def template(self, key: str) -> str:
        """The template text for a key (a variant when several)."""
        entry = self.t.get(key, key)
        if isinstance(entry, list):
            return str(entry[self.seed % len(entry)])
        return str(entry)

    def line(self, block: Block) -> str:
        """One block as text, its first letter in upper case."""
        return _capital(self.phrase(block))

    def phrase(self, block: Block) -> str:
        """One block as text, as it reads inside a sentence."""
        key, fields = variant(block.template, block.fields, self.t)  # "1 source", "2.7% more"
        template = self.template(key)
        # only the fields this template (variant) shows are formatted
        found = compiled(template)
        values = self.values(found.names, fields)
        item = _LIST_ITEM.match(template)
        listed = fields.get(item.group(1)) if item else None
        if item and isinstance(listed, Names):  # "3. Colombie : …", not "3. la Colombie"
            values[item.group(1)] = self.names(listed.keys, listed.total, bare=True)
        elif item and isinstance(listed, Statement):  # "• Le Pérou a exporté …"
            values[item.group(1)] = _capital(values[item.group(1)])
        if found.elidable and self.language == "fr":
            texts = of_each(found, values, fields, (self.entity, self.list), MAX_NAMES)
            return elide(texts, found.names, values)  # "plus qu'Amazon"
        return fill(template, values)

    def text(self, blocks: list[Block]) -> str:
        """Blocks as lines, cut to Discord's limit at a line boundary."""
        lines = [self.line(b) for b in blocks]
        out: list[str] = []
        size = 0
        for line in lines:
            if size + len(line) + 1 > MAX_TEXT - 2:
                out.append("…")
                break
            out.append(line)
            size += len(line) + 1
        return "\n".join(out)[:MAX_TEXT]

    def field(self, value: object) -> str:
        """Format one field, by its type."""
        if isinstance(value, str):
            return value
        formatter = _FORMATTERS.get(type(value))
        if formatter is not None:
            return formatter(self, value)
        if isinstance(value, int):
            return _integer(self.language, value)
        if isinstance(value, date):
            return long_date(self.language, value)
        return escape_markdown(str(value))

    def noun(self, one: bool = False) -> str:
        """What the knowledge calls its entities (one of them), else a generic word."""
        from knowledge.lexicon import lexicon_for  # the lexicon imports the parser, not this

        lexicon = lexicon_for(self.view)
        noun = (lexicon.entity_noun_one if one else lexicon.entity_noun).get(self.language)
        return noun or str(self.t["format"]["noun_one" if one else "noun"])

    def word(self, key: str) -> str:
        """A word of the templates' vocabulary."""
        interpretation = self.t.get("interpretation", {})
        return str(self.t["format"].get(key) or self.t.get(key) or interpretation.get(key) or key)

    def statement(self, fact: Fact) -> str:
        """The metric's sentence for a fact."""
        metric = self.view.metrics.get(fact.metric)
        entity = self.entity(fact.entity)
        value = self.fact_value(fact)
        period = self.period(fact.period)
        if metric is None:
            return f"{entity}: {value} ({period})"
        text = metric.statement.get(self.language) or next(iter(metric.statement.values()))
        return fill(text, {"entity": entity, "value": value, "period": period})

    def entity(self, key: str, *, bare: bool = False) -> str:
        """An entity's name in this language as a sentence says it ("le Brésil"); `bare`: as a
        list line starts with it ("Brésil")."""
        entity = self.view.entities.get(key)
        if entity is None:
            return key
        return entity.display(self.language) if bare else entity.in_sentence(self.language)

    def names(self, keys: tuple[str, ...], total: int | None = None, *, bare: bool = False) -> str:
        """Entity names as a list, long lists shortened."""
        shown = [self.entity(k, bare=bare) for k in keys[:MAX_NAMES]]
        count = max(total or 0, len(keys))
        if count > MAX_NAMES:
            more = {"names": ", ".join(shown), "count": str(count - MAX_NAMES)}
            return fill(self.t["format"]["list_more"], more)
        return self.list(shown)

    def list(self, items: list[str]) -> str:
        """A list in the language's style ("a, b and c")."""
        return _listed(self.language, tuple(items)) if items else ""

    def fact_value(self, fact: Fact, *, bold: bool = True) -> str:
        """A fact's value in its unit, "about" when approximate."""
        metric = self.view.metrics.get(fact.metric)
        unit = metric.unit if metric is not None else ""
        return self.amount(fact.value, unit, fact.approximate, bold=bold)

    def amount(
        self, value: Decimal, unit: str, approximate: bool = False, *, bold: bool = True
    ) -> str:
        """A number in a unit: money compact ($31 billion), % as percent, else plain."""
        key = (self.language, value, unit, approximate, bold)
        found = _FORMATTED.get(key)
        if found is None:
            found = _remember(key, self._amount(value, unit, approximate, bold=bold))
        return found

    def _amount(self, value: Decimal, unit: str, approximate: bool, *, bold: bool) -> str:
        fmt = self.t["format"]
        try:
            if is_money(unit):
                text = self.money(value, unit)
            elif is_percent(unit):
                text = self.percent(value / 100)
            else:
                text = format_decimal(_round(value), locale=self.locale)
        except (ArithmeticError, ValueError):  # a number too large for Babel or the context
            text = escape_markdown(f"{value:E}")
        if bold:
            text = fill(fmt["value"], {"value": text})
        return fill(fmt["approx"], {"number": text}) if approximate else text

    def money(self, value: Decimal, currency: str) -> str:
        """Money: compact words for large sums (31 billion), exact otherwise."""
        if abs(value) < 1_000_000:
            return format_currency(value, currency, locale=self.locale)
        number = format_compact_decimal(
            value, format_type="long", locale=self.locale, fraction_digits=2
        )
        names = self.t.get("currencies", {})
        symbol = get_currency_symbol(currency, locale=self.locale)
        fields = {"number": number, "symbol": symbol, "currency": str(names.get(currency, symbol))}
        return fill(self.t["format"]["money"], fields)

    def gap(self, value: Decimal, unit: str, approximate: bool) -> str:
        """A difference: in points between percentages (37.3% less 34.3% is 3 points, not 3%)."""
        if not is_percent(unit):
            return self.amount(value, unit, approximate)
        rounded = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        number = format_decimal(rounded, locale=self.locale, decimal_quantization=False)
        fmt = self.t["format"]
        # (one point in English is exactly 1; in French, anything below 2: « 0,1 point »)
        low, high = (Decimal(str(fmt[key])) for key in ("points_one_from", "points_one_upto"))
        text = fill(
            fmt["points_one" if low <= abs(rounded) <= high else "points"], {"number": number}
        )
        text = fill(fmt["value"], {"value": text})
        return fill(fmt["approx"], {"number": text}) if approximate else text

    def percent(self, fraction: Decimal) -> str:
        """A fraction as a percentage with one decimal at most."""
        key = (self.language, "%", fraction)
        found = _FORMATTED.get(key)
        if found is None:
            try:
                rounded = fraction.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
                text = format_percent(rounded, locale=self.locale, decimal_quantization=False)
            except (ArithmeticError, ValueError):  # a percentage too large to round ("1e99")
                text = escape_markdown(f"{fraction * 100:.3E} %")
            found = _remember(key, text)
        return found

    def ratio(self, value: Decimal, *, precise: bool = False) -> str:
        """A multiple with one decimal (2.2×); two up to 1.05 (0.46×, 1.03×), where one says
        too little."""
        pattern = "#,##0.0#" if value <= LEVEL_LOOKING or precise else "#,##0.0"
        key = (self.language, pattern, value)
        found = _FORMATTED.get(key)
        if found is None:
            number = format_decimal(value, format=pattern, locale=self.locale)
            found = _remember(key, fill(self.t["format"]["ratio"], {"number": number}))
        return found

    def times(self, value: Decimal) -> str:
        """A multiple as a question says it: "2", "0.5", "1.5"."""
        key = (self.language, "×", value)
        found = _FORMATTED.get(key)
        if found is None:
            found = _remember(key, format_decimal(value, format="#,##0.##", locale=self.locale))
        return found

    def period(self, code: str) -> str:
        """A period as people say it."""
        return _period_text(self.language, code)

    def label(self, metric_key: str, *, lower: bool = False) -> str:
        """A metric's label; in lower case inside a sentence unless its first word is a name."""
        metric = self.view.metrics.get(metric_key)
        if metric is None:
            return metric_key
        text = metric.label.get(self.language) or next(iter(metric.label.values()))
        if lower and _lowerable(text, metric.statement.get(self.language, "")):
            return text[:1].lower() + text[1:]
        return text

    def values(self, names: Sequence[str], fields: Mapping[str, object]) -> dict[str, str]:
        """The texts of the fields a template shows; "label_the" is "label_lower" with its
        article ("les puces …")."""
        values = {name: self.field(fields[name]) for name in names if name in fields}
        if "label_the" in names and "label_the" not in fields and "label_lower" in fields:
            values["label_the"] = self.label_the(fields["label_lower"])
        return values

    def label_the(self, label: object) -> str:
        """A label after "pour", "sur", with its article: as the metric writes it when it does
        ("la part de marché"), else as the language's templates add it."""
        metric = self.view.metrics.get(label.metric) if isinstance(label, Label) else None
        said = metric.label_with_article.get(self.language) if metric is not None else None
        return said or self.with_article(self.field(label))

    def with_article(self, label: str) -> str:
        """A label after "pour", "sur": with the plural article the language puts there ("les
        puces …"); a label that does not read as a plural is left as it is."""
        article = self.t["format"].get("plural_article")
        first = label.split(" ", 1)[0]
        if not article or first[-1:] not in ("s", "x") or not first[:1].islower():
            return label
        return f"{article} {label}"

    def scope(self, scope: Scope) -> str:
        """All / a group's name, minus excluded entities."""
        fmt = self.t["format"]
        text = fmt["all"]
        if scope.groups:
            text = self.list([self.group(key) for key in scope.groups])
        if scope.excluded or scope.excluded_groups:
            names = [self.entity(k) for k in scope.excluded[:MAX_NAMES]]
            names += [self.group(key) for key in scope.excluded_groups]
            text = fill(fmt["scope_excluding"], {"scope": text, "names": self.list(names)})
        return str(text)

    def group(self, key: str) -> str:
        """A group's name; a common noun with the article French needs ("les entreprises
        chinoises"), a proper name as it is ("États-Unis")."""
        fmt = self.t["format"]
        group = self.view.groups.get(key)
        found = group.names.get(self.language) if group else None
        name = found[0] if found else key
        said = "scope_group_common" if name[:1].islower() else "scope_group"
        return str(fill(fmt.get(said, fmt["scope_group"]), {"group": name}))


_FORMATTERS: dict[type, Callable[[Renderer, Any], str]] = {
    Statement: lambda r, v: r.statement(v.fact),
    Value: lambda r, v: r.fact_value(v.fact, bold=v.bold),
    Amount: lambda r, v: r.amount(v.value, v.unit, v.approximate),
    Gap: lambda r, v: r.gap(v.value, v.unit, v.approximate),
    Percent: lambda r, v: r.percent(v.value),
    Ratio: lambda r, v: r.ratio(v.value, precise=v.precise),
    Times: lambda r, v: r.times(v.value),
    PeriodText: lambda r, v: r.period(v.code),
    Periods: lambda r, v: ", ".join(r.period(c) for c in v.codes) or "—",
    Names: lambda r, v: r.names(v.keys, v.total),
    Label: lambda r, v: r.label(v.metric, lower=v.lower),
    Labels: lambda r, v: r.list([r.label(m, lower=v.lower) for m in v.metrics]),
    Scope: lambda r, v: r.scope(v),
    Word: lambda r, v: r.word(v.key),
    UserText: lambda r, v: escape_markdown(v.text),
    Block: lambda r, v: r.phrase(v),  # a block inside another reads as written
    Noun: lambda r, v: r.noun(v.one),
}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def _remember(key: tuple[object, ...], text: str) -> str:
    """Keep a formatted number for next time; the memo is emptied when full, not grown."""
    if len(_FORMATTED) >= MAX_FORMATTED:
        _FORMATTED.clear()
    _FORMATTED[key] = text
    return text


@lru_cache(maxsize=1024)
def _period_text(language: Language, code: str) -> str:
    # few distinct periods, asked again and again: said once per language
    try:
        period = Period.parse(code)
    except ValueError:
        return escape_markdown(code)
    if period.kind == "year":
        return str(period.year)
    fields = {"year": str(period.year), "index": str(period.index)}
    if period.kind == "month":
        month = date(period.year, period.index, 1)
        fields["month"] = format_date(month, "MMMM", locale=_locale(language))
    return fill(templates(language)["format"][period.kind], fields)


@lru_cache(maxsize=4096)
def _integer(language: Language, value: int) -> str:
    return format_decimal(value, locale=_locale(language))


@lru_cache(maxsize=4096)
def _listed(language: Language, items: tuple[str, ...]) -> str:
    return format_list(list(items), locale=_locale(language))


def _lowerable(label: str, statement: str) -> bool:
    first = label.split(" ", 1)[0]
    # a word written with a capital inside the metric's own sentence is a name: keep it
    return not first[:1].isupper() or f" {first}" not in statement


def _round(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return value
    # computed values (averages) of large figures need no decimals
    step = Decimal(1) if abs(value) >= 100 else Decimal("0.01")
    return value.quantize(step, rounding=ROUND_HALF_UP).normalize()
