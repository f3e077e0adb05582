"""A yes or a no on the way one's figure moved: "did Microsoft buy fewer Hopper chips in 2024
than in 2023?", "did Meta's purchases fall?" ("No: up from 2023 to 2024"), before the change."""

from __future__ import annotations

from knowledge.fields import Block, PeriodText
from knowledge.model import Fact
from knowledge.parse.comparatives import periods_compared
from knowledge.parse.lang import vocabulary
from knowledge.parse.question import Query
from knowledge.plan import Plan


def fall_asked(plan: Plan, q: Query) -> bool | None:
    """Whether a yes-or-no question on one's change asks a fall (True) or a rise (False); None
    when it asks neither ("how much did it grow?", "did it double?": a bar of its own)."""
    if plan.intent != "change" or len(plan.entities) != 1 or plan.growth_bar or plan.times:
        return None
    first = q.said[0].key if q.said else ""
    inverted = q.language == "fr" and q.has("pronoun")  # « a-t-il », « ont-ils »
    if first not in vocabulary().yes_no_openers and not inverted:
        return None  # "how many fewer did Meta buy in 2024 than in 2023?": no yes or no asked
    if q.has("how_many", "difference"):
        return None  # "how much did it increase?", "de combien ont-ils augmenté ?": by how much
    fall = periods_compared(q)  # "fewer in 2024 than in 2023", "more in 2023 than in 2024"
    if fall is None and q.has("decline"):
        return True  # "did it fall?"
    rise = vocabulary().rise_words
    return False if fall is None and any(t.key in rise for t in q.said) else fall


def moved_verdict(fall: bool, old: Fact, new: Fact) -> Block:
    """Yes or no on the way asked, with the way it went."""
    fields: dict[str, object] = {"old_period": PeriodText(old.period)}
    fields["new_period"] = PeriodText(new.period)
    if new.value == old.value:
        return Block("moved_level", fields)
    down = new.value < old.value
    verdict = "moved_yes_" if down == fall else "moved_no_"
    return Block(verdict + ("down" if down else "up"), fields)
