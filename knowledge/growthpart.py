"""A growth bar said as a part: "did Meta grow by less than half?" is a bar of +50% on its
change, "a-t-elle augmenté de plus d'un tiers ?" of +33.3%; after a share, "is that over a
quarter?" is a bar of 25% on the share."""

from __future__ import annotations

from decimal import Decimal

from knowledge.conversation import Conversation
from knowledge.parse.comparatives import multiples_either, periods_compared
from knowledge.parse.fractions import part_word
from knowledge.parse.lang import vocabulary
from knowledge.parse.question import Query
from knowledge.plan import Plan

# how the comparison before the part is said, first match wins ("at least" before "more")
_OPS = (("at_least", "ge"), ("at_most", "le"), ("more_than", "gt"), ("less_than", "lt"))


def part_of_growth(plan: Plan, q: Query) -> None:
    """Set a growth bar from a part said right after the comparison of a change."""
    if plan.intent == "change" and _of_everyone(plan, q) and not q.has("decline"):
        _periods_set_against(plan, q)
        _sum_multiplied(plan, q)
    elif plan.intent == "change" and len(plan.entities) > 1:
        _sum_multiplied(plan, q)  # "did their total double?": their sum's, not each one's
    if plan.intent != "change" or not plan.entities or plan.growth_bar or plan.times:
        return
    if q.first_comparative is None or q.numbers or plan.threshold is not None:
        return
    change_at = next((x.start for x in q.items if x.kind in ("change", "decline")), None)
    if change_at is None or change_at > q.first_comparative:
        return  # "more than half … since 2023" is no bar on the change
    op = next((op for concept, op in _OPS if q.has(concept)), None)
    part = _part_after(q, q.first_comparative)
    if op is None or part is None:
        return
    plan.growth_bar, plan.relative_change, plan.threshold = True, True, (op, part)
    plan.position = None  # "a third" is a part here, not a place in the ranking


def part_of_share(plan: Plan, q: Query, context: Conversation | None) -> None:
    """ "Chinese companies' share" - "is that over a quarter?", « c'est plus d'un quart ? »: a
    bar on the share (a part said without "of" is read as a part only after a comparison, with
    a share asked or just given)."""
    after_share = plan.followup and context is not None and context.intent == "share"
    if plan.share_bar is not None or not (plan.intent == "share" or after_share):
        return
    if q.first_comparative is None or q.periods or q.entities or q.groups:
        return
    op = next((op for concept, op in _OPS if q.has(concept)), None)
    found = _part_at(q, q.first_comparative)
    if op is None or found is None:
        return
    at, part = found
    # « plus d'un quart » : its « un » is the part's article, not a number of chips
    if any(x.kind == "number" and x.start != at - 1 for x in q.items):
        return
    if plan.intent != "share" and context is not None:
        # (« un » read as a number made it a bar on the figures of everyone)
        plan.intent, plan.threshold = "share", None
        plan.entities, plan.groups = list(context.entities), list(context.groups)
    plan.share_bar, plan.position, plan.value = (op, part), None, None


def _part_at(q: Query, start: int) -> tuple[int, Decimal] | None:
    """Where the part named within a few words after the comparison is, and the part."""
    vocab = vocabulary()
    for i in range(start, min(start + 5, len(q.said))):
        found = part_word(q.said, i, vocab)
        if found is not None:
            return i, found
    return None


def _part_after(q: Query, start: int) -> Decimal | None:
    """The part named within a few words after the comparison ("less than half")."""
    found = _part_at(q, start)
    return found[1] if found is not None else None


def _periods_set_against(plan: Plan, q: Query) -> None:
    """ "Did anybody buy fewer in 2024 than in 2023?": the falls first (or the rises), with a
    "no" when nobody fell; the comparative says the direction, not "the least"."""
    fall = periods_compared(q)
    if fall is not None:
        plan.direction, plan.fall = ("min" if fall else "max"), fall


def _sum_multiplied(plan: Plan, q: Query) -> None:
    """ "Is the 2024 total more than twice the 2023 total?", "did the total double?": a yes or
    a no on the sum's multiple, not who among them doubled."""
    if plan.multiple is None or not q.has("total") or q.has("who", "each"):
        return
    plan.summed = True
    plan.times = plan.times or ("either" if multiples_either(q.items) else "about")


def _of_everyone(plan: Plan, q: Query) -> bool:
    """Nobody named; "the 2024 total vs the 2023 total", said in full after a question about
    Microsoft, is everyone's total again (not "their total")."""
    if not plan.entities:
        return True
    total_at = next((x.start for x in q.items if x.kind == "total"), None)
    # "their total" points back; "le total … est-il" asks of the total itself
    theirs = any(x.kind == "pronoun" and (total_at is None or x.start < total_at) for x in q.items)
    said = q.entities or q.groups or theirs or len(q.periods) < 2
    if plan.followup and plan.multiple and q.has("total") and not said:
        plan.entities = []
        return True
    return False
