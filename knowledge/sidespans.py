"""Two sides of a comparison, each with its own period or measure: "did Microsoft's 2024
purchases exceed everyone's 2023 total?", "did Meta deploy more in-house chips than all the
Hopper chips bought in 2024?". A period or a metric said within a side belongs to that side."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from knowledge.model import Period
from knowledge.parse.items import COMPARATIVE, Item
from knowledge.parse.lang import vocabulary
from knowledge.parse.question import Query


@dataclass(frozen=True, slots=True)
class SpanSide:
    """One side: its named entities and groups (or everyone), its own period and metric."""

    entities: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    whole: bool = False  # "all companies", "everyone's combined": every figure stored
    rest: bool = False  # "the rest": everyone not on the other side
    period: Period | None = None
    metric: str | None = None


@dataclass(frozen=True, slots=True)
class CrossSides:
    """The two sides; whether a yes or a no is asked, and whether the first is to be less."""

    first: SpanSide
    second: SpanSide
    less: bool = False
    asked: bool = True  # "is … bigger than …?" asks a yes or a no; "A 2024 vs B 2023" does not


def cross_sides(q: Query) -> CrossSides | None:
    """The two sides when each has its own period, or its own metric against a sum; None when
    the question is not such a comparison (or says more than can be read safely: a number, a
    multiple, an exclusion). Two single entities on two metrics are `pairing`'s."""
    if q.numbers or q.factor is not None or q.fraction is not None or q.multiple:
        return None
    if q.excluded or q.excluded_groups:
        return None
    found = _cut(q)
    if found is None:
        return None
    cut, after = found
    left = [x for x in q.items if x.start < cut]
    right = [x for x in q.items if x.start >= after]
    first, second = _side(left, q, (0, cut), False), _side(right, q, (after, len(q.said)), True)
    if first is None or second is None or not (first.entities or first.groups or first.whole):
        return None
    if not (second.entities or second.groups or second.whole or second.rest):
        return None  # "more in 2024 than in 2023": one's own change, not two sides
    periods = (first.period, second.period)
    own_periods = None not in periods and periods[0] != periods[1]
    own_metrics = None not in (first.metric, second.metric) and first.metric != second.metric
    one_each = len(first.entities) == 1 and len(second.entities) == 1
    if not (own_periods or (own_metrics and not one_each)):
        return None  # one period and one measure: the usual comparison reads it
    less = any(x.kind in ("less", "less_than", "at_most") for x in q.items if x.start < after)
    return CrossSides(first, second, less, q.first_comparative is not None)


def _cut(q: Query) -> tuple[int, int] | None:
    """Where the first side ends and the second begins: at "than" after the comparative
    ("more chips in 2024 than …"), else just after the comparative ("bigger than …"), else
    at a lone "vs" ("Meta 2024 vs Microsoft 2023")."""
    if q.first_comparative is None:
        versus = [x for x in q.items if x.kind == "compare"]
        return (versus[0].start, versus[0].end) if len(versus) == 1 else None
    said = q.first_comparative
    comparative = next(x for x in q.items if x.start == said and x.kind in COMPARATIVE)
    than = next((x for x in q.items if x.kind == "than" and x.start > said), None)
    if than is not None:
        return than.start, than.end
    return said, comparative.end


def _side(items: list[Item], q: Query, span: tuple[int, int], second: bool) -> SpanSide | None:
    """A side's names, its one period and its one metric (None when it says two); with nobody
    named, either side may be everyone ("everyone's 2023 total"), the second one the rest."""
    named = [x for x in items if x.kind in ("entity", "group")]
    entities = tuple(dict.fromkeys(str(x.value) for x in named if x.kind == "entity"))
    groups = tuple(dict.fromkeys(str(x.value) for x in named if x.kind == "group"))
    periods = list(dict.fromkeys(x.value for x in items if x.kind == "period"))
    metrics = list(dict.fromkeys(str(x.value) for x in items if x.kind == "metric"))
    metrics = metrics or _implied_metric(items)
    if len(periods) > 1 or len(metrics) > 1 or any(x.kind == "period_shift" for x in items):
        return None
    period = periods[0] if periods and isinstance(periods[0], Period) else None
    metric = metrics[0] if metrics else None
    rest = second and not named and any(x.kind == "the_rest" for x in items)
    said_whole = _says_whole(items, q, span) if second else _sum_first(items, q, span)
    whole = not named and not rest and said_whole
    return SpanSide(entities, groups, whole, rest, period, metric)


def _implied_metric(items: list[Item]) -> list[str]:
    """The one measure a side names without its name: "spend more on servers" (a verb or a broad
    word naming only one); none when the word fits several ("bought": Hopper or MI300)."""
    for kind in ("partial", "verb"):
        said: set[str] = set()
        for x in items:
            if x.kind == kind:
                said |= set(x.value) if isinstance(x.value, frozenset) else {str(x.value)}
        if said:
            return list(said) if len(said) == 1 else []
    return []


def _sum_first(items: list[Item], q: Query, span: tuple[int, int]) -> bool:
    """Everyone's sum said first: "the 2023 total", "everyone's 2023 purchases", "all companies
    2023 vs …"; not "did everyone buy more than …" (each of them)."""
    if any(x.kind == "total" for x in items) or q.first_comparative is None:
        return _says_whole(items, q, span)
    words = vocabulary().whole_words
    said = [t.key for t in q.said[span[0] : span[1]]]
    # ("everyone's": the possessive is a token of its own, as `parse.qualifiers` reads it)
    return any(word in words and then == "s" for word, then in pairwise(said))


def _says_whole(items: list[Item], q: Query, span: tuple[int, int]) -> bool:
    """ "everyone's", "all companies", "the total of all": the whole, with nobody named."""
    if any(x.kind in ("total", "entity_noun") for x in items):
        return True
    words = vocabulary().whole_words
    return any(t.key in words for t in q.said[span[0] : span[1]])
