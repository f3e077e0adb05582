"""Filtered rankings and their sums, cached per view: computed once per (metric, period, filter)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from decimal import Decimal
from functools import cached_property

from knowledge.model import Fact, Period
from knowledge.view import KnowledgeView

CACHE_KEY = "populations"
MAX_CACHED = 4096


class Population:
    """The non-aggregate facts for a metric and period within a filter, largest first."""

    def __init__(self, facts: tuple[Fact, ...]) -> None:
        self.facts = facts

    # computed on first use only: a superlative over 100,000 facts needs none of them
    @cached_property
    def negated(self) -> tuple[Decimal, ...]:
        """-value of each fact, ascending: for bisect."""
        return tuple(-f.value for f in self.facts)

    @cached_property
    def total(self) -> Decimal:
        """The sum of the values."""
        return sum((f.value for f in self.facts), Decimal(0))

    @cached_property
    def approximate(self) -> bool:
        """Whether any value is approximate."""
        return any(f.approximate for f in self.facts)

    def above(self, value: Decimal) -> tuple[Fact, ...]:
        """Facts strictly greater than value."""
        return self.facts[: bisect_left(self.negated, -value)]

    def below(self, value: Decimal) -> tuple[Fact, ...]:
        """Facts strictly less than value."""
        return self.facts[bisect_right(self.negated, -value) :]

    def select(self, op: str, value: Decimal, upper: Decimal | None = None) -> tuple[Fact, ...]:
        """Facts compared to value: "gt", "ge", "lt", "le", or "between" value and upper."""
        if op == "between":
            high = value if upper is None else upper
            return tuple(
                f for f in self.select("ge", min(value, high)) if f.value <= max(value, high)
            )
        if op == "gt":
            return self.above(value)
        if op == "ge":
            return self.facts[: bisect_right(self.negated, -value)]
        if op == "le":
            return self.facts[bisect_left(self.negated, -value) :]
        return self.below(value)

    def index_of(self, fact: Fact | None) -> int | None:
        """Where a fact stands in the ranking (found by value, then among its ties)."""
        if fact is None:
            return None
        start = bisect_left(self.negated, -fact.value)
        end = bisect_right(self.negated, -fact.value)
        return next((i for i in range(start, end) if self.facts[i].entity == fact.entity), None)

    def closest(self, value: Decimal) -> Fact:
        """The fact whose value is nearest (the larger on a tie); the population is not empty."""
        index = bisect_left(self.negated, -value)
        around = [self.facts[i] for i in (index - 1, index) if 0 <= i < len(self.facts)]
        return min(around, key=lambda f: (abs(f.value - value), -f.value))

    def equal(self, value: Decimal) -> tuple[Fact, ...]:
        """Facts equal to value."""
        return self.facts[bisect_left(self.negated, -value) : bisect_right(self.negated, -value)]


def population(
    view: KnowledgeView,
    metric: str,
    period: str,
    groups: tuple[str, ...] = (),
    excluded: tuple[str, ...] = (),
) -> Population:
    """The (cached) filtered ranking."""
    cache: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], Population]
    cache = view.cache.setdefault(CACHE_KEY, {})
    key = (metric, period, tuple(sorted(groups)), tuple(sorted(excluded)))
    found = cache.get(key)
    if found is not None:
        return found
    facts = view.ranking(metric, period)
    if groups:
        members = {m for g in groups for m in view.members.get(g, ())}
        facts = tuple(f for f in facts if f.entity in members)
    if excluded:
        facts = tuple(f for f in facts if f.entity not in excluded)
    result = Population(facts)
    if len(cache) >= MAX_CACHED:
        cache.clear()
    cache[key] = result
    return result


def tie_group(facts: tuple[Fact, ...], index: int) -> tuple[int, int]:
    """The [start, end) range of facts with the same value as facts[index]."""
    value = facts[index].value
    start = index
    while start > 0 and facts[start - 1].value == value:
        start -= 1
    end = index + 1
    while end < len(facts) and facts[end].value == value:
        end += 1
    return start, end


def entity_period(view: KnowledgeView, entity: str, metric: str) -> str | None:
    """The latest period with data for an entity and metric (whole years first)."""
    codes = [f.period for f in view.by_entity.get(entity, ()) if f.metric == metric]
    return max(codes, key=_latest_key) if codes else None


def _latest_key(code: str) -> tuple[int, bool, int]:
    period = Period.parse(code)
    return (period.year, period.kind == "year", period.start_month)


def nearest_period(view: KnowledgeView, metric: str, asked: Period) -> str | None:
    """The period with data closest in time to the one asked: one that covers it first."""
    codes = view.periods.get(metric, ())
    if not codes:
        return None

    def distance(code: str) -> tuple[int, bool, int]:
        p = Period.parse(code)
        # later on a tie: newer figures are the likelier wish
        return (p.months_apart(asked), p.kind != asked.kind, -p.year)

    return min(codes, key=distance)
