"""Filtered rankings and their sums, cached per view: computed once per (metric, period, filter)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal

from knowledge.model import Fact, Period
from knowledge.view import KnowledgeView

CACHE_KEY = "populations"
MEMBERS_KEY = "populations.members"
GROUPS_KEY = "populations.groups"
GROUPS_OF_KEY = "populations.groups_of"
HELD_KEY = "populations.held"  # fact references held by the cached filtered rankings
# The cache is bounded by the fact references its filtered rankings hold (8 bytes each), not by
# entries: at a million facts one entry can hold 50,000 of them. Unfiltered rankings are the
# view's own tuples and cost nothing.
MAX_HELD = 2_000_000


def _negated(fact: Fact) -> Decimal:
    return -fact.value


class Population:
    """The non-aggregate facts for a metric and period within a filter, largest first."""

    __slots__ = ("_approximate", "_total", "facts", "held")

    def __init__(self, facts: tuple[Fact, ...], held: int = 0) -> None:
        self.facts = facts
        self.held = held  # fact references this population holds beyond the view's own
        self._total: Decimal | None = None
        self._approximate: bool | None = None

    def know(self, total: Decimal, approximate: bool) -> None:
        """Take the sum and approximation computed with the view."""
        self._total, self._approximate = total, approximate

    @property
    def total(self) -> Decimal:
        """The sum of the values (computed on first use)."""
        if self._total is None:
            self._total = sum([f.value for f in self.facts], Decimal(0))
        return self._total

    @property
    def approximate(self) -> bool:
        """Whether any value is approximate (computed on first use)."""
        if self._approximate is None:
            self._approximate = any([f.approximate for f in self.facts])
        return self._approximate

    # the facts are in descending value: bisect on -value (a key, not a tuple of negations)
    def _left(self, value: Decimal) -> int:
        return bisect_left(self.facts, -value, key=_negated)

    def _right(self, value: Decimal) -> int:
        return bisect_right(self.facts, -value, key=_negated)

    def above(self, value: Decimal) -> tuple[Fact, ...]:
        """Facts strictly greater than value."""
        return self.facts[: self._left(value)]

    def below(self, value: Decimal) -> tuple[Fact, ...]:
        """Facts strictly less than value."""
        return self.facts[self._right(value) :]

    def select(self, op: str, value: Decimal, upper: Decimal | None = None) -> tuple[Fact, ...]:
        """Facts compared to value: "gt", "ge", "lt", "le", "eq", or "between" value and upper
        ("inside": strictly between)."""
        if op == "eq":
            return self.equal(value)
        if op == "inside":
            # "more than 100k but less than 200k": the bounds left out, in the order said
            high = value if upper is None else upper
            return self.facts[self._right(high) : self._left(value)] if value < high else ()
        if op == "between":
            high = value if upper is None else upper
            low, high = min(value, high), max(value, high)
            return self.facts[self._left(high) : self._right(low)]
        if op == "gt":
            return self.above(value)
        if op == "ge":
            return self.facts[: self._right(value)]
        if op == "le":
            return self.facts[self._left(value) :]
        return self.below(value)

    def index_of(self, fact: Fact | None) -> int | None:
        """Where a fact stands in the ranking (found by value, then among its ties)."""
        if fact is None:
            return None
        start, end = self._left(fact.value), self._right(fact.value)
        return next((i for i in range(start, end) if self.facts[i].entity == fact.entity), None)

    def closest(self, value: Decimal, skip: str | None = None) -> Fact | None:
        """The fact whose value is nearest (the larger on a tie), leaving out entity `skip`."""
        index = self._left(value)
        # the skipped entity holds one place at most: one more on each side is enough
        around = [
            self.facts[i]
            for i in range(index - 2, index + 2)
            if 0 <= i < len(self.facts) and self.facts[i].entity != skip
        ]
        return min(around, key=lambda f: (abs(f.value - value), -f.value), default=None)

    def equal(self, value: Decimal) -> tuple[Fact, ...]:
        """Facts equal to value."""
        return self.facts[self._left(value) : self._right(value)]


def _members(view: KnowledgeView, groups: tuple[str, ...]) -> frozenset[str]:
    """The entities of any of these groups, as a set kept with the view."""
    known: dict[tuple[str, ...], frozenset[str]] = view.cache.setdefault(MEMBERS_KEY, {})
    found = known.get(groups)
    if found is None:
        found = frozenset(m for g in groups for m in view.members.get(g, ()))
        known[groups] = found
    return found


def _by_group(view: KnowledgeView, metric: str, period: str) -> dict[str, Population]:
    """Every group's ranking and sum for a metric and period, made in one pass when first asked.

    One pass for all groups (not one per group), and the sums along: at a million facts the cost
    is in reaching 50,000 facts scattered in memory, so it is paid once per (metric, period).
    """
    cells: dict[tuple[str, str], dict[str, Population]] = view.cache.setdefault(GROUPS_KEY, {})
    found = cells.get((metric, period))
    if found is not None:
        return found
    groups_of: dict[str, tuple[str, ...]] | None = view.cache.get(GROUPS_OF_KEY)
    if groups_of is None:
        groups_of = {e.key: e.groups for e in view.entities.values() if e.groups}
        view.cache[GROUPS_OF_KEY] = groups_of
    lists: dict[str, list[Fact]] = {}
    sums: dict[str, Decimal] = {}
    approximate: set[str] = set()
    for fact in view.ranking(metric, period):
        for group in groups_of.get(fact.entity, ()):
            value = fact.value
            if group in sums:
                lists[group].append(fact)
                sums[group] += value
            else:
                lists[group], sums[group] = [fact], value
            if fact.approximate:
                approximate.add(group)
    found = {}
    for group, facts in lists.items():
        found[group] = Population(tuple(facts), len(facts))
        found[group].know(sums[group], group in approximate)
    # the group rankings count against the same budget as the filtered ones
    held = view.cache.get(HELD_KEY, 0) + _held(found)
    while cells and held > MAX_HELD:
        held -= _held(cells.pop(next(iter(cells))))  # the oldest cell first
    cells[(metric, period)] = found
    view.cache[HELD_KEY] = held
    return found


def _held(groups: dict[str, Population]) -> int:
    return sum(p.held for p in groups.values())


def population(
    view: KnowledgeView,
    metric: str,
    period: str,
    groups: tuple[str, ...] = (),
    excluded: tuple[str, ...] = (),
    excluded_groups: tuple[str, ...] = (),
) -> Population:
    """The (cached) filtered ranking: in any of `groups`, minus `excluded` and `excluded_groups`."""
    cache: dict[tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], Population]
    cache = view.cache.setdefault(CACHE_KEY, {})
    wanted = tuple(sorted(groups))
    left_out = tuple(sorted(excluded_groups))
    key = (metric, period, wanted, tuple(sorted(excluded)), left_out)
    found = cache.get(key)
    if found is not None:
        return found
    facts = view.ranking(metric, period)
    held = 0
    if len(wanted) == 1 and not excluded and not left_out:
        found = _by_group(view, metric, period).get(wanted[0])
        return found if found is not None else Population(())
    if wanted:
        members = _members(view, wanted)
        facts = tuple([f for f in facts if f.entity in members])
        held = len(facts)
    if excluded or left_out:
        out = frozenset(excluded) | _members(view, left_out)
        facts = tuple([f for f in facts if f.entity not in out])
        held = len(facts)
    result = Population(facts, held)
    if not held:
        cache[key] = result  # holds nothing of its own
        return result
    held = view.cache.get(HELD_KEY, 0) + result.held
    while cache and held > MAX_HELD:
        held -= cache.pop(next(iter(cache))).held  # the oldest first
    cache[key] = result
    view.cache[HELD_KEY] = held
    return result


@dataclass(frozen=True, slots=True)
class Whole:
    """What a part is measured against: the stored aggregate, else the sum of every figure."""

    value: Decimal
    aggregate: Fact | None  # the stored whole (a market's figure), when there is one
    everyone: Population  # the figures summed when there is no stored whole

    @property
    def approximate(self) -> bool:
        """Whether the whole is an estimate."""
        if self.aggregate is not None:
            return self.aggregate.approximate
        return self.everyone.approximate


def whole(view: KnowledgeView, metric: str, period: str) -> Whole | None:
    """The whole a share or a part is taken of; None when there is nothing above zero."""
    aggregate = view.aggregate(metric, period)
    everyone = population(view, metric, period)  # the sum of all, whatever the question's scope
    if aggregate is not None and aggregate.value > 0:
        return Whole(aggregate.value, aggregate, everyone)
    if everyone.total <= 0:
        return None
    return Whole(everyone.total, None, everyone)


def top_facts(facts: tuple[Fact, ...], wanted: int, *, lowest: bool) -> tuple[Fact, ...]:
    """The `wanted` highest (or lowest) of a ranking, a tie at the cut kept whole."""
    wanted = max(1, min(wanted, len(facts)))
    if not facts:
        return facts
    start, end = tie_group(facts, len(facts) - wanted if lowest else wanted - 1)
    return facts[start:] if lowest else facts[:end]


def tie_group(facts: tuple[Fact, ...], index: int) -> tuple[int, int]:
    """The [start, end) range of facts with the same value as facts[index] (largest first)."""
    target = -facts[index].value
    return bisect_left(facts, target, key=_negated), bisect_right(facts, target, key=_negated)


def place_index(count: int, place: int, direction: str = "max") -> int:
    """Where a place asked falls in a ranking of `count`, largest first: a negative place counts
    from the end (-1 the last, -2 the one before); a positive one too when the fewest were asked."""
    if place < 0:
        return -place - 1 if direction == "min" else count + place
    return count - place if direction == "min" else place - 1


def entity_period(view: KnowledgeView, entity: str, metric: str) -> str | None:
    """The latest period with data for an entity and metric (whole years first)."""
    codes = [f.period for f in view.by_entity.get(entity, ()) if f.metric == metric]
    return max(codes, key=_latest_key) if codes else None


def _latest_key(code: str) -> tuple[int, bool, int]:
    period = Period.parse(code)
    return (period.year, period.kind == "year", period.start_month)


def left_out_facts(
    view: KnowledgeView,
    metric: str,
    period: str,
    excluded: tuple[str, ...],
    excluded_groups: tuple[str, ...],
) -> list[Fact]:
    """The figures of those left out ("without Microsoft", "without the Chinese companies"):
    everyone's, less those kept, largest first."""
    kept = population(view, metric, period, (), excluded, excluded_groups)
    inside = {f.entity for f in kept.facts}
    return [f for f in population(view, metric, period).facts if f.entity not in inside]


