"""The generic words of each language (knowledge/lang/*.yaml), loaded once per process."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from knowledge.model import LANGUAGES, Language
from knowledge.parse.normalize import phrase_key, tokenize

LANG_DIRECTORY = Path(__file__).resolve().parent.parent / "lang"
Phrase = tuple[str, ...]


@dataclass(slots=True)
class Vocabulary:
    """Phrase tables of one or all languages, keyed by normalised word tuples."""

    phrases: dict[Phrase, str] = field(default_factory=dict)  # phrase -> concept
    multiples: dict[Phrase, int] = field(default_factory=dict)
    multiple_words: dict[Language, dict[int, str]] = field(default_factory=dict)
    entity_nouns: set[str] = field(default_factory=set)
    # per language ("pays" is French only): "firms" -> company
    entity_kinds: dict[Language, dict[str, str]] = field(default_factory=dict)
    stopwords: set[str] = field(default_factory=set)
    numbers: dict[Phrase, Decimal] = field(default_factory=dict)
    number_words: set[str] = field(default_factory=set)  # "trois" as written, not "ones"
    multipliers: dict[str, Decimal] = field(default_factory=dict)
    range_joiners: set[str] = field(default_factory=set)  # "21 and 25 billion": one multiplier
    hundreds_and: set[str] = field(default_factory=set)  # "one hundred and fifty"
    tens_and: set[str] = field(default_factory=set)  # "vingt et un", "soixante et onze"
    parts_and: set[str] = field(default_factory=set)  # "one and a half million"
    decimal_points: set[str] = field(default_factory=set)  # "one point five million"
    object_prepositions: set[str] = field(default_factory=set)  # "spend on" marketing
    margin_words: set[str] = field(default_factory=set)  # "by" more than: a gap, not a bar
    yes_no_openers: set[str] = field(default_factory=set)  # "is", "does": a yes or no is asked
    speed_words: set[str] = field(default_factory=set)  # "faster", "plus vite": of a change
    year_in: set[str] = field(default_factory=set)  # "in" 23: two digits after it are a year
    year_and: set[str] = field(default_factory=set)  # "and" 24?: a follow-up naming a year
    count_articles: set[str] = field(default_factory=set)  # "the" 4, "des" 4: the companies
    scale_articles: set[str] = field(default_factory=set)  # cross "the" million: one million
    other_words: set[str] = field(default_factory=set)  # the three "others": those listed
    per_words: set[str] = field(default_factory=set)  # spent "per" chip: a ratio of two figures
    each_words: set[str] = field(default_factory=set)  # did "all" of them grow: each, not the sum
    rise_words: set[str] = field(default_factory=set)  # did it "grow": a rise asked, yes or no
    plural_pronouns: set[str] = field(default_factory=set)  # did "they" double: all of them
    whole_words: set[str] = field(default_factory=set)  # "than everyone's": every figure, added up
    data_words: set[str] = field(default_factory=set)  # "do you have 2025 data?": which periods
    lacking_words: set[str] = field(default_factory=set)  # "no" 2024 figure: who has none
    but_words: set[str] = field(default_factory=set)  # in 2023 "but not" 2024: one period only
    but_not_words: set[str] = field(default_factory=set)  # the "not" of "but not"
    only_words: set[str] = field(default_factory=set)  # figures "only" H100: what they cover
    exact_words: set[str] = field(default_factory=set)  # is the figure "exact": how exact
    compared_to_words: set[str] = field(default_factory=set)  # "and to Tesla?": against it
    correction_openers: set[str] = field(default_factory=set)  # "no", "non": goes on correcting
    one_pronouns: set[str] = field(default_factory=set)  # "its" share: one, not the two
    figure_pronouns: set[str] = field(default_factory=set)  # is "that" more: the figure just given
    over_words: set[str] = field(default_factory=set)  # "over" the two years: added up
    tie_words: set[str] = field(default_factory=set)  # "tied" with Tesla: exactly its figure
    unit_words: set[str] = field(default_factory=set)  # by how many "billions": the answer's unit
    doer_nouns: set[str] = field(default_factory=set)  # "buyers": read by a metric's verbs
    neutral_verbs: set[str] = field(default_factory=set)  # who "gained": no measure named
    capital_words: set[str] = field(default_factory=set)  # "CA": in capitals, not the small word
    origin_open: set[str] = field(default_factory=set)  # "where" is the 31 billion "from"
    origin_close: set[str] = field(default_factory=set)
    ordinals: dict[str, int] = field(default_factory=dict)
    # "second to last", "avant-dernier": a place counted from the end (-2), said in words
    ordinal_phrases: dict[Phrase, int] = field(default_factory=dict)
    ordinal_suffixes: set[str] = field(default_factory=set)
    ordinal_prefixes: set[str] = field(default_factory=set)  # "#2", "numéro 2"
    period_words: dict[Phrase, str] = field(default_factory=dict)  # phrase -> period concept
    months: dict[str, int] = field(default_factory=dict)
    quarter_prefixes: set[str] = field(default_factory=set)
    half_prefixes: set[str] = field(default_factory=set)
    fractions: dict[str, Decimal] = field(default_factory=dict)  # "half" -> 0.5
    fraction_plain: set[str] = field(default_factory=set)  # a part even without an article
    fraction_articles: set[str] = field(default_factory=set)  # "a" third, "un" dixième
    fraction_of: set[str] = field(default_factory=set)  # "of", "de", "des"
    fraction_the: set[str] = field(default_factory=set)  # "half the market": "of" left out
    percent: list[Phrase] = field(default_factory=list)  # "%", "percent", "pour cent"
    articles: set[str] = field(default_factory=set)  # "the", "les": "the us" names the US
    amount_words: set[str] = field(default_factory=set)  # "how much": an amount, not a count
    counting_gap: set[str] = field(default_factory=set)  # "combien ont acheté": a count
    subject_before: set[str] = field(default_factory=set)  # "did" xai buy
    subject_after: list[Phrase] = field(default_factory=list)  # xai "a-t-il" acheté
    compared_slot: set[str] = field(default_factory=set)  # more "than" apple: a name
    factor_times: set[str] = field(default_factory=set)  # "3 times", "5 fois", "2x"
    multiplied: set[str] = field(default_factory=set)  # "multiplied" by 3: a multiple follows
    factor_as: set[str] = field(default_factory=set)  # "half as many": a multiple, not a part
    factor_what: set[str] = field(default_factory=set)  # "a tenth of what Meta bought"
    words: dict[Language, set[str]] = field(default_factory=dict)  # every word, per language
    all_words: set[str] = field(default_factory=set)
    max_len: int = 1
    # first word -> the longest phrase starting with it: most words start none, so skip them fast
    starts: dict[str, int] = field(default_factory=dict)
    period_starts: dict[str, int] = field(default_factory=dict)

    def add(self, language: Language, data: dict[str, Any]) -> None:
        """Merge one language file's words."""
        words = self.words.setdefault(language, set())
        for concept, phrases in data.get("phrases", {}).items():
            for text in phrases:
                self._phrase(self.phrases, str(text), concept, words)
        for text, factor in data.get("multiples", {}).items():
            self._phrase(self.multiples, str(text), int(factor), words)
        for text, place in data.get("ordinal_phrases", {}).items():
            self._phrase(self.ordinal_phrases, str(text), int(place), words)
        self.multiple_words[language] = {int(k): str(v) for k, v in data["multiple_words"].items()}
        self.entity_kinds[language] = _kinds(data.get("entity_kinds", {}))
        for text in data.get("entity_nouns", []):
            self.entity_nouns.update(phrase_key(str(text)))
        stop = {w for text in data.get("stopwords", []) for w in phrase_key(str(text))}
        self.stopwords |= stop
        words |= stop
        for text, value in data.get("numbers", {}).items():
            self._phrase(self.numbers, str(text), Decimal(value), words)
            self.number_words.update(t.text for t in tokenize(str(text)))
        for text, value in data.get("multipliers", {}).items():
            for word in phrase_key(str(text)):
                # the first language read wins a clash ("billion" is 10^9 in English)
                self.multipliers.setdefault(word, Decimal(value))
        self.range_joiners.update(_words(data.get("range_joiners", [])))
        self._add_number_joiners(data.get("number_joiners", {}), words)
        for name in _WORD_SETS:
            getattr(self, name).update(_words(data.get(name, [])))
        self.ordinals.update({phrase_key(str(k))[0]: int(v) for k, v in data["ordinals"].items()})
        words.update(self.ordinals)
        self.ordinal_suffixes.update(str(s) for s in data["ordinal_suffixes"])
        prefixes = data.get("ordinal_prefixes", [])
        self.ordinal_prefixes.update(t.key for p in prefixes for t in tokenize(str(p)))
        self.ordinal_prefixes.update(str(p) for p in prefixes if not tokenize(str(p)))
        periods = data["periods"]
        for concept in (
            "quarter",
            "half",
            "this_year",
            "same_year",
            "last_year",
            "next_year",
            "year_before",
            "year_after",
            "year_words",
            "ago",
            "ago_before",
            "prior_to",
        ):
            for text in periods.get(concept, []):
                self._phrase(self.period_words, str(text), concept, words)
        for text, month in periods["months"].items():
            self.months[phrase_key(str(text))[0]] = int(month)
        self.quarter_prefixes.update(str(p) for p in periods["quarter_prefix"])
        self.half_prefixes.update(str(p) for p in periods["half_prefix"])
        self._add_fractions(data.get("fractions", {}), words)
        self.articles.update(_words(data.get("articles", [])))
        counting = data.get("counting", {})
        self.amount_words.update(_words(counting.get("amount", [])))
        self.counting_gap.update(_words(counting.get("between", [])))
        slots = data.get("subject_slots", {})
        self.subject_before.update(_words(slots.get("before", [])))
        self.subject_after.extend(phrase_key(str(t)) for t in slots.get("after", []))
        self.compared_slot.update(_words(slots.get("compared", [])))
        factors = data.get("factors", {})
        self.factor_times.update(_words(factors.get("times", [])))
        self.multiplied.update(_words(factors.get("multiplied", [])))
        self.factor_as.update(_words(factors.get("as", [])))
        self.factor_what.update(_words(factors.get("what", [])))
        self.all_words |= words

    def _add_number_joiners(self, data: dict[str, Any], words: set[str]) -> None:
        """The words joining the parts of one number: "and", "et", "point", "virgule"."""
        self.hundreds_and.update(_words(data.get("after_hundreds", [])))
        self.tens_and.update(_words(data.get("after_tens", [])))
        self.parts_and.update(_words(data.get("before_parts", [])))
        points = _words(data.get("decimal_points", []))
        self.decimal_points |= points
        words |= points

    def _add_fractions(self, data: dict[str, Any], words: set[str]) -> None:
        for text, value in data.get("parts", {}).items():
            numerator, denominator = str(value).split("/")
            key = phrase_key(str(text))[0]
            self.fractions[key] = Decimal(numerator) / Decimal(denominator)
            words.add(key)
        self.fraction_plain.update(phrase_key(str(t))[0] for t in data.get("plain", []))
        self.fraction_articles.update(phrase_key(str(t))[0] for t in data.get("articles", []))
        self.fraction_of.update(phrase_key(str(t))[0] for t in data.get("of", []))
        self.fraction_the.update(phrase_key(str(t))[0] for t in data.get("the", []))
        phrases = {phrase_key(str(t)) for t in data.get("percent", [])} - {()}
        # longest first: "pour cent" before a one-word sign
        self.percent = sorted(set(self.percent) | phrases, key=len, reverse=True)

    def _phrase(self, table: dict[Phrase, Any], text: str, value: Any, words: set[str]) -> None:
        key = phrase_key(text)
        if key:
            table.setdefault(key, value)
            words.update(key)
            self.max_len = max(self.max_len, len(key))
            starts = self.period_starts if table is self.period_words else self.starts
            if table is not self.numbers:
                starts[key[0]] = max(starts.get(key[0], 0), len(key))

    def known(self, word: str) -> bool:
        """Whether a (stemmed) word belongs to the generic language."""
        return word in self.all_words


