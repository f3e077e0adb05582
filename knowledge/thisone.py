"""The one just discussed, asked about without being named or pointed at by a pronoun: "Tesla"
- "is that the smallest?" (a yes or no about Tesla), "Lambda" - "rank?" / "son rang ?" (its
rank, not the whole ranking)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from knowledge.conversation import Conversation
from knowledge.model import Period
from knowledge.parse.items import COMPARATIVE
from knowledge.parse.lang import vocabulary
from knowledge.parse.question import Query
from knowledge.reading import classify

if TYPE_CHECKING:
    from knowledge.plan import Plan

# answers about one named that "is that the smallest?" or "rank?" goes on with
_ABOUT_ONE = ("figure", "entity_overview", "rank_position", "superlative")


def with_the_one(q: Query, context: Conversation) -> Query:
    """The question with the one just discussed named, when it asks about that one only."""
    side = _one_side(context)
    if side and _rank_alone(q, classify(q)) and not (q.entities or q.groups or q.numbers):
        return replace(q, entities=side)  # "is that more than B and C combined?" - "what rank?"
    if len(context.entities) != 1 or context.intent not in (*_ABOUT_ONE, "rank_neighbour"):
        return q
    # "who's just above Amazon?" - "and in 2023 hopper rank?": Amazon's, the one asked about
    after_neighbour = context.intent == "rank_neighbour"
    if after_neighbour and not q.leading_followup:
        return q
    if q.entities or q.groups or q.numbers or q.excluded or q.has("who", "pronoun"):
        return q
    if not q.has("most", "least", "top", "rank", "position"):
        return q  # (neither a superlative nor a rank: the intent need not be read)
    intent = classify(q)
    if intent == "superlative" and _yes_or_no(q) and q.top_n is None and not after_neighbour:
        return replace(q, entities=list(context.entities))  # "is that the smallest?"
    if _rank_alone(q, intent):
        return replace(q, entities=list(context.entities))  # "rank?", "son rang ?"
    return q


def _one_side(context: Conversation) -> list[str]:
    """The one set against a sum in the last yes or no ("A against B and C combined"): A."""
    asked = context.yes_no
    if context.intent != "comparison" or asked is None or len(asked.sides) != 2:
        return []
    first = asked.sides[0]
    return list(first.entities) if len(first.entities) == 1 and not first.groups else []


def _yes_or_no(q: Query) -> bool:
    """ "Is that …", "was it …", "c'est …", "est-ce …": a yes or no is asked."""
    return any(t.key in vocabulary().yes_no_openers for t in q.said[:2])


def _rank_alone(q: Query, intent: str | None) -> bool:
    """ "rank?", "what rank?", "son rang ?": a rank, of nobody named; not "rank them" (everyone),
    "the top 3" or "from the bottom"."""
    if not q.has("rank", "position") or q.top_n is not None or q.ordinal is not None:
        return False
    if q.has("bottom", "ascending", "descending", "most", "least", "each", "change"):
        return False
    vocab = vocabulary()
    # "rank them", "rank those", "classe-les", "the ranks": everyone ranked
    plural = any(
        vocab.phrases.get((t.key,)) in ("pronoun", "each") or t.key in vocab.count_articles
        for t in q.said
    )
    return not plural and intent in (None, "ranking", "entity_overview", "rank_position")


def neighbour_anchor(q: Query, context: Conversation, referents: list[str]) -> list[str]:
    """Whom "and right below?" is next to: after "who is right above Lambda?" (Alibaba), the
    other way from Lambda, not back from Alibaba; the same way on, from the one found ("and the
    next one?")."""
    asked = "ahead" if q.has("ahead") else "behind"
    turned = context.intent == "rank_neighbour" and context.direction not in (asked, "nearest")
    return list(context.entities[:1]) if turned and context.entities else referents[:1]


def said_against(q: Query) -> bool:
    """ "And to ByteDance?", "et à ByteDance ?": the one named is set against, after a
    comparison, as "compared to ByteDance" would be."""
    if not q.leading_followup:
        return False
    named = next((x for x in q.items if x.kind == "entity"), None)
    if named is None or named.start == 0:
        return False
    return q.said[named.start - 1].key in vocabulary().compared_to_words


def as_many_as_said(q: Query, context: Conversation, kept: list[str]) -> list[str]:
    """ "CoreWeave vs Lambda" - "and to Tesla?" - "sum of the three": the three named in the
    last two questions, when the last alone named fewer."""
    if q.the_n is None or len(kept) >= q.the_n:
        return kept
    wider = list(dict.fromkeys([*context.before, *context.entities]))
    return wider if len(wider) == q.the_n else kept


def rank_moved(plan: Plan, q: Query, context: Conversation) -> bool:
    """ "google 2023 rank" - "and 2024 rank" - "so it dropped?": its rank in both years (not
    everyone's changes), as "how did Google's rank change?"."""
    before, after = context.period_before, context.answered_period
    if context.intent != "rank_position" or before is None or after is None or before == after:
        return False
    if not q.has("change", "decline") or q.metrics or q.groups or q.numbers:
        return False
    if len(context.entities) != 1 or not set(q.entities) <= set(context.entities):
        return False
    plan.intent, plan.entities, plan.position = "rank_position", list(context.entities), None
    plan.periods = sorted((Period.parse(before), Period.parse(after)), key=Period.sort_key)
    return True


def sum_moved(plan: Plan, q: Query, context: Conversation) -> bool:
    """ "hopper total 2023 vs 2024" - "growth in percent": the change of that total between the
    two years (as after "total in 2023" - "and 2024?"), not everyone's changes ranked."""
    if context.intent != "total" or len(context.total_periods) != 2:
        return False
    if not q.has("change", "decline") or q.has("who", "most", "least", "each"):
        return False
    if q.entities or q.groups or q.numbers or q.metrics or q.periods:
        return False
    plan.intent, plan.summed, plan.extreme = "change", True, False
    plan.entities = list(context.entities)
    plan.periods = sorted((Period.parse(p) for p in context.total_periods), key=Period.sort_key)
    return True


def moved_between(plan: Plan, context: Conversation) -> bool:
    """The last two answers gave the same figure or sum in two periods: the question becomes
    its change between them."""
    before, after = context.period_before, context.answered_period
    if before is None or after is None or before == after:
        return False
    if context.intent not in ("figure", "total", "entity_overview") or (
        len(context.entities) > 1 and context.intent != "total"
    ):
        return False  # ("Microsoft in 2023" - "and in 2024?": two overviews of one)
    plan.intent, plan.entities = "change", list(context.entities)
    # a sum in two periods: everyone's, a group's, or the named ones' together
    plan.summed = not context.entities or len(context.entities) > 1
    plan.periods = [Period.parse(before), Period.parse(after)]
    return True


def which_period(q: Query, context: Conversation, intent: str | None) -> bool:
    """ "Meta in 2023" - "and 2024?" - "which year was bigger?": a question about those two
    periods, not which periods Tally has figures for ("what years have more data?" is)."""
    if intent != "list_metrics" or not context.period_before or not q.has("more", "most"):
        return False
    data_words = vocabulary().data_words
    return not any(t.key in data_words for t in q.said)


def period_bigger(plan: Plan, q: Query, context: Conversation) -> bool:
    """ "Chinese companies 2024" - "and 2023" - "which year was bigger?", "which is bigger?":
    the figure (or sum) just given in two periods, set against itself as its change."""
    if not q.has("more", "most") or not q.has("who", "which_one", "list_metrics"):
        return False
    if q.entities or q.groups or q.numbers or q.metrics or q.periods or q.verb_metrics:
        return False  # ("who bought more?": whom, not when)
    if not moved_between(plan, context):
        return False
    plan.extreme = False  # ("laquelle est la plus grande ?": of the two periods, not who rose most)
    return True


def past_the_middle(plan: Plan, q: Query, context: Conversation) -> bool:
    """ "average hopper 2023" - "how many are above it?", "combien sont au-dessus ?": those past
    the average (or the median) just given, counted (or listed); "who is above it?" - "how many
    are below?": the other side of the same middle."""
    middle = context.intent if context.intent in _MIDDLES else context.mean_bar
    if not middle or not q.has(*COMPARATIVE) or q.has(*_MIDDLES):
        return False  # ("and below the median?" names its own middle)
    if q.entities or q.groups or q.numbers or q.metrics or q.fraction is not None or q.relative_to:
        return False
    if _which_of_two_groups(q, context):
        return False  # "Chinese average" - "and US?" - "which is bigger?": the two averages
    plan.mean_bar = middle
    plan.intent = "count" if q.has("how_many") else "threshold"
    plan.entities, plan.threshold, plan.value = [], None, None
    return True


def _which_of_two_groups(q: Query, context: Conversation) -> bool:
    """ "Which is bigger?" (no "it", no "than") after two groups' middles, one after the other."""
    if q.has("pronoun", "than", "more_than", "less_than") or not q.has("who", "which_one"):
        return False
    groups, before = context.groups, context.groups_before
    return not context.entities and len(groups) == len(before) == 1 and groups != before


# the middles of the figures a follow-up can set as a bar ("above it")
_MIDDLES = ("average", "median")
