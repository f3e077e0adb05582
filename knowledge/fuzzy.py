"""After parsing: typos inside multi-word names, and which names rest on a fuzzy match alone."""

from __future__ import annotations

from knowledge.lexicon import MAX_PHRASE, Lexicon, Phrase, Ref, name_key
from knowledge.parse.items import Item
from knowledge.parse.normalize import Token, fold, stem
from knowledge.parse.question import Query

_NAMES = ("entity", "group")


def review(query: Query, lexicon: Lexicon) -> frozenset[str]:
    """Mend typos in multi-word names; return the entities named only through a correction."""
    acronym = lexicon.acronyms and any(
        x.kind == "entity" and x.end == x.start + 1 for x in query.items
    )
    if not query.corrections and not query.unknown and not acronym:
        return frozenset()
    tokens = query.said
    if acronym:
        _acronyms(query, lexicon, tokens)
    for item in [i for i in query.items if i.kind == "unknown"]:
        if item.end == item.start + 1 and item.start < len(tokens):
            _mend(query, lexicon, tokens, item)
    fuzzy: set[str] = set()
    for item in query.items:
        if item.kind == "entity" and item.end <= len(tokens):
            said = tuple(t.key for t in tokens[item.start : item.end])
            if Ref("entity", str(item.value)) not in lexicon.lookup(said):
                fuzzy.add(str(item.value))
    return frozenset(fuzzy)


def _acronyms(query: Query, lexicon: Lexicon, tokens: list[Token]) -> None:
    """An acronym names its entity only when written as such: "Paris" is not ticker PARI."""
    for item in [x for x in query.items if x.kind == "entity" and x.end == x.start + 1]:
        token = tokens[item.start] if item.start < len(tokens) else None
        exact = lexicon.acronyms.get(token.key) if token is not None else None
        if token is None or exact is None or token.text == exact:
            continue
        query.items.remove(item)
        if item.value in query.entities:
            query.entities.remove(str(item.value))
        if not any(x.kind == "unknown" and x.start == item.start for x in query.items):
            query.items.append(Item("unknown", token.text, item.start, item.end))
            query.unknown.append(token.text)
            if token.upper:
                query.unknown_names.append(token.text)


def shown(word: str, names: list[str]) -> str:
    """How a corrected word is written in the names it comes from ("logistic" -> "logistics")."""
    for name in names:
        for written in name.split():
            if name_key(written) == (word,):
                return fold(written)
    return word


def _mend(query: Query, lexicon: Lexicon, tokens: list[Token], item: Item) -> None:
    """An unknown word that, corrected, completes a name with its neighbours ("Cragroopa Logistcs",
    "Crdgroopa Logistics"): read the whole name, when exactly one reading is that close."""
    i = item.start
    keys = [t.key for t in tokens]
    before = next((x for x in query.items if x.kind in _NAMES and x.end == i), None)
    taken = {n for x in query.items if x is not item for n in range(x.start, x.end)}
    readings: dict[tuple[int, int, tuple[Ref, ...]], tuple[str, int]] = {}
    for word, distance in lexicon.candidates(stem(tokens[i].text)):
        spans: list[tuple[int, Phrase]] = []
        if before is not None:
            spans.append((before.start, (*keys[before.start : i], word)))
        for end in range(min(len(keys), i + MAX_PHRASE), i + 1, -1):
            if not taken.intersection(range(i + 1, end)):
                spans.append((i, (word, *keys[i + 1 : end])))
        for start, phrase in spans:
            refs = tuple(r for r in lexicon.lookup(phrase) if r.kind in _NAMES)
            if refs:
                readings.setdefault((start, start + len(phrase), refs), (word, distance))
                break
    if not readings:
        return
    best = min(distance for _, distance in readings.values())
    closest = [reading for reading, (_, distance) in readings.items() if distance == best]
    if len(closest) != 1:
        return  # two names as close: the question is asked back, with both suggested
    (start, end, refs) = closest[0]
    word = readings[closest[0]][0]
    _replace(query, item, start, end, refs)
    query.corrections.append((item.value if isinstance(item.value, str) else "", word))


def _replace(query: Query, unknown: Item, start: int, end: int, refs: tuple[Ref, ...]) -> None:
    """Put the mended name in place of the unknown word (and of the name it completes)."""
    text = str(unknown.value)
    for words in (query.unknown, query.unknown_names, query.qualifiers):
        while text in words:
            words.remove(text)
    replaced = [x for x in query.items if start <= x.start and x.end <= end]
    position = query.items.index(replaced[0]) if replaced else len(query.items)
    for old in replaced:
        query.items.remove(old)
        if old.kind == "entity" and old.value in query.entities:
            query.entities.remove(str(old.value))
        if old.kind == "group" and old.value in query.groups:
            query.groups.remove(str(old.value))
    earlier = sum(1 for x in query.items[:position] if x.kind == "entity")
    for ref in refs:
        query.items.insert(position, Item(ref.kind, ref.key, start, end))
        if ref.kind == "group" and ref.key not in query.groups:
            query.groups.append(ref.key)
        elif ref.kind == "entity" and ref.key not in query.entities:
            query.entities.insert(min(earlier, len(query.entities)), ref.key)