# lists of single words read as they are into the set of the same name
_WORD_SETS = (
    "origin_open",
    "origin_close",
    "object_prepositions",
    "margin_words",
    "yes_no_openers",
    "speed_words",
    "year_in",
    "year_and",
    "count_articles",
    "scale_articles",
    "other_words",
    "per_words",
    "each_words",
    "rise_words",
    "plural_pronouns",
    "whole_words",
    "data_words",
    "lacking_words",
    "but_words",
    "but_not_words",
    "only_words",
    "exact_words",
    "compared_to_words",
    "correction_openers",
    "one_pronouns",
    "figure_pronouns",
    "over_words",
    "tie_words",
    "unit_words",
    "capital_words",
    "doer_nouns",
    "neutral_verbs",
)


def _words(phrases: list[Any]) -> set[str]:
    """Every normalised word of a list of phrases."""
    return {word for text in phrases for word in phrase_key(str(text))}


def _read(language: Language) -> dict[str, Any]:
    with (LANG_DIRECTORY / f"{language}.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


@cache
def vocabulary() -> Vocabulary:
    """Every language's words in one table (people mix languages), with per-language word sets."""
    vocab = Vocabulary()
    for language in LANGUAGES:
        vocab.add(language, _read(language))
    return vocab


def _kinds(data: dict[str, list[str]]) -> dict[str, str]:
    """Each noun of a kind of thing ("firms", "pays") and its kind."""
    return {
        key: str(kind) for kind, nouns in data.items() for t in nouns for key in phrase_key(str(t))
    }
