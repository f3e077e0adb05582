"""Two asks in one about a place: "how many H100s did Meta get and who's #1?" wants Meta's
figure and who is first, not whether Meta is first."""

from __future__ import annotations

from knowledge.parse.question import Query
from knowledge.plan import Plan


def figure_and_holder(plan: Plan, q: Query) -> None:
    """Mark a question asking one's figure ("how many") and who holds a place ("who's #1")."""
    if plan.intent != "rank_position" or len(plan.entities) != 1 or plan.position is None:
        return
    # ("is Meta #1?" asks a yes or no; "how many … and who's first?" asks two things)
    plan.figure_too = q.has("how_many") and q.has("who") and q.has("followup")
