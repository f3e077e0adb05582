"""Follow-ups that point back at the ones just discussed without naming them: named in the
last two questions ("Meta" - "and Google?" - "together?"), or in the last answer ("top 3" -
"their total?", "who spent the most?" - "what share of the market is that?")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.afresh import asks_everyone
from knowledge.conversation import Conversation
from knowledge.groupfollowup import two_group_changes
from knowledge.model import Period
from knowledge.parse.comparatives import than_a_period
from knowledge.parse.lang import vocabulary
from knowledge.parse.question import Query
from knowledge.reading import Side
from knowledge.thisone import (
    as_many_as_said,
    moved_between,
    past_the_middle,
    period_bigger,
    rank_moved,
    said_against,
    sum_moved,
)

if TYPE_CHECKING:
    from knowledge.plan import Plan


def refers_back(plan: Plan, q: Query, context: Conversation, intent: str | None) -> bool:
    """A question about the ones just discussed, named in the last two questions or in the last
    answer: "Meta" - "and Google?" - "together?" / "which one is bigger?"; "top 3" - "their
    total?"; "who spent the most?" - "what share is that?"; "Tencent" - "more than ByteDance?"."""
    # "and than Meta?", "how much more than Meta?", "and vs the Chinese companies?"
    # ("and 2024 rank" - "so it dropped?"; "total 2023 vs 2024" - "growth?": what moved)
    if any(rule(plan, q, context) for rule in (*_AGAINST, *_MOVED)):
        return True
    compared = [*context.entities, *([context.relative_to] if context.relative_to else [])]
    among = set(q.entities) <= set(compared) and not q.groups and not q.numbers
    if q.has("difference", "ratio") and len(compared) == 2 and len(context.entities) == 1 and among:
        return _as_comparison(plan, compared)  # "more than Meta?" - "by how much?"
    if any(rule(plan, q, context) for rule in (_gap_of_ends, _two_metrics, _share_moved)):
        return True
    # "et les deux ensemble ?" names them already
    _share_together(
        plan, q, context, intent, len(q.entities) if q.entities == pair_of(context) else 0
    )
    if q.entities or q.groups or q.numbers:
        return False
    pair = pair_of(context)
    # ("how many more than the 3rd?": a place, not the last two answers, even when nobody holds it)
    if not q.has("who") and q.ordinal is None and _calculation(plan, q, context, pair):
        return True
    if _together(plan, q, context, pair, intent):
        return False
    # ("1st+2nd as a share of the market?" names others, by their places)
    placed = q.ordinal is not None
    if _apart_in_percent(q) and context.intent == "comparison" and len(pair) >= 2 and not placed:
        # "Amazon vs Google" - "and in percent?", "percentage wise?": how far apart, in percent
        plan.percent, plan.relative_change, plan.extreme = True, False, False
        return _as_comparison(plan, pair)
    # "which one is bigger?" is between the two; "who bought the most?" is about everyone
    # ("which one grew the most?", "laquelle a le plus augmenté ?": one of the two)
    of_two = q.has("which_one") or not q.has("most", "least")
    comparing = q.has("more", "less", "compare", "most", "least") and of_two
    if q.has("who") and comparing and len(pair) >= 2:
        if q.has("change", "decline"):
            plan.entities, plan.extreme = pair, True  # "which grew more?": their changes ranked
            return False
        return _as_comparison(plan, pair)
    if q.relative_to in pair and len(pair) >= 2 and q.has("ratio", "difference"):
        # "Lambda" - "CoreWeave" - "how many times more did CoreWeave buy?": the two
        return _as_comparison(plan, pair)
    one = context.entities or (context.shown if context.intent in _ONE_FOUND else ())
    if intent == "threshold" and q.relative_to and not q.has("who") and one:
        plan.entities = list(one)  # "is that more than ByteDance?", after "who … the most?" too
        return False
    if _about_shown(q, context, intent):
        plan.entities = list(context.shown)  # "top 3" - "their total?"; "what share is that?"
    return False


def _together(
    plan: Plan, q: Query, context: Conversation, pair: list[str], intent: str | None
) -> bool:
    """ "And together?": the ones just asked about, added up (less any now left out)."""
    asked = q.has("total", "between_them") and intent in ("total", "threshold")
    if not asked or asks_everyone(q, plan):  # ("who bought the most over both years?": everyone)
        return False
    kept = [e for e in _named_together(context, pair) if e not in q.excluded]
    kept = as_many_as_said(q, context, kept)  # "sum of the three"
    # "CoreWeave vs Lambda" - "and to Tesla?" - "the three?": those of both comparisons
    both = [e for e in dict.fromkeys([*context.before, *context.entities]) if e not in q.excluded]
    kept = both if q.the_n is not None and q.the_n == len(both) > len(kept) else kept
    if q.the_n not in (None, len(kept)):
        # "Microsoft vs Amazon" … "and the 4 together?": not those two, all those listed
        _share_together(plan, q, context, intent, q.the_n or 0)
        return False
    if len(kept) < 2:
        return False
    plan.entities, plan.excluded = kept, []
    _share_together(plan, q, context, intent, len(kept))
    return True


