"""The names the knowledge uses (entities, aliases, groups, metrics, verbs), indexed per view."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import process
from rapidfuzz.distance import OSA

from knowledge.model import LANGUAGES, Language, is_money
from knowledge.parse.lang import Vocabulary, vocabulary
from knowledge.parse.normalize import fold, phrase_key, stem
from knowledge.publishernames import publisher_index
from knowledge.view import KnowledgeView

Kind = Literal["entity", "group", "metric", "verb"]
Phrase = tuple[str, ...]
CACHE_KEY = "lexicon"
MAX_PHRASE = 6
MIN_FUZZY = 5  # typos are corrected only in words of five letters or more
MAX_MEMO = 4096


@dataclass(frozen=True, slots=True)
class Ref:
    """What a phrase names: a kind and a key."""

    kind: Kind
    key: str


@dataclass(slots=True)
class Lexicon:
    """Normalised phrases -> what they name, with a small fuzzy index for typos."""

    phrases: dict[Phrase, tuple[Ref, ...]] = field(default_factory=dict)
    # a word that occurs inside several metric names ("chips") -> those metrics
    metric_words: dict[str, frozenset[str]] = field(default_factory=dict)
    words: set[str] = field(default_factory=set)
    cited_words: set[str] = field(default_factory=set)  # known only from sources' names
    # a word of a publisher's name, or its initials -> source key -> the name ("FT": "Financial
    # Times"): knowledge/publishernames.py
    publishers: dict[str, dict[str, str]] = field(default_factory=dict)
    publisher_texts: dict[str, str] = field(default_factory=dict)  # source key -> its publisher
    language_words: dict[Language, set[str]] = field(default_factory=dict)
    # (first letter, length) and (last letter, length) -> words, for fuzzy candidates
    buckets: dict[tuple[str, int, bool], list[str]] = field(default_factory=dict)
    max_len: int = 1
    starts: dict[str, int] = field(default_factory=dict)  # first word -> longest phrase from it
    # each language's generic words and this knowledge's words in it, for language detection
    detect_words: dict[Language, frozenset[str]] = field(default_factory=dict)
    # how this knowledge calls its entities ("companies"), read from its group names
    entity_noun: dict[Language, str] = field(default_factory=dict)
    entity_noun_one: dict[Language, str] = field(default_factory=dict)  # "company", for one
    memo: dict[tuple[str, bool], list[tuple[str, int]]] = field(default_factory=dict)
    # names of a part of what a metric measures ("h200s") -> (that metric, the names with that
    # key as the knowledge writes them); they are in `phrases` too, as the metric's names
    narrower: dict[Phrase, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    # one-word keys that name an entity only as an acronym ("PARI") -> the acronym, folded: only
    # that word names it, not another word with the same stem ("Paris")
    acronyms: dict[str, str] = field(default_factory=dict)

    def lookup(self, phrase: Phrase) -> tuple[Ref, ...]:
        """What an exact normalised phrase names."""
        return self.phrases.get(phrase, ())

    def candidates(self, word: str, *, loose: bool = False) -> list[tuple[str, int]]:
        """Known words one or two letters away from `word`, with their distance, closest first."""
        size = len(word)
        if size < (MIN_FUZZY - 1 if loose else MIN_FUZZY):
            return []
        memo_key = (word, loose)
        found = self.memo.get(memo_key)
        if found is not None:
            return found
        # one letter off up to 7 letters, two beyond; suggestions (loose) allow one more
        limit = (1 if size <= 7 else 2) + (1 if loose and size >= 6 else 0)
        pool: list[str] = []
        for length in range(size - limit, size + limit + 1):
            # a typo rarely touches both ends: same first two letters, or same last two
            pool.extend(self.buckets.get((word[:2], length, True), ()))
            pool.extend(self.buckets.get((word[-2:], length, False), ()))
        scored = {
            choice: int(score)
            for choice, score, _ in process.extract(
                word, pool, scorer=OSA.distance, score_cutoff=limit, limit=8
            )
        }
        found = sorted(scored.items(), key=lambda item: (item[1], item[0]))
        if len(self.memo) >= MAX_MEMO:
            self.memo.clear()  # people repeat their typos; a bounded memo is enough
        self.memo[memo_key] = found
        return found

    def correct(self, word: str, *, loose: bool = False) -> list[str]:
        """The known word `word` is a typo of, or [] when none or several are as close.

        With `loose`, every known word near enough to suggest, closest first. Two names one
        letter away are never settled silently: the question is asked back instead.
        """
        found = self.candidates(word, loose=loose)
        if loose or len(found) <= 1:
            return [w for w, _ in found]
        closest = [w for w, distance in found if distance == found[0][1]]
        if len(closest) == 1 or self._one_name(closest):
            # "googel": "google" and "GOOGL" are as close, but both name Google; the word as
            # long as the typo is the likelier one meant
            return [min(closest, key=lambda w: (abs(len(w) - len(word)), w))]
        return []

    def _one_name(self, words: list[str]) -> bool:
        """Whether the words, each on its own, name exactly the same things (and something)."""
        named = {frozenset(self.lookup((w,))) for w in words}
        return len(named) == 1 and bool(next(iter(named)))


def lexicon_for(view: KnowledgeView) -> Lexicon:
    """The view's lexicon, built on first use and cached with the view."""
    lexicon = view.cache.get(CACHE_KEY)
    if not isinstance(lexicon, Lexicon):
        lexicon = build_lexicon(view, vocabulary())
        view.cache[CACHE_KEY] = lexicon
    return lexicon


