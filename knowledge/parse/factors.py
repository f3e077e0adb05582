"""A multiple of another's figure: "twice as many as Meta", "3 times more than", "moitié moins que".

The words alone are ambiguous: "did Microsoft double?" is a change over time, "half of" a part of a
whole. They are a multiple of another's figure only when a name follows them; then the words of the
multiple (and a "more" or "less" glued to it, "deux fois plus", "5 fois moins") become one
"factor" item, so that the "more" inside it does not also read as a bar.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from knowledge.parse.fractions import part_word
from knowledge.parse.items import Item
from knowledge.parse.lang import Vocabulary
from knowledge.parse.normalize import Token

_GLUED = ("more", "less", "more_than", "less_than")  # "deux fois plus de", "twice more than"
_LESS = ("less", "less_than")
_HEADS = frozenset({"multiple", "number", "as_many", "fraction"})  # what a multiple starts with


def fuse_factors(items: list[Item], tokens: list[Token], vocab: Vocabulary) -> list[Item]:
    """The items, with each multiple said of a name after it made one "factor" item."""
    spans = factor_spans(items, tokens, vocab)
    if not spans:
        return items
    fused: list[Item] = []
    taken = 0
    for value, start, end, first, last in spans:
        fused.extend(items[taken:first])
        fused.append(Item("factor", value, start, end))
        taken = last
    return fused + items[taken:]


def factor_spans(
    items: Sequence[Item], tokens: list[Token], vocab: Vocabulary
) -> list[tuple[Decimal, int, int, int, int]]:
    """Each multiple said before a name: (factor, first token, end token, first item, end item)."""
    found: list[tuple[Decimal, int, int, int, int]] = []
    last_name = max((it.start for it in items if it.kind in ("entity", "group")), default=-1)
    metrics = [it.start for it in items if it.kind == "metric"]
    if len(metrics) > 1:
        last_name = max(last_name, metrics[-1])  # "in-house chips more than 5x its Hopper ones"
    if last_name <= 0:
        return found  # most questions: no name, or nothing before it
    if any(t.key in vocab.fractions for t in tokens[:last_name]):
        found.extend(_part_spans(items, tokens, last_name, vocab))
    if not found and not any(it.kind in _HEADS for it in items):
        return found  # nothing a multiple could start with
    taken = {n for span in found for n in range(span[3], span[4])}
    n = 0
    while n < len(items):
        span = None if n in taken else _from_item(items, n, tokens, vocab)
        if span is not None and span[2] <= last_name:
            found.append(span)
            n = span[4]
        else:
            n += 1
    return sorted(found, key=lambda span: span[1])


def _part_spans(
    items: Sequence[Item], tokens: list[Token], last_name: int, vocab: Vocabulary
) -> list[tuple[Decimal, int, int, int, int]]:
    """The parts said as multiples ("half as many") before the last name."""
    # "a third as many": "third" was read as an ordinal, which the part replaces
    # "a third as many": "third" was read as an ordinal, "a tenth of what" as a part of the
    # whole; the multiple replaces either
    taken_over = ("ordinal", "fraction")
    covered = {i for it in items if it.kind not in taken_over for i in range(it.start, it.end)}
    found = []
    for i in range(min(last_name, len(tokens))):
        span = None if i in covered else _from_part(items, tokens, i, vocab)
        if span is not None:
            found.append(span)
    return found


def _from_item(
    items: Sequence[Item], n: int, tokens: list[Token], vocab: Vocabulary
) -> tuple[Decimal, int, int, int, int] | None:
    """ "twice", "deux fois", "3 times", "5 fois plus", "2x" at item n."""
    item = items[n]
    if item.kind == "fraction" and isinstance(item.value, Decimal):
        # "80 % of what Microsoft spent": a part of its figure, not of the whole
        if item.end < len(tokens) and tokens[item.end].key in vocab.factor_what:
            return item.value, item.start, item.end + 1, n, n + 1
        return _percent_more(items, n, tokens, vocab)
    if item.kind == "as_many":
        return Decimal(1), item.start, item.end, n, n + 1  # "as many as Meta": its own figure
    if item.kind == "multiple":
        # "twice as many", "deux fois plus": alone ("double check", "I asked twice") it is not one
        value, end, after = Decimal(str(item.value)), item.end, n + 1
        if end < len(tokens) and tokens[end].key in vocab.factor_what:
            return value, item.start, end + 1, n, after  # "triple what Google bought"
        named = _name_next(items, after, end, lambda i: _past_of(tokens, i, vocab))
        if named is not None:
            return value, item.start, named[0], n, named[1]  # "is that double Meta?"
        glued = _glue(items, value, item.start, end, n, after)
        return glued if glued[2] > end else None
    elif item.kind == "number" and isinstance(item.value, Decimal) and item.value > 0:
        following = items[n + 1] if n + 1 < len(items) else None
        if following is not None and following.kind == "ratio" and following.start == item.end:
            # "3 times more", "5 fois moins": the ratio words are the multiple's
            less = any(_concept(t, vocab) in _LESS for t in tokens[following.start : following.end])
            value = 1 / item.value if less else item.value
            return value, item.start, following.end, n, n + 2
        part = _part_after(items, n, tokens, vocab)
        if part is not None:
            return part  # "two thirds as many", "70 % as many"
        if item.end >= len(tokens) or tokens[item.end].key not in vocab.factor_times:
            return None
        value, end, after = item.value, item.end + 1, n + 1
    else:
        return None
    return _glue(items, value, item.start, end, n, after)


def _name_next(
    items: Sequence[Item], n: int, end: int, past: Callable[[int], int]
) -> tuple[int, int] | None:
    """A name right after a multiple ("double Meta", "le double de Meta"): where the multiple's
    words end and the item after them (a "de" between is the multiple's)."""
    first = items[n] if n < len(items) else None
    if first is not None and first.kind == "between" and first.start == end:
        end, n = first.end, n + 1  # "le double de Meta"
        first = items[n] if n < len(items) else None
    end = past(end)  # "le double du Viêt Nam", "le double de la Colombie"
    if first is None or first.kind != "entity" or first.start != end:
        return None
    return end, n


def _past_of(tokens: list[Token], end: int, vocab: Vocabulary) -> int:
    """Where a name after a multiple may start: past an "of" and an article ("le double du Viêt
    Nam", "le double de la Colombie"), which the "between" item does not cover."""
    i = end
    if i < len(tokens) and tokens[i].key in vocab.fraction_of:
        i += 1
    if i < len(tokens) and tokens[i].key in vocab.articles:
        i += 1
    return i


def _percent_more(
    items: Sequence[Item], n: int, tokens: list[Token], vocab: Vocabulary
) -> tuple[Decimal, int, int, int, int] | None:
    """ "50 % more than Meta" (1.5 times), "10 % fewer than", "50 % de plus que" at item n."""
    part = items[n]
    assert isinstance(part.value, Decimal)
    end = (
        part.end + 1
        if part.end < len(tokens) and tokens[part.end].key in vocab.fraction_of
        else part.end
    )
    glued = items[n + 1] if n + 1 < len(items) else None
    if glued is None or glued.start != end or glued.kind not in _GLUED:
        return None
    value = 1 - part.value if glued.kind in _LESS else 1 + part.value
    return (value, part.start, glued.end, n, n + 2) if value > 0 else None


def _part_after(
    items: Sequence[Item], n: int, tokens: list[Token], vocab: Vocabulary
) -> tuple[Decimal, int, int, int, int] | None:
    """ "two thirds as many as", "three quarters as much as", "70 % as many as"."""
    number = items[n]
    assert isinstance(number.value, Decimal)
    if number.end >= len(tokens):
        return None
    word = tokens[number.end]
    share = vocab.fractions.get(word.key)
    if share is not None:
        value = number.value * share  # "two thirds", "three quarters"
    elif word.text == "%" or (word.key,) in vocab.percent:
        value = number.value / 100  # "70 %"
    else:
        return None
    end = number.end + 1
    after = next((m for m in range(n + 1, len(items)) if items[m].start >= end), len(items))
    glued = items[after] if after < len(items) else None
    if glued is not None and glued.start == end and glued.kind == "as_many":
        return value, number.start, glued.end, n, after + 1
    if glued is not None and glued.start == end and glued.kind in _GLUED and share is None:
        # "50 % more than Meta" is 1.5 times its figure, "10 % fewer" 0.9 times
        value = 1 - value if glued.kind in _LESS else 1 + value
        return (value, number.start, glued.end, n, after + 1) if value > 0 else None
    what = _of_what(tokens, end, vocab)  # "deux tiers de ce qu'a acheté Microsoft"
    if what is None:
        return None
    taken = next((m for m, it in enumerate(items) if it.start >= what), len(items))
    return value, number.start, what, n, taken


def _of_what(tokens: list[Token], i: int, vocab: Vocabulary) -> int | None:
    """Where "of what" / "de ce" starting at token i ends, if it is there."""
    j = i + 1 if i < len(tokens) and tokens[i].key in vocab.fraction_of else i
    return j + 1 if j < len(tokens) and tokens[j].key in vocab.factor_what else None


def _from_part(
    items: Sequence[Item], tokens: list[Token], i: int, vocab: Vocabulary
) -> tuple[Decimal, int, int, int, int] | None:
    """ "half as many as", "a third as much as", "moitié moins que" at token i."""
    part = part_word(tokens, i, vocab)
    before = tokens[i - 1] if i > 0 else None
    if part is None or (
        before is not None and (before.number is not None or (before.key,) in vocab.numbers)
    ):
        return None  # "two thirds": the number's, read with it
    after = next((n for n, it in enumerate(items) if it.start > i), len(items))
    first = next((n for n, it in enumerate(items) if it.start == i), after)  # an ordinal's
    glued = items[after] if after < len(items) and items[after].start == i + 1 else None
    if glued is not None and glued.kind in (*_LESS, "as_many"):
        return part, i, glued.end, first, after + 1  # "moitié moins de", "half as many as"
    if i + 1 < len(tokens) and tokens[i + 1].key in vocab.factor_as:
        return part, i, i + 2, first, after  # "half as many": no item to take
    end = _of_what(tokens, i + 1, vocab)
    if end is not None:
        # "a tenth of what Microsoft bought", "la moitié de ce qu'a acheté Microsoft"
        taken = next((m for m, it in enumerate(items) if it.start >= end), len(items))
        return part, i, end, first, taken
    return None


def _glue(
    items: Sequence[Item], value: Decimal, start: int, end: int, n: int, after: int
) -> tuple[Decimal, int, int, int, int]:
    """The multiple with a "more" or "less" right after it: "deux fois plus", "deux fois moins"."""
    following = items[after] if after < len(items) else None
    if following is not None and following.start == end and following.kind == "as_many":
        return value, start, following.end, n, after + 1  # "twice as many as"
    if following is not None and following.start == end and following.kind in _GLUED:
        value = 1 / value if following.kind in _LESS else value
        return value, start, following.end, n, after + 1
    return value, start, end, n, after


def _concept(token: Token, vocab: Vocabulary) -> str | None:
    return vocab.phrases.get((token.key,))
