"""A comparative that compares only when a "than" follows: "qui a plus progressé que Meta ?".

French "plus" alone is "more" in "plus progressé que Meta", but says nothing comparable in "plus
tard", "les chiffres plus récents", "en plus" or "non plus". The language file marks such words
`more_if_than`; they become a "more" item when a "than" comes after them, and are dropped
otherwise, so that they never add a concept of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.parse.items import COMPARATIVE, Item

if TYPE_CHECKING:
    from knowledge.parse.question import Query  # (the parser reads this module first)

CONDITIONAL = "more_if_than"
MINUS = "minus"
_SAID_OF_A_NAME = frozenset({"metric", "verb", "partial", "period"})
THAN = "than"
_SET_AGAINST = ["period", THAN, "period"]
_LEFT_OUT = frozenset({"entity", "group", "big", "top"})  # what a "not" can leave out
# "pas des 4 plus gros", "not the 2 biggest": a number said as a top ("the 4 giants" is not)
_TOP_N = (["number", "most"], ["number", "ordinal"])


def read_conditional_more(items: list[Item]) -> list[Item]:
    """The items, each conditional "more" made a "more" before a "than", else left out."""
    if not any(item.kind == CONDITIONAL for item in items):
        return items
    read: list[Item] = []
    for n, item in enumerate(items):
        if item.kind != CONDITIONAL:
            read.append(item)
        elif any(later.kind == THAN for later in items[n + 1 :]):
            read.append(Item("more", item.value, item.start, item.end))
    return read


def read_faster_than(items: list[Item]) -> list[Item]:
    """ "Who grew faster than Meta?": a word of speed right before a "than" compares with what
    follows, as "more than" does (a "more" is read at the "than"; the speed stays said)."""
    if not any(item.kind == "relative" for item in items):
        return items  # most questions say no speed: the list is kept as it is
    read: list[Item] = []
    for n, item in enumerate(items):
        if item.kind == THAN and n > 0 and items[n - 1].kind == "relative":
            read.append(Item("more", None, item.start, item.end))
        read.append(item)
    return read


def read_most_than(items: list[Item]) -> list[Item]:
    """« Quelle entreprise est plus grosse que Meta ? »: a word of "the most" right before a
    "than" is a comparative ("bigger than"), read as "more" at that place."""
    if not any(item.kind == "most" for item in items):
        return items  # (most questions say no "most": the list is kept as it is)
    read: list[Item] = []
    for n, item in enumerate(items):
        after = items[n + 1] if n + 1 < len(items) else None
        if item.kind == "most" and after is not None and after.kind == THAN:
            read.append(Item("more", None, item.start, item.end))
            continue
        read.append(item)
    return read


def read_minus(items: list[Item]) -> list[Item]:
    """ "Microsoft and Amazon minus Google and Meta": a "minus" said right after names, with
    nothing before them it could take them out of (no group, no "who", no comparison), is the
    difference between the two sides, as "vs" is; "Hopper 2024 minus Microsoft" excludes."""
    items = _negated_part(items)
    if not any(x.kind in (MINUS, "less") for x in items):
        return items  # (most questions say neither: nothing to read again, nothing to sort)
    read = list(items)
    for n, item in enumerate(items):
        if item.kind != MINUS and not _bare_less(items, n):
            continue
        # ("Microsoft hopper 2024 minus Meta": the measure may come between the names)
        said = [x.kind for x in items[:n] if x.kind not in _SAID_OF_A_NAME]
        before = {x.kind for x in items[:n]}
        after = any(x.kind == "entity" for x in items[n + 1 :])
        plain = not before & {"group", "who", "most", "least", "rank", "top", *COMPARATIVE}
        names = bool(said) and said[-1] == "entity" and after and plain
        if names or item.kind == MINUS:
            read[n] = Item("compare" if names else "excluding", None, item.start, item.end)
        if names and sum(1 for x in items if x.kind == "entity") > 2:
            # "A and B minus C": a side of several names is their sum, as "combined" says
            read.append(Item("total", None, item.start, item.start))
    return sorted(read, key=lambda x: x.start)


def _negated_part(items: list[Item]) -> list[Item]:
    """ "What share of server spending is not from the big four?", "ne vient pas de Microsoft":
    in a share, a "not" before the ones named leaves them out, as "excluding" does."""
    if not any(item.kind == "share" for item in items):
        return items  # (most questions ask no share)
    read: list[Item] = []
    for n, item in enumerate(items):
        if item.kind == "between" and read and read[-1].kind == "excluding":
            continue  # "not from": the "from" is the negation's
        if item.kind == "negation" and _names_after(items[n + 1 : n + 4]):
            read.append(Item("excluding", None, item.start, item.end))
        else:
            read.append(item)
    return read


def _names_after(items: list[Item]) -> bool:
    """Whether the items right after a "not" name some (a "from" between them said nothing)."""
    after = [x.kind for x in items if x.kind != "between"]
    return (bool(after) and after[0] in _LEFT_OUT) or after[:2] in _TOP_N


def _bare_less(items: list[Item], n: int) -> bool:
    """ "Microsoft et Amazon moins Google et Meta": a "less" with no "than" anywhere, a name
    right after it (past a "de"), is a "minus"."""
    if items[n].kind != "less" or any(x.kind == THAN for x in items):
        return False
    after = next((x for x in items[n + 1 :] if x.kind != "between"), None)
    return after is not None and after.kind == "entity"


def choice_at(items: list[Item]) -> int | None:
    """ "Who bought more, Microsoft or the Chinese companies?": where the "or" between a name
    and a group stands, both said after the comparative; None when no such choice is said."""
    joins = [x.start for x in items if x.kind == "compare"]
    if len(joins) != 1:
        return None  # no "or" / "vs" (most questions), or several
    comparative = next((x.start for x in items if x.kind in COMPARATIVE), None)
    named = [x for x in items if x.kind in ("entity", "group")]
    if comparative is None or len(named) != 2:
        return None
    first, second = named
    if first.kind == second.kind or not comparative < first.start < joins[0] < second.start:
        return None
    return joins[0]


def multiples_either(items: list[Item]) -> bool:
    """ "Did Microsoft double or triple its purchases?": two multiples with an "or" between
    them ask which one holds, not for a yes or a no."""
    said = [x for x in items if x.kind == "multiple"]
    if len({x.value for x in said}) < 2:
        return False
    return any(x.kind == "compare" and said[0].start < x.start < said[-1].start for x in items)


def one_over_time(q: Query) -> bool:
    """Whether two periods are asked of one: one entity ("Microsoft in 2023 and 2024"), or one
    group with a gap asked ("how much more did Chinese firms buy in 2024 than in 2023?")."""
    one_group = not q.entities and len(q.groups) == 1 and q.has("difference")
    # "did anybody buy fewer in 2024 than in 2023?": everyone's (or a group's) two periods
    everyone = not q.entities and len(q.groups) <= 1 and periods_compared(q) is not None
    return len(q.entities) == 1 or one_group or everyone


def periods_compared(q: Query) -> bool | None:
    """ "Fewer in 2024 than in 2023", "plus en 2023 qu'en 2024": two periods set against each
    other by a comparative; whether that says a fall (None when no such thing is said)."""
    if q.numbers or len(q.periods) != 2:
        return None  # (most questions: cheap checks first)
    kinds = [x.kind for x in q.items]
    at = next((n for n in range(1, len(kinds) - 1) if kinds[n - 1 : n + 2] == _SET_AGAINST), None)
    if at is None:
        return None
    said = next((x.kind for x in q.items[:at] if x.kind in COMPARATIVE), None)
    if said is None:
        return None
    first, second = (p.sort_key() for p in q.periods[:2])
    less = said in ("less", "less_than")
    return less == (first > second)  # fewer in the later one, or more in the earlier one


def than_a_period(q: Query) -> bool:
    """ "… in 2024 than 2023", "… en 2024 par rapport à 2023": a year is the other side, so
    the one named is set against itself, not against anyone just discussed."""
    kinds = [x.kind for x in q.items]
    return any(
        kinds[n : n + 2] in ([THAN, "period"], ["compare", "period"]) for n in range(len(kinds))
    )


def metrics_multiplied(q: Query) -> bool:
    """ "Is Amazon's in-house count more than 5x its Hopper count?": a multiple said between
    two measures of one entity sets one against the other, not one period against another."""
    if q.multiple is None or len(q.entities) != 1 or len(q.metrics) < 2 or len(q.periods) > 1:
        return False
    at = next((x.start for x in q.items if x.kind in ("multiple", "factor")), None)
    kinds = [x.kind for x in q.items if at is not None and x.start > at]
    said_before = any(x.kind == "metric" for x in q.items if at is not None and x.start < at)
    # "5 times more in-house chips than Hopper ones", "5 fois plus de puces maison que de …"
    both_after = kinds.count("metric") > 1 and THAN in kinds
    either = (said_before and "metric" in kinds) or both_after
    return either and not q.has("change", "decline")