def name_key(text: str) -> Phrase:
    """phrase_key, without the tokenizer for plain ASCII names (most of them, and it is costly)."""
    if text.isascii() and text.replace(" ", "").isalpha():
        return tuple([stem(word) for word in text.lower().split()])
    return phrase_key(text)


def build_lexicon(view: KnowledgeView, vocab: Vocabulary) -> Lexicon:
    """Index every name of the view's knowledge."""
    table: dict[Phrase, list[Ref]] = defaultdict(list)
    lexicon = Lexicon(language_words={language: set() for language in LANGUAGES})

    def add(text: str, ref: Ref, language: Language | None = None) -> None:
        key = name_key(text)[:MAX_PHRASE]
        if key:
            refs = table[key]
            if ref not in refs:
                refs.append(ref)
        lexicon.words.update(key)
        if language is not None:
            lexicon.language_words[language].update(key)

    acronyms: dict[str, str] = {}
    spelled: set[str] = set()  # one-word names that are not acronyms
    for entity in view.entities.values():
        ref = Ref("entity", entity.key)
        for name in (entity.name, *entity.names.values(), *entity.aliases):
            add(name, ref)
            key = name_key(name)
            if len(key) == 1:
                if name.isupper():
                    acronyms[key[0]] = fold(name)
                else:
                    spelled.add(key[0])
    lexicon.acronyms = {k: v for k, v in acronyms.items() if k not in spelled}
    for group in view.groups.values():
        for language, names in group.names.items():
            for name in names:
                add(name, Ref("group", group.key), language)
    metric_words = _add_metrics(view, vocab, lexicon, add)
    cited: set[str] = set()
    for source in view.sources.values():
        # words of source names are known (not names of anything): "according to Omdia"
        cited.update(phrase_key(f"{source.publisher} {source.title}"))
    lexicon.publishers = publisher_index(view.sources.values(), vocab)
    lexicon.publisher_texts = {key: source.publisher for key, source in view.sources.items()}
    cited.update(lexicon.publishers)  # "the FT": initials known only as a publisher's
    # "the French companies": a word known only from a source says nothing about who is asked
    lexicon.cited_words = cited - lexicon.words - vocab.all_words
    lexicon.words |= cited
    lexicon.entity_noun = _entity_nouns(view, vocab)
    lexicon.entity_noun_one = {
        language: _singular(noun, vocab) for language, noun in lexicon.entity_noun.items()
    }
    lexicon.phrases = {key: _metrics_first(refs) for key, refs in table.items()}
    lexicon.metric_words = {w: frozenset(keys) for w, keys in metric_words.items()}
    lexicon.max_len = max((len(k) for k in lexicon.phrases), default=1)
    for key in lexicon.phrases:
        lexicon.starts[key[0]] = max(lexicon.starts.get(key[0], 0), len(key))
    lexicon.detect_words = {
        language: frozenset(vocab.words.get(language, set()) | lexicon.language_words[language])
        for language in LANGUAGES
    }
    _index_fuzzy(lexicon, vocab)
    return lexicon