def nearest_period(
    view: KnowledgeView, metric: str, asked: Period, entity: str | None = None
) -> str | None:
    """The period with data closest in time to the one asked: one that covers it first (among
    the entity's own periods when one is named: "Tesla this year" points to Tesla's 2023)."""
    codes: tuple[str, ...] = view.periods.get(metric, ())
    if entity is not None:
        own = {f.period for f in view.by_entity.get(entity, ()) if f.metric == metric}
        codes = tuple(code for code in codes if code in own) or codes
    if not codes:
        return None

    def distance(code: str) -> tuple[int, bool, int]:
        p = Period.parse(code)
        # later on a tie: newer figures are the likelier wish
        return (p.months_apart(asked), p.kind != asked.kind, -p.year)

    return min(codes, key=distance)


# "about half": within a tenth of the bar
ABOUT_WITHIN = Decimal("0.1")


def holds(op: str, value: Decimal, bar: Decimal, upper: Decimal | None = None) -> bool:
    """Whether a value stands to a bar as `op` says, as `Population.select` reads the ops."""
    if op == "about":
        return abs(value - bar) <= bar * ABOUT_WITHIN
    if op == "eq":
        return value == bar
    if op == "between":
        high = bar if upper is None else upper
        return min(bar, high) <= value <= max(bar, high)
    if op == "inside":
        return bar < value < (bar if upper is None else upper)
    if op == "gt":
        return value > bar
    if op == "ge":
        return value >= bar
    if op == "le":
        return value <= bar
    return value < bar