def _share_together(
    plan: Plan, q: Query, context: Conversation, intent: str | None, count: int
) -> None:
    """ "Google's share" - "and Amazon's" - "combined?", "et les deux ensemble ?": their share
    together, not their total ("how many is that together?" is)."""
    if context.intent != "share" or intent != "total" or q.metrics or q.has("how_many"):
        return
    if count < 2 or q.groups or q.numbers:
        return
    if q.has("total", "between_them"):
        plan.intent, plan.each = "share", False  # "les deux ensemble": not each one's


# answers about one (named, or found: the leader, the one at a place) that a gap can be asked of
_ONE_FOUND = ("figure", "superlative", "rank_position", "rank_neighbour")


def _gap_to_another(plan: Plan, q: Query, context: Conversation) -> bool:
    """ "Who bought the most?" or "Microsoft's figure" - "how much more than Meta?", "compared to
    Meta?": the one just discussed against the one named (after a tie, those tied)."""
    if len(q.entities) != 1 or q.groups or q.numbers or q.metrics or than_a_period(q):
        return False  # ("… in 2024 than 2023": the one named against itself)
    own = q.has("change", "decline") and not q.has("than", "compare")  # "did X's share fall?"
    if context.intent not in _ONE_FOUND or own or not q.has("difference", "ratio", "compare"):
        return False
    # the ones the answer found ("right behind Microsoft": those behind it), else those named
    kept = [e for e in context.shown or context.entities if e != q.entities[0]]
    if not kept or len(kept) > 2:
        return False
    return _as_comparison(plan, [*kept, q.entities[0]])


def _two_metrics(plan: Plan, q: Query, context: Conversation) -> bool:
    """ "Meta's MI300" - "and Hopper?" - "which is bigger?" / "the difference?", "rapport entre
    les deux ?": one entity's two figures just given, compared; "Microsoft's in-house chips" -
    "is that more than its Hopper purchases?": its figure against its figure on another metric."""
    if context.intent != "figure" or len(context.entities) != 1 or len(context.metrics) != 1:
        return False
    if not set(q.entities) <= set(context.entities) or q.groups or q.numbers:
        return False  # ("its", "les deux": the one just discussed)
    if q.has("change", "decline") or not q.has(*_OF_TWO_FIGURES):
        return False
    other = _other_metric(q, context)
    if q.metrics and other is None:
        return False
    # "Meta's AMD" - "and in-house?" - "and Nvidia?" - "which is biggest?": all three
    before = (other,) if other is not None else context.metrics_before
    if not before:
        return False
    plan.intent, plan.entities = "figure", list(context.entities)
    plan.metrics = [*before, *context.metrics] if other is None else [*context.metrics, other]
    return True


# what asks which of one's two figures is ahead, or by how much
_OF_TWO_FIGURES = (
    "more",
    "less",
    "most",
    "least",
    "compare",
    "difference",
    "ratio",
    "more_than",
    "less_than",
)


def its_other(q: Query, context: Conversation) -> bool:
    """Whether the question sets the figure just given against the same one's other metric."""
    return _other_metric(q, context) is not None


def _other_metric(q: Query, context: Conversation) -> str | None:
    """ "Microsoft's in-house chips" - "is that more than its Hopper purchases?": the other
    metric the one just given is set against, said of the same one ("its", or by name)."""
    if len(q.metrics) != 1 or q.metrics[0] in context.metrics or len(context.entities) != 1:
        return None
    said = q.has("more_than", "less_than") or (q.has("compare") and q.has("pronoun"))
    ours = q.has("pronoun") or q.entities == list(context.entities)
    return q.metrics[0] if said and ours and context.intent == "figure" else None


def _against_a_group(plan: Plan, q: Query, context: Conversation) -> bool:
    """ "Microsoft vs Meta" - "and vs the Chinese companies?": the first one against the group's
    sum, as "Microsoft vs the Chinese companies combined"."""
    if q.entities or len(q.groups) != 1 or q.numbers or not q.has("compare", "than"):
        return False
    if q.has("who", "each", "most", "least", "rank"):
        return False  # ("and which Chinese companies bought more?": each of them)
    found = context.shown if len(context.shown) == 1 else ()
    one = context.entities[:1] or found
    first = _first_side(context)
    if context.intent not in (*_ONE_FOUND, "comparison") or not (one or first):
        return False
    plan.intent, plan.entities = "comparison", list(one)
    # "did Chinese companies buy more than Microsoft?" - "and vs US companies?": the group first
    side = Side(entities=tuple(one)) if one or first is None else first
    plan.sides = [side, Side(groups=tuple(q.groups))]
    plan.groups = [*side.groups, *q.groups]
    return True


