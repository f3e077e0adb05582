"""Groups' averages set side by side: "compare the Chinese average with the American", "which
group bought more on average?", "average of Chinese companies" - "and US?" - "the difference
between those averages?": each group's mean and how far apart they are (answered by
`groups.groups_compared`), not their sums nor one mean of everyone in both."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.conversation import Conversation
from knowledge.parse.question import Query

if TYPE_CHECKING:
    from knowledge.plan import Plan

# what asks for the averages to be set against each other, rather than one average of all
_APART = ("compare", "difference", "ratio", "more", "less", "most", "least", "who", "which_one")
# "more than the average", "au-dessus de la moyenne": said just before it, the average is a bar
_BAR = ("than", "more_than", "less_than", "at_least", "at_most")


def group_means_asked(plan: Plan, q: Query) -> None:
    """ "Compare the Chinese average with the American", "which group bought more on
    average?": each group's mean, set side by side."""
    if plan.entities or plan.sides or plan.top_n is not None or q.numbers:
        return
    if q.fraction is not None or not (len(plan.groups) >= 2 or _each_group(plan, q)):
        return
    # ("… in percent" has made it a comparison of the two already: of their averages)
    averaged = plan.intent == "average" or (plan.intent == "comparison" and q.has("average"))
    compared = averaged and (q.has(*_APART) or _each_group(plan, q))
    # "which group bought more on average?": how each is measured, not a bar to pass
    adverb = plan.intent == "threshold" and plan.mean_bar == "average" and not _bar_said(q)
    if compared or adverb:
        plan.intent, plan.group_means, plan.mean_bar = "comparison", True, ""


def means_kept(plan: Plan, q: Query, context: Conversation) -> None:
    """ "Average of Chinese companies" - "and US?" - "the difference?": the two averages
    compared; after averages compared, "and in 2024?" compares the averages again."""
    if plan.intent != "comparison" or plan.entities or len(plan.groups) < 2 or plan.sides:
        return
    if q.has("total"):
        return  # "and in total?": their sums
    # "the difference?", "which is bigger?", "compare with …" after an average: of the averages
    if q.has("average") or context.group_means or context.intent == "average":
        plan.group_means = True


def _each_group(plan: Plan, q: Query) -> bool:
    """ "Which group …": every group, none named."""
    return q.has("each_group") and not plan.groups


def _bar_said(q: Query) -> bool:
    """Whether "average" comes right after "than" or "above": the average is the bar."""
    items = q.items
    return any(
        x.kind == "average" and n > 0 and items[n - 1].kind in _BAR for n, x in enumerate(items)
    )
