"""A bar asked of all of them: "did all four spend more than $20 billion?", "les quatre ont-elles
toutes dépensé plus de 20 milliards ?" - yes only if each one did; no names who did not."""

from __future__ import annotations

from knowledge.fields import Block, Names, Noun, Value
from knowledge.intents import Ctx, Part
from knowledge.parse.lang import vocabulary
from knowledge.parse.question import Query
from knowledge.plan import Plan
from knowledge.sharebar import threshold as named_threshold
from knowledge.thresholds import past


def asked_of_all(plan: Plan, q: Query) -> None:
    """Whether a yes or a no is asked of every one of those compared ("did all … ?")."""
    if plan.intent != "threshold" or plan.entities or q.has("who", "how_many"):
        return
    vocab = vocabulary()
    first = q.said[0].key if q.said else ""
    asks = first in vocab.yes_no_openers or q.has("pronoun")
    # "all" before the bar: "did all of them buy more than …", not "more than half of all chips"
    before = q.said[: q.first_comparative] if q.first_comparative is not None else []
    plan.all_asked = asks and any(t.key in vocab.each_words for t in before)


def threshold(ctx: Ctx, metric: str) -> Part:
    """Those past the bar, with a yes or a no first when all of them were asked about."""
    part = named_threshold(ctx, metric)
    if not ctx.plan.all_asked or not part.answered or part.period is None:
        return part
    passed = past(ctx, metric, part.period)
    everyone = ctx.population(metric, part.period).facts
    if isinstance(passed, Part) or not everyone:
        return part
    found_bar, found = passed
    over = {f.entity for f in found}
    short = [f for f in everyone if f.entity not in over]
    fields: dict[str, object] = {
        "bar": found_bar.phrase,
        "count": len(everyone),
        "passed": len(found),
        "noun": Noun(),
    }
    if not short:
        part.blocks.insert(0, Block("all_past_yes", fields))
        return part
    fields["entity"] = Names(tuple(f.entity for f in short))
    fields["value"] = Value(short[0], bold=False)
    part.blocks.insert(0, Block("all_past_no_one" if len(short) == 1 else "all_past_no", fields))
    part.facts.extend(short[:1])  # the one that falls short is shown: cited
    return part