def _first_side(context: Conversation) -> Side | None:
    """The first side of the comparison just answered, when it is a group's sum."""
    sides = context.yes_no.sides if context.yes_no is not None else ()
    if context.intent != "comparison" or not sides or sides[0].entities or not sides[0].groups:
        return None
    return sides[0]


def pair_of(context: Conversation) -> list[str]:
    """The two (or more) just asked about: named together, or one after the other, or found by
    the last two answers ("who spent the most?" - "and the second?"; "who is 2nd?" (a tie of
    two) - "and 4th?": the three)."""
    if len(context.entities) == 1:
        return list(dict.fromkeys([*context.before, *context.entities]))
    shown, earlier = context.shown, context.shown_before
    if not context.entities and shown and earlier and len(shown) + len(earlier) <= 3:
        return list(dict.fromkeys([*earlier, *shown]))
    if _ends_of_changes(context):
        return [context.shown_before[0], context.shown[0]]  # "the most" - "the least": each top
    return list(context.entities) if len(context.entities) >= 2 else []


def _gap_of_ends(plan: Plan, q: Query, context: Conversation) -> bool:
    """ "Who grew the most?" - "and the least?" - "the difference?", "by how much in percent?":
    the two ends' changes, with the gap between them."""
    ends = pair_of(context) if _ends_of_changes(context) else []
    if not q.has("difference", "ratio") or not ends or q.periods or q.groups or q.numbers:
        return False
    if not set(q.entities) <= set(ends):
        return False
    plan.relative_change = context.relative_change or q.has("share", "relative")
    return _as_ranked_changes(plan, ends)


def _ends_of_changes(context: Conversation) -> bool:
    """Whether the last two answers found the ones that changed the most and the least."""
    shown, earlier = context.shown, context.shown_before
    if context.intent != "change" or not context.extreme or context.entities:
        return False
    return bool(shown and earlier) and shown[0] != earlier[0]


def _named_together(context: Conversation, pair: list[str]) -> list[str]:
    """The ones a total is of: the two just named, not the two ends of a ranking ("who spent
    the most?" - "and the least?" - "and the total?" is everyone's total)."""
    if context.intent == "superlative" and not context.entities:
        return []
    # "Google" - "and Meta?" - "and Amazon?" - "total?": all three, not the last two
    return list(context.chain) if len(context.chain) > len(pair) else pair


def _calculation(plan: Plan, q: Query, context: Conversation, pair: list[str]) -> bool:
    """A calculation on the last answers: "how much did it grow?", "the difference?", "and in
    percent?" after a change."""
    if q.has("change") and not q.has("most", "least") and moved_between(plan, context):
        return True  # "Microsoft in 2023" - "and in 2024?" - "how much did it grow?"
    if q.has("difference", "ratio") and context.intent == "change" and len(context.entities) > 1:
        # "which one grew more?" - "by how much?": the gap between their changes
        plan.relative_change = context.relative_change
        return _as_ranked_changes(plan, list(context.entities))
    if q.has("difference", "ratio") and _last_two(plan, context):
        return True
    if q.has("difference", "ratio") and len(pair) == 2 and not q.periods:
        # "Meta" - "and Google?" - "the difference?" ("quel écart en pourcentage ?": in percent)
        plan.percent = plan.percent or _apart_in_percent(q)
        return _as_comparison(plan, pair)
    if q.has("share", "relative") and context.intent == "change" and not _of_a_whole(q):
        # "Microsoft's change" - "and in percent?": the same change, in proportion
        plan.intent, plan.relative_change, plan.direction = "change", True, context.direction
        plan.entities, plan.extreme = list(context.entities), context.extreme
        plan.summed = context.summed  # the change of a sum stays one
        return True
    groups = context.groups
    if _apart_in_percent(q) and context.intent == "comparison" and len(groups) > 1:
        # "Chinese vs US companies" - "and in percent?": how far apart, in percent
        plan.intent, plan.groups, plan.percent = "comparison", list(groups), True
        plan.relative_change, plan.extreme = False, False
        return True
    return False


def _of_a_whole(q: Query) -> bool:
    """ "… how much did they grow?" - "what share of all Hoppers is that?", « quelle part de
    tous les hopper ? »: a part of everyone's, not the change in percent."""
    named = bool(q.metrics) and not q.has("change", "decline", "relative")
    return named or q.has("among_everyone")


