"""Counts said in a question: a top N ("the 2 biggest", "les 2 premiers", "first 3") and a count
of the things asked about ("did 3 companies buy…"), which are neither a bar nor a figure."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from knowledge.parse.numbers import as_int

if TYPE_CHECKING:
    from knowledge.parse.items import Item
    from knowledge.parse.lang import Vocabulary
    from knowledge.parse.normalize import Token
    from knowledge.parse.question import Query

_AFTER_A_COUNT = ("number", "entity_noun", "percent", "share", "most", "least", "ordinal")
# what "the top 2", "le top 2", "the 2 biggest" start with
_TOP_WORDS = ("top", "bottom", "number", "most", "least")


def first_n(query: Query) -> None:
    """ "les 2 premiers", "first 3", "last 2": a top (or bottom) N, not a value and a rank."""
    _big_n(query)
    if _n_most(query):
        return
    _counts_said(query)
    for a, b in zip(query.items, query.items[1:], strict=False):
        if a.end != b.start or {a.kind, b.kind} != {"number", "ordinal"}:
            continue
        number, ordinal = (a, b) if a.kind == "number" else (b, a)
        value = number.value if isinstance(number.value, Decimal) else None
        count = as_int(value) if value is not None else None
        if (
            ordinal.value in (1, -1)
            and value is not None
            and count is not None
            and 0 < count <= 100
        ):
            query.top_n, query.ordinal = count, None
            if value in query.numbers:
                query.numbers.remove(value)
            if ordinal.value == -1:
                query.concepts.add("bottom")
            return


def _big_n(query: Query) -> None:
    """ "the big 4": the top 4; "big" said otherwise is no word of the question."""
    if "big" not in query.concepts:
        return
    for a, b in zip(query.items, query.items[1:], strict=False):
        said = b.value if isinstance(b.value, Decimal) else None
        count = as_int(said) if said is not None else None
        next_to = a.kind == "big" and b.kind == "number" and a.end == b.start
        if next_to and query.top_n is None and count is not None and 0 < count <= 100:
            query.top_n = count
            if said in query.numbers:
                query.numbers.remove(said)
    query.items = [x for x in query.items if x.kind != "big"]
    query.concepts.discard("big")


def _counts_said(query: Query) -> None:
    """ "did 3 companies buy more than 200k?": the 3 counts companies, it is not the bar."""
    for a, b in zip(query.items, query.items[1:], strict=False):
        said = a.value if a.kind == "number" and isinstance(a.value, Decimal) else None
        counts = said is not None and b.kind == "entity_noun" and a.end == b.start
        if counts and said in query.numbers and len(query.numbers) > 1:
            query.numbers.remove(said)


def _n_most(query: Query) -> bool:
    """ "the 2 biggest", "the 5 smallest", "the 3 companies that spent the most": a top N."""
    if query.top_n is not None or not query.has("most", "least"):
        return False
    for first, second in zip(query.items, query.items[1:], strict=False):
        # "the 2 biggest", or "the biggest 2"
        swap = first.kind in ("most", "least") and second.kind == "number"
        a, b = (second, first) if swap else (first, second)
        count = as_int(a.value) if a.kind == "number" and isinstance(a.value, Decimal) else None
        if count is None or not 0 < count <= 100 or (a.end != b.start and b.end != a.start):
            continue
        if b.kind in ("most", "least", "entity_noun"):
            query.top_n = count
            query.numbers.remove(Decimal(count))
            if query.has("least") and not query.has("most"):
                query.concepts.add("bottom")
            return True
    return False


def others_counted(query: Query, tokens: list[Token], vocab: Vocabulary) -> None:
    """ "The other three", "the three others", "les trois autres": the others listed, counted;
    the count is no figure, and they are no stored whole less the ones named."""
    said_rest = "the_rest" in query.concepts
    if said_rest and any(_says_other(x, tokens, vocab) for x in query.items):
        query.concepts.add("others_listed")  # "the others", "les autres": the others listed
    for index, item in enumerate(query.items):
        count = as_int(item.value) if isinstance(item.value, Decimal) else None
        if item.kind != "number" or count is None or not 2 <= count <= 100:
            continue
        previous = query.items[index - 1] if index else None
        rest_before = previous is not None and previous.kind == "the_rest"
        rest_before = rest_before and previous is not None and previous.end == item.start
        after = tokens[item.end].key if item.end < len(tokens) else None
        if not rest_before and after not in vocab.other_words:
            continue
        query.concepts.update(("the_rest", "others_listed"))
        query.items = [x for x in query.items if x is not item]
        if isinstance(item.value, Decimal) and item.value in query.numbers:
            query.numbers.remove(item.value)
        return


def _says_other(item: Item, tokens: list[Token], vocab: Vocabulary) -> bool:
    """Whether "the rest" is said with "other" ("the other companies"), not "everyone else"."""
    said = tokens[item.start : item.end]
    return item.kind == "the_rest" and any(t.key in vocab.other_words for t in said)


def the_n(query: Query, tokens: list[Token], vocab: Vocabulary) -> None:
    """ "How much did the 4 spend?", "les quatre": "the 4 companies", whose 4 is no figure;
    "the two", "les deux": the two just named."""
    if query.top_n is not None:
        return
    if query.entity_noun:
        _the_n_named(query, tokens, vocab)
        return
    for index, item in enumerate(query.items):
        count = as_int(item.value) if isinstance(item.value, Decimal) else None
        if item.kind != "number" or count is None or not 2 <= count <= 100 or item.start == 0:
            continue
        after = query.items[index + 1] if index + 1 < len(query.items) else None
        if tokens[item.start - 1].key not in vocab.count_articles or item.end - item.start != 1:
            continue
        if after is not None and after.start == item.end and after.kind in _AFTER_A_COUNT:
            continue  # "the 2 biggest", "the 4 companies", "the 50%": read elsewhere
        if count == 2:
            # "did the two spend more?": each of the two just named
            query.concepts.update(("pronoun", "each", "the_two"))
        else:
            query.entity_noun, query.the_n = True, count
        if isinstance(item.value, Decimal) and item.value in query.numbers:
            query.numbers.remove(item.value)
        return


def _the_n_named(query: Query, tokens: list[Token], vocab: Vocabulary) -> None:
    """ "Those 3 countries", "ces 3 pays": how many those meant are, not a figure (a figure
    said beside them would keep the question from pointing back at them)."""
    pairs = zip(query.items, query.items[1:], strict=False)
    for a, b in pairs:
        count = as_int(a.value) if isinstance(a.value, Decimal) else None
        if a.kind != "number" or count is None or not 3 <= count <= 100 or a.start == 0:
            continue
        if b.kind != "entity_noun" or b.start != a.end or a.end - a.start != 1:
            continue
        if tokens[a.start - 1].key not in vocab.count_articles or len(query.numbers) != 1:
            continue
        query.the_n = count
        query.numbers.remove(Decimal(count))
        return


def top_left_out(query: Query) -> bool:
    """ "the share outside the top 2", "hors du top 2": the top N is left out, not asked about."""
    if query.top_n is None or query.excluded or query.excluded_groups:
        return False  # "excluding Microsoft, the top 2's share": the top is still what is asked
    pairs = zip(query.items, query.items[1:], strict=False)
    return any(a.kind == "excluding" and b.kind in _TOP_WORDS for a, b in pairs)