def _metrics_first(refs: list[Ref]) -> tuple[Ref, ...]:
    """A phrase that names a metric (or its verb) names no entity: "sales" is not ticker SALE."""
    if len(refs) > 1 and any(r.kind in ("metric", "verb") for r in refs):
        return tuple(r for r in refs if r.kind in ("metric", "verb"))
    return tuple(refs)


def _add_metrics(
    view: KnowledgeView,
    vocab: Vocabulary,
    lexicon: Lexicon,
    add: Callable[[str, Ref, Language | None], None],
) -> dict[str, set[str]]:
    """Index metric names and verbs; return each word of a name -> the metrics using it."""
    metric_words: dict[str, set[str]] = defaultdict(set)
    for metric in view.metrics.values():
        for parts in metric.narrower.values():
            for name in parts:
                key = name_key(name)[:MAX_PHRASE]
                _, known = lexicon.narrower.get(key, (metric.key, ()))
                lexicon.narrower[key] = (metric.key, (*known, name))
        for language, names in (*metric.names.items(), *metric.narrower.items()):
            for name in names:
                add(name, Ref("metric", metric.key), language)
                for word in phrase_key(name):
                    if not vocab.known(word) and not word.isdigit():
                        metric_words[word].add(metric.key)
            for word in metric.label.get(language, "").split():
                lexicon.language_words[language].update(phrase_key(word))
        for language, verbs in metric.verbs.items():
            for verb in verbs:
                add(verb, Ref("verb", metric.key), language)
    _add_units(view, vocab, lexicon, add)
    return metric_words


def _add_units(
    view: KnowledgeView,
    vocab: Vocabulary,
    lexicon: Lexicon,
    add: Callable[[str, Ref, Language | None], None],
) -> None:
    """A metric's unit said as a word ("how many tonnes did Vietnam sell?") names the metrics
    counted in it; a unit already a word of the names ("chips") or money ("USD") is read as
    those are."""
    for metric in view.metrics.values():
        unit = metric.unit
        if is_money(unit) or not unit.replace(" ", "").isalpha():
            continue  # "%" is no word; money has words of its own
        if not set(name_key(unit)) & (lexicon.words | vocab.all_words):
            add(unit, Ref("metric", metric.key), None)


def _entity_nouns(view: KnowledgeView, vocab: Vocabulary) -> dict[Language, str]:
    """The generic noun the group names use most ("US companies", "Chinese companies")."""
    nouns: dict[Language, str] = {}
    for language in LANGUAGES:
        counts: dict[str, int] = defaultdict(int)
        for group in view.groups.values():
            for name in group.names.get(language, ()):
                for word in fold(name).replace("-", " ").split():
                    if stem(word) in vocab.entity_nouns and word.endswith(("s", "x")):
                        counts[word] += 1
        if counts:
            nouns[language] = max(counts, key=lambda w: counts[w])
    return nouns


def _singular(noun: str, vocab: Vocabulary) -> str:
    """The noun for one entity ("companies" -> "company"), when the vocabulary knows that form."""
    one = stem(noun)
    return one if one in vocab.entity_nouns else noun


def _index_fuzzy(lexicon: Lexicon, vocab: Vocabulary) -> None:
    buckets: dict[tuple[str, int, bool], list[str]] = defaultdict(list)
    for word in lexicon.words:
        if len(word) >= MIN_FUZZY - 1 and not word.isdigit() and not vocab.known(word):
            buckets[(word[:2], len(word), True)].append(word)
            buckets[(word[-2:], len(word), False)].append(word)
    lexicon.buckets = dict(buckets)