def _apart_in_percent(q: Query) -> bool:
    """ "And in percent?", "percentage wise?", "en pourcentage ?" after a comparison: how far
    apart, in percent; not "percentage growth?", "taux de croissance ?" (a change)."""
    if q.has("who") or not q.has("share", "relative"):
        return False
    if q.has("share"):
        return True
    growth = ("change", "decline", "most", "least")
    return not any(vocabulary().phrases.get((t.key,)) in growth for t in q.said)


def _last_two(plan: Plan, context: Conversation) -> bool:
    """ "The difference?" between the last two answers: one figure in two periods ("Microsoft in
    2023" - "and in 2024?"), two groups' sums, two superlatives ("the most" - "the least")."""
    if moved_between(plan, context):
        return True
    groups, before = context.groups, context.groups_before
    if not context.entities and len(groups) == len(before) == 1 and groups != before:
        plan.intent, plan.entities = "comparison", []  # "Chinese companies" - "and US ones?"
        plan.groups = [*before, *groups]
        return True
    shown, earlier = context.shown, context.shown_before
    if context.intent == "superlative" and shown and earlier and shown[0] not in earlier:
        # "the most" - "the least" - "the difference?": the first of each (one of a tie)
        return _as_comparison(plan, [earlier[0], shown[0]])
    return False


def _share_moved(plan: Plan, q: Query, context: Conversation) -> bool:
    """ "Its share in 2023" - "and in 2024?" - "did it go up?": the last two answers gave one
    share in two periods; its change, in percentage points ("how many more chips?" is not)."""
    before, after = context.period_before, context.answered_period
    if context.intent != "share" or before is None or after is None or before == after:
        return False
    if not q.has("change", "decline") or q.has("most", "least", "who", "how_many") or q.groups:
        return False
    if q.metrics or q.verb_metrics or q.partial_metrics or q.numbers or q.periods:
        return False
    if q.entities and q.entities != list(context.entities):
        return False
    plan.intent, plan.entities, plan.of_share = "change", list(context.entities), True
    plan.groups = list(context.groups)
    plan.periods = [Period.parse(before), Period.parse(after)]
    return True


def _as_ranked_changes(plan: Plan, entities: list[str]) -> bool:
    """The question becomes these ones' changes, ranked."""
    plan.intent, plan.entities, plan.extreme = "change", entities, True
    return True


def _as_comparison(plan: Plan, entities: list[str]) -> bool:
    """The question becomes a comparison of these, with no bar of its own."""
    plan.intent, plan.entities = "comparison", entities
    plan.relative_to, plan.threshold = None, None
    return True


def _about_shown(q: Query, context: Conversation, intent: str | None) -> bool:
    """Whether a question naming no one asks about the ones the last answer named."""
    if context.entities or not context.shown or intent not in _ABOUT_SHOWN:
        return False
    if context.summed and context.groups:
        return False  # a group's sum changed: the group's, not each member listed with it
    # "top 2 share?", "and who tripled?" say whose; a change is asked of one leader, not a list
    if q.top_n is not None or q.ordinal is not None or q.has("who"):
        return False
    # "top 3" - "sum of those three": as many as the answer named
    counted = any(x.kind == "number" and x.value == len(context.shown) for x in q.items)
    theirs = q.has("pronoun") or counted or intent in ("share", "change")
    return theirs and (intent != "change" or len(context.shown) == 1)


# what can be asked of the ones an answer named without naming them
_ABOUT_SHOWN = ("share", "change", "total", "average")


def _against_another(plan: Plan, q: Query, context: Conversation) -> bool:
    """ "Is Tencent above ByteDance?" - "and than Meta?": the same one against another."""
    against = q.has("than", "compare") or said_against(q)  # "and than Meta?", "and to Meta?"
    if not against or len(q.entities) != 1 or not context.entities:
        return False
    if q.entities[0] in context.entities:
        return False  # "Microsoft" - "did Microsoft double or triple?": about the same one
    if context.intent == "comparison" and len(context.entities) == 2 and not q.has("who"):
        # "did Meta buy more than Google?" - "and than Amazon?": the first against another
        return _as_comparison(plan, [context.entities[0], q.entities[0]])
    if context.intent == "change" and len(context.entities) == 1 and not q.has("who"):
        # "ByteDance since 2023" - "and compared with Google?": their two changes, ranked
        return _as_ranked_changes(plan, [context.entities[0], q.entities[0]])
    if context.intent != "threshold" or context.relative_to is None:
        return False
    plan.intent, plan.relative_to = "threshold", q.entities[0]
    plan.entities = list(context.entities)
    plan.direction = context.direction
    return True


# a follow-up about what the last answers gave: a rank or a total in two years, a middle
_MOVED = (rank_moved, sum_moved, period_bigger, past_the_middle)
# a follow-up setting the one just discussed against another, read in this order
_AGAINST = (_against_another, _gap_to_another, _against_a_group, two_group_changes)
