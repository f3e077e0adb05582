"""The in-memory view of the knowledge that answering reads: indexed once, no I/O per question."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from knowledge.model import Entity, Fact, Group, KnowledgeSet, Metric, Period, Source

_LATEST = "view.latest_period"
_VALUE = attrgetter("value")


def _latest_key(period: Period) -> tuple[int, bool, int, int]:
    # The latest year wins; within a year, the whole year before its quarters and months.
    return (period.year, period.kind == "year", period.start_month, -len(period.code))


@dataclass(slots=True)
class KnowledgeView:
    """Immutable-by-convention indexes over one version of the knowledge."""

    version: int
    sources: dict[str, Source]
    groups: dict[str, Group]
    entities: dict[str, Entity]
    metrics: dict[str, Metric]
    facts: tuple[Fact, ...]
    # (metric, period) -> one fact per non-aggregate entity, largest value first
    ranked: dict[tuple[str, str], tuple[Fact, ...]]
    # (metric, period) -> facts of aggregate entities (a whole market)
    aggregates: dict[tuple[str, str], tuple[Fact, ...]]
    # entity -> its facts, by metric then chronological period
    by_entity: dict[str, tuple[Fact, ...]]
    # metric -> periods with data, chronological
    periods: dict[str, tuple[str, ...]]
    # group -> member entity keys
    members: dict[str, tuple[str, ...]]
    # derived structures (the lexicon, caches) attached by other modules, per view
    cache: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, knowledge: KnowledgeSet, version: int = 0) -> KnowledgeView:
        """Index a KnowledgeSet (a million facts in a few seconds: no per-fact parsing)."""
        sources = {s.key: s for s in knowledge.sources}
        entities = {e.key: e for e in knowledge.entities}
        # Only while building: kept, a million-entry dict of key tuples costs ~100 MB, and an
        # entity's own few facts answer `fact()` as fast.
        lookup: dict[tuple[str, str, str], Fact] = {}
        for fact in knowledge.facts:
            key = (fact.entity, fact.metric, fact.period)
            current = lookup.get(key)
            if current is None or _newer(sources, fact, current):
                lookup[key] = fact
        aggregate_keys = {key for key, entity in entities.items() if entity.aggregate}
        aggregates: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        by_entity: dict[str, list[Fact]] = defaultdict(list)
        period_sets: dict[str, set[str]] = defaultdict(set)
        cells: dict[tuple[str, str], None] = {}  # rankings in order of first appearance
        for fact in lookup.values():
            by_entity[fact.entity].append(fact)
            period_sets[fact.metric].add(fact.period)
            if fact.entity in aggregate_keys:
                aggregates[(fact.metric, fact.period)].append(fact)
            else:
                cells[(fact.metric, fact.period)] = None
        # Filled entity by entity in name order, each ranking then needs one sort, by value.
        names = {key: e.name.casefold() for key, e in entities.items()}
        ranked: dict[tuple[str, str], list[Fact]] = {cell: [] for cell in cells}
        for entity_key in sorted(by_entity, key=lambda k: names.get(k, k)):
            if entity_key not in aggregate_keys:
                for fact in by_entity[entity_key]:
                    ranked[(fact.metric, fact.period)].append(fact)
        # Periods are few: parse each once, not once per fact.
        order = {p: Period.parse(p).sort_key() for ps in period_sets.values() for p in ps}
        members: dict[str, list[str]] = defaultdict(list)
        for entity in knowledge.entities:
            for group in entity.groups:
                members[group].append(entity.key)
        return cls(
            version=version,
            sources=sources,
            groups={g.key: g for g in knowledge.groups},
            entities=entities,
            metrics={m.key: m for m in knowledge.metrics},
            facts=tuple(knowledge.facts),
            ranked={k: _largest_first(v) for k, v in ranked.items()},
            aggregates={k: tuple(v) for k, v in aggregates.items()},
            by_entity={
                k: tuple(sorted(v, key=lambda f: (f.metric, order[f.period])))
                for k, v in by_entity.items()
            },
            periods={m: tuple(sorted(p, key=order.__getitem__)) for m, p in period_sets.items()},
            members={k: tuple(v) for k, v in members.items()},
        )

    def latest_period(self, metric: str) -> str | None:
        """The latest period with data for a metric; whole years before finer periods."""
        latest: dict[str, str | None] = self.cache.setdefault(_LATEST, {})
        if metric not in latest:
            periods = self.periods.get(metric)
            latest[metric] = (
                max(periods, key=lambda code: _latest_key(Period.parse(code))) if periods else None
            )
        return latest[metric]

    def fact(self, entity: str, metric: str, period: str) -> Fact | None:
        """The preferred fact for an entity, metric and period, if stored."""
        for fact in self.by_entity.get(entity, ()):
            if fact.period == period and fact.metric == metric:
                return fact
        return None

    def preferred_facts(self) -> Iterator[Fact]:
        """Every preferred fact (one per entity, metric and period), entity by entity."""
        for facts in self.by_entity.values():
            yield from facts

    def ranking(self, metric: str, period: str) -> tuple[Fact, ...]:
        """Non-aggregate facts for a metric and period, largest first."""
        return self.ranked.get((metric, period), ())

    def aggregate(self, metric: str, period: str) -> Fact | None:
        """The stored whole-market figure for a metric and period, if any."""
        facts = self.aggregates.get((metric, period), ())
        return facts[0] if facts else None


def _largest_first(facts: list[Fact]) -> tuple[Fact, ...]:
    """Largest value first; the sort is stable, so equal values stay in name order."""
    facts.sort(key=_VALUE, reverse=True)
    return tuple(facts)


def _newer(sources: dict[str, Source], fact: Fact, current: Fact) -> bool:
    new, old = sources.get(fact.source), sources.get(current.source)
    if new is None or old is None:
        return False
    return (new.published, new.key) > (old.published, old.key)


Cell = tuple[str, str, str]  # entity, metric, period


def patch_view(
    view: KnowledgeView,
    version: int,
    cells: set[Cell],
    current: list[Fact],
    keep_cache: Collection[str] = (),
) -> KnowledgeView:
    """A new view in which `cells` hold exactly `current` (their stored facts), the rest shared.

    Only for changes to facts: the definitions (entities, metrics, groups, sources), and so the
    lexicon, are the view's own. Equal to a full build of the same knowledge, up to the order of
    `facts` and of ties between entities with the same name.
    """
    chosen: dict[Cell, Fact] = {}
    for fact in current:
        cell = (fact.entity, fact.metric, fact.period)
        if cell not in chosen or _newer(view.sources, fact, chosen[cell]):
            chosen[cell] = fact
    ranked, aggregates = _patch_rankings(view, cells, chosen)
    touched = {cell[0] for cell in cells}  # a str set first: most facts are not touched
    return KnowledgeView(
        version=version,
        sources=view.sources,
        groups=view.groups,
        entities=view.entities,
        metrics=view.metrics,
        facts=(
            *(
                f
                for f in view.facts
                if f.entity not in touched or (f.entity, f.metric, f.period) not in cells
            ),
            *current,
        ),
        ranked=ranked,
        aggregates=aggregates,
        by_entity=_patch_entities(view, cells, chosen),
        periods=_patch_periods(view, cells, ranked, aggregates),
        members=view.members,
        # what depends on the definitions only (the lexicon) carries over; the rest is rebuilt
        cache={key: value for key, value in view.cache.items() if key in keep_cache},
    )


def _patch_entities(
    view: KnowledgeView, cells: set[Cell], chosen: dict[Cell, Fact]
) -> dict[str, tuple[Fact, ...]]:
    by_entity = dict(view.by_entity)
    for entity in {cell[0] for cell in cells}:
        facts = [f for f in by_entity.pop(entity, ()) if (entity, f.metric, f.period) not in cells]
        facts += [fact for cell, fact in chosen.items() if cell[0] == entity]
        if facts:
            order = {f.period: Period.parse(f.period).sort_key() for f in facts}
            by_entity[entity] = tuple(sorted(facts, key=lambda f: (f.metric, order[f.period])))
    return by_entity


def _patch_rankings(
    view: KnowledgeView, cells: set[Cell], chosen: dict[Cell, Fact]
) -> tuple[dict[tuple[str, str], tuple[Fact, ...]], dict[tuple[str, str], tuple[Fact, ...]]]:
    ranked, aggregates = dict(view.ranked), dict(view.aggregates)
    entities = view.entities
    for metric, period in {(cell[1], cell[2]) for cell in cells}:
        changed = {c[0] for c in cells if c[1] == metric and c[2] == period}
        new = [f for c, f in chosen.items() if c[1] == metric and c[2] == period]
        for table, is_aggregate in ((ranked, False), (aggregates, True)):
            facts = [f for f in table.get((metric, period), ()) if f.entity not in changed]
            facts += [f for f in new if entities[f.entity].aggregate == is_aggregate]
            if not facts:
                table.pop((metric, period), None)
            elif is_aggregate:
                table[(metric, period)] = tuple(facts)
            else:
                # name order, then a stable sort by value: what the full build gives
                facts.sort(key=lambda f: (entities[f.entity].name.casefold(), f.entity))
                table[(metric, period)] = _largest_first(facts)
    return ranked, aggregates


def _patch_periods(
    view: KnowledgeView,
    cells: set[Cell],
    ranked: dict[tuple[str, str], tuple[Fact, ...]],
    aggregates: dict[tuple[str, str], tuple[Fact, ...]],
) -> dict[str, tuple[str, ...]]:
    periods = dict(view.periods)
    for metric in {cell[1] for cell in cells}:
        codes = {p for m, p in (*ranked, *aggregates) if m == metric}
        if codes:
            periods[metric] = tuple(sorted(codes, key=lambda code: Period.parse(code).sort_key()))
        else:
            periods.pop(metric, None)
    return periods
