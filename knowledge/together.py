"""A bar asked of several together ("did Chinese companies buy a fifth of the chips?"): their
sum against it, as a yes or a no."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.plan import Plan


def settle_together(plan: Plan) -> None:
    """A total or a part asked of several together becomes a threshold on their sum."""
    if not plan.together:
        return
    if plan.intent == "total":
        plan.intent = "threshold"
    elif plan.intent == "reverse_lookup" and plan.fraction is not None:
        # "did China buy a fifth?" says no "more than": about that part (within a tenth of it),
        # not the one member closest to it
        plan.intent, plan.threshold = "threshold", ("about", plan.fraction)
