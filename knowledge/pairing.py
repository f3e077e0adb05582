"""Two figures of different metrics set against each other: "is Google's Hopper number bigger
than Meta's MI300 number?" names one entity and one metric on each side of the comparison."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.parse.question import Query

_LESS = ("less", "less_than", "least", "at_most")
_MORE = ("more", "more_than", "most", "at_least")
# said between the second name and the second metric, these start another question
_SECOND_ASKED = frozenset({*_LESS, *_MORE, "followup", "compare"})


@dataclass(frozen=True, slots=True)
class Pairs:
    """(entity, metric) on each side, and whether the first is asked to be more or less."""

    first: tuple[str, str]
    second: tuple[str, str]
    asked: str | None = None  # "more", "less", or None: which one is larger, no yes or no


def metric_pairs(q: Query) -> Pairs | None:
    """The two sides when each names one entity and its own metric, the metrics differing:
    "Google's Hopper … than Meta's MI300", "le nombre de Hopper de Google … de MI300 de Meta"."""
    said = [x for x in q.items if x.kind in ("entity", "metric")]
    kinds = [x.kind for x in said]
    if len(said) != 4 or kinds[0] == kinds[1] or kinds[:2] != kinds[2:]:
        return None  # not one entity and one metric, then another entity and another metric
    entities = [str(x.value) for x in said if x.kind == "entity"]
    metrics = [str(x.value) for x in said if x.kind == "metric"]
    if entities[0] == entities[1] or metrics[0] == metrics[1]:
        return None  # one entity's two metrics, or two entities on one metric
    between = [x.kind for x in q.items if said[2].start < x.start < said[3].start]
    if any(kind in _SECOND_ASKED for kind in between):
        return None  # "more Hopper than Meta, and more MI300?": a second question, not a pair
    return Pairs((entities[0], metrics[0]), (entities[1], metrics[1]), _asked(q))


def _asked(q: Query) -> str | None:
    """ "Is A's bigger than B's?" asks a yes or a no; "which is bigger?", "A vs B" do not."""
    if q.has("who", "which_one"):
        return None
    if q.has(*_LESS):
        return "less"
    return "more" if q.has(*_MORE) else None
