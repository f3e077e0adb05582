"""Who is asked about rather than a figure, as said: "which companies do you know?", "how many
are listed?", "how many are they?"."""

from __future__ import annotations

from knowledge.parse.items import COMPARATIVE
from knowledge.parse.lang import vocabulary
from knowledge.parse.periods import asks_for_periods
from knowledge.parse.question import Query

# what may be said around "how many" when those just listed are counted ("how many are they?")
_COUNTING_THEM = frozenset({"how_many", "pronoun", "entity_noun", "followup", "among", "filler"})


def measures_nothing(q: Query) -> bool:
    """Whether the question names no figure, bar, rank or one of the names: only who."""
    said = q.metrics or q.partial_metrics or q.verb_metrics or q.entities or q.numbers
    bar = q.relative_to or q.fraction is not None or q.factor is not None
    ranked = q.ordinal is not None or q.top_n is not None or q.has(*COMPARATIVE)
    return not (said or bar or ranked or q.unknown)


def asks_who_is_listed(q: Query) -> bool:
    """ "Which companies do you know?", "how many are listed?": not "which company has the
    most?" nor "the 3rd in the list"."""
    named = q.metrics or q.partial_metrics or q.verb_metrics
    ranked = q.has("most", "least", "top", "bottom", "rank", "position", *COMPARATIVE)
    return q.has("list_entities") and not (named or ranked or q.ordinal is not None)


def catalogue_asked(q: Query, named_metric: bool) -> str | None:
    """ "What data do you have?": the kinds of figures; "which companies do you know?" (not
    "which has the most?") and "which companies do you have data on?": the names."""
    if _names_asked(q, vocabulary().entity_nouns, vocabulary().data_words):
        return "list_entities"
    asks_periods = asks_for_periods(q, vocabulary())
    if (q.has("list_metrics") or asks_periods) and not named_metric and not q.entities:
        return "list_metrics"
    return "list_entities" if asks_who_is_listed(q) else None


def _names_asked(q: Query, nouns: set[str], data: set[str]) -> bool:
    """ "Which companies do you have data on?": the names are asked for, not the kinds of
    figures ("do you have data" is said too); a word for them names what is listed."""
    if not q.has("list_entities") or not asks_who_is_listed(q):
        return False
    # ("which company has figures in all four metrics?" asks about the metrics)
    kinds = [x for x in q.items if x.kind == "list_metrics"]
    if any(t.key not in data for x in kinds for t in q.said[x.start : x.end][-1:]):
        return False
    said = (x for x in q.items if x.kind in ("list_entities", "entity_noun"))
    return any(t.key in nouns for x in said for t in q.said[x.start : x.end])


def counts_names(q: Query) -> bool:
    """ "How many companies …", "how many are they?": the ones named are counted (a whole
    named with a part of it is what the part is of)."""
    counted = q.has("how_many") and (q.counted or counts_them(q))
    return counted and (not q.entities or q.fraction is not None or counts_them(q))


def counts_them(q: Query) -> bool:
    """ "How many are they?", "combien sont-elles ?", "combien y en a-t-il ?": those meant,
    counted (a pronoun or a noun for them, and nothing else)."""
    kinds = {x.kind for x in q.items}  # (the ones a pronoun points at may be named since)
    them = "pronoun" in kinds or "entity_noun" in kinds
    return q.has("how_many") and them and kinds <= _COUNTING_THEM and not q.numbers
