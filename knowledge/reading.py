"""What a question asks on its own, before any conversation: its intent, and the two sides a
comparison of sums sets against each other."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from knowledge.bothback import both_back
from knowledge.bounds import named_bounds
from knowledge.parse.comparatives import choice_at, metrics_multiplied, one_over_time
from knowledge.parse.items import COMPARATIVE, Item
from knowledge.parse.lang import vocabulary
from knowledge.parse.listed import catalogue_asked, counts_names
from knowledge.parse.origin import origin_asked
from knowledge.parse.question import Query
from knowledge.saidnumbers import bar_numbers, bar_said, beside

# what a question asks of Tally itself rather than of the figures
_OF_TALLY = ("help", "thanks", "sources", "accuracy", "itself", "notes", "quote")
ABOUT_INTENTS = (*_OF_TALLY, "list_entities", "list_metrics")


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a comparison of sums: named entities and groups, added up."""

    entities: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    rest: bool = False  # "Microsoft vs the rest": everyone not on the other side


def classify(q: Query) -> str | None:  # noqa: PLR0912 - an ordered decision list
    """The intent a question states on its own, or None when it names no intent."""
    named_metric = bool(q.metrics or q.partial_metrics)
    if q.has("help") and not named_metric and not q.entities:
        return "help"
    if q.has("itself") and not named_metric and not q.entities:
        return "itself"  # "who made you?", "do you use ChatGPT?"; not "what are you … on Meta"
    if q.has("quote", "accuracy"):
        # "can I see the quote from the article?"; "how accurate are these numbers?"
        return "quote" if q.has("quote") else "accuracy"
    if q.has("sources") or origin_asked(q):
        return "sources"  # ("where's the Microsoft 31 billion from?")
    catalogue = catalogue_asked(q, named_metric)
    if catalogue is not None:
        return catalogue
    # "how many countries exported more than a fifth of the world's coffee": the name is the whole
    counted = counts_names(q)
    if q.factor is not None and q.relative_to:
        # "who bought twice as many as Meta?", "did Microsoft buy 3 times more than Google?"
        return "count" if counted else "threshold"
    if (q.fraction is not None or versus_mean(q)) and q.has(*COMPARATIVE):
        # "more than half of the chips", "more than the average": a bar from the figures
        return "count" if counted else "threshold"
    if q.fraction is not None:
        # "did Microsoft buy a third?" is its share; "who bought a quarter?" the one closest to it
        return "share" if q.entities else "reverse_lookup"
    if q.has("change", "decline") and bar_on_change(q):
        return "change"  # "did Meta grow by more than 50 %?", "who grew by over 100k?"
    if q.has("percent_gap") and len(q.entities) >= 2:
        return "comparison"  # "by what percentage did Microsoft outspend Google?"
    if len(q.entities) == 2 and margin_in_percent(q):
        return "comparison"  # "did Amazon outspend Google by more than 20%?"
    if q.has("share") and _percent_apart(q):
        # "what percentage more did Microsoft spend than Meta?", "how much did Tencent grow in %?"
        return "change" if q.has("change", "decline") or speed_said(q) else "comparison"
    if q.has("share"):
        return "share"
    # "Microsoft in 2023 and 2024" compares two figures; "Microsoft's total over 2023 and 2024" adds
    asks_other = q.has("total", "average", "median", "position", "rank", "share")
    if q.has("two_periods") and q.has("how_many") and len(q.entities) == 1 and not asks_other:
        return "total"  # "how many did Meta buy in both years?": the two added, and each
    over_time = len(q.periods) >= 2 and one_over_time(q) and not asks_other
    if q.entities and q.has("rank", "position") and q.has("change") and len(q.periods) != 1:
        return "rank_position"  # "how did Meta's rank change?": its rank in each period
    if _apart_between_two(q):
        return "comparison"  # "Google vs Meta in percent", "is Microsoft double Meta's?"
    if metrics_multiplied(q):
        return "figure"  # "is Amazon's in-house count more than 5x its Hopper count?"
    if q.has("change", "decline", "relative", "slowest") or q.multiple or over_time:
        return "change"
    if q.has("median"):
        return "median"
    if q.has("average"):
        return "average"
    if counted:
        return "count"
    if q.has("total"):
        return "total"
    next_one = q.has("who") or q.leading_followup  # "and the next one?"
    if next_one and beside(q) and len(q.entities) <= 1 and not q.numbers:
        return "rank_neighbour"  # "who is right behind Microsoft?", "who is closest to Meta?"
    if _ranked_between(q):
        return "ranked_between"  # "who is between Meta and Google in the ranking?"
    if len(q.entities) >= 2 and q.has("plus_sign"):
        return "total"  # "Microsoft + Meta"
    if len(q.entities) >= 2 and _bar_after_comparative(q):
        return "threshold"  # "did Meta and Google buy more than 150k?": a yes or no for each
    if len(q.entities) >= 2:
        return "comparison"
    if _compares_groups(q):
        return "comparison"  # "did US companies buy more than Chinese companies?"
    if _amount_of_those_past(q):
        return "total"  # "how many did the companies that bought more than 200k buy?"
    if q.has(*COMPARATIVE) and (q.numbers or q.relative_to):
        return "threshold"
    if q.has("between") and len(q.numbers) >= 2:
        return "threshold"
    if bar_said(q) and not q.entities and not q.has("how_many"):
        return "reverse_lookup"
    if q.ordinal is not None and not q.entities:
        return "rank_position"
    if q.entities and q.ordinal is not None and q.top_n is None:
        return "rank_position"  # "was Meta the second biggest?", "is Amazon 2nd?"
    if q.entities and (q.has("position") or (q.has("rank") and q.top_n is None)):
        return "rank_position"  # "what rank is Meta?", "Tencent's rank"
    if q.has("each") and q.has("how_many") and not q.entities and not q.counted:
        return "ranking"  # "how many chips did each company buy?": each one's figure
    if q.top_n is not None and q.has("how_many") and not q.entities and not q.counted:
        return "total"  # "how many chips did the top 2 buy?": theirs together
    if q.top_n is not None or q.has("rank", "bottom"):
        return "ranking"
    if q.has("most", "least", "top"):
        return "superlative"
    if q.entities:
        return "figure" if named_metric or q.verb_metrics else "entity_overview"
    if q.has("how_many") and (named_metric or q.verb_metrics):
        return "total"
    if named_metric:
        return "ranking"
    if (q.has("list_entities") or (q.entity_noun and q.has("who"))) and not q.has(*COMPARATIVE):
        # "which Chinese companies bought in 2024?": those with a figure then, not every name
        return "ranking" if q.verb_metrics and q.periods else "list_entities"
    return _small_talk(q)


def _small_talk(q: Query) -> str | None:
    """ "thanks!", "hi": said alone, a word back or the help; never the last answer again."""
    if any(x.kind not in ("greeting", "thanks", "followup") for x in q.items):
        return None
    if q.has("thanks"):
        return "thanks"
    return "help" if q.has("greeting") else None


def percent_said(q: Query) -> bool:
    """Whether the question's number is a percentage ("50 %", "200 percent")."""
    numbers = [x for x in q.items if x.kind == "number"]
    return bool(numbers) and any(x.kind == "share" and x.start == numbers[0].end for x in q.items)


def times_said(q: Query) -> bool:
    """Whether the question's number is a multiple ("5x", "3 times", "10 fois")."""
    numbers = [x for x in q.items if x.kind == "number"]
    at = numbers[0].end if numbers else len(q.said)
    if at < len(q.said) and q.said[at].key in vocabulary().factor_times:
        return True
    # "multiplied its purchases by more than 3", "multiplié ses achats par 3"
    start = numbers[0].start if numbers else 0
    before = [t.key for t in q.said[max(0, start - 8) : start]]
    return any(key in vocabulary().multiplied for key in before)


def bar_on_change(q: Query) -> bool:
    """A bar said after the change word: "grew by more than 50 %", not "more than 200k since"."""
    change = next((x.start for x in q.items if x.kind in ("change", "decline")), None)
    said = q.first_comparative
    if change is None or not q.numbers:
        return False
    if said is None:
        return percent_said(q) and q.items[-1].start > change  # "did Meta grow by 50 %?"
    return change < said


def _percent_apart(q: Query) -> bool:
    """A percentage asked of how far apart figures are, not of a part of a whole."""
    grew = q.has("change", "decline") and len(q.entities) <= 1  # "what % did Tencent grow?"
    in_groups = bool(q.groups) and not (grew and percent_word(q))  # not "US vs China growth in %"
    if bar_numbers(q) or q.top_n is not None or in_groups:
        return False
    if len(q.entities) == 2 and q.has("compare") and percent_word(q):
        return True  # "Microsoft vs Meta in %": how far apart, not their part of the whole
    return grew or (len(q.entities) >= 2 and q.has("difference", *COMPARATIVE))


def percent_word(q: Query) -> bool:
    """Whether a percentage is said with a percent sign or word ("in %"), not "share"/"part"."""
    said = (tuple(t.key for t in q.said[x.start : x.end]) for x in q.items if x.kind == "share")
    return any(words in vocabulary().percent for words in said)


def _bar_after_comparative(q: Query) -> bool:
    """ "Did Meta and Google buy more than 150k?" sets a bar for each; "200k more than Meta",
    "over 100k more than Amazon", "more than Meta in 2 years" compare the two named ones."""
    said = q.first_comparative
    # ("the two of them": a count read elsewhere, not a number of the question)
    numbers = [x for x in q.items if x.kind == "number" and x.value in q.numbers]
    if said is None or not numbers or numbers[0].start < said or q.relative_to:
        return False
    if q.has("difference", "ratio") or q.margin:
        return False  # "how much more than Meta, more than 200k?", "by more than 4 billion"
    return all(x.start < said for x in q.items if x.kind == "entity")


def _apart_between_two(q: Query) -> bool:
    """How far apart two named ones are, in percent or as a multiple, with no word of growth:
    "how much more did Google spend than Meta in percent?", "is Microsoft twice Google?"."""
    if len(q.entities) != 2 or q.has("change", "decline", "slowest") or len(q.periods) > 1:
        return False
    if speed_said(q):
        return False  # "which grew faster, Microsoft or Meta?": their changes, not their figures
    apart = q.has("more", "less", "difference", "than", "compare")
    return (q.has("relative") and apart) or (q.multiple is not None and not _both_then(q))


def _both_then(q: Query) -> bool:
    """ "Did Amazon and Google double their purchases?": both named before the multiple, which
    is then what each did ("is Microsoft twice Google?" names one on each side); "who …" too."""
    if q.has("who"):
        return True
    multiple = next((x.start for x in q.items if x.kind == "multiple"), None)
    named = [x.start for x in q.items if x.kind == "entity"]
    # "did their total double?", "did they double?": all those the answer before named
    return multiple is not None and (max(named) < multiple if named else both_back(q))


def speed_said(q: Query) -> bool:
    """A word of how fast a figure changed ("faster", "grew", "plus vite")."""
    return any(t.key in vocabulary().speed_words for t in q.said)


def _amount_of_those_past(q: Query) -> bool:
    """An amount asked of those past a bar, the verb said twice ("how many did the ones that
    bought more than 200k buy?", "combien ont acheté celles qui en ont acheté plus de …")."""
    verbs = len({x.start for x in q.items if x.kind == "verb"})  # one item per metric
    barred = q.has(*COMPARATIVE) and bool(q.numbers)
    return q.has("how_many") and not q.counted and not q.entities and barred and verbs >= 2


def _ranked_between(q: Query) -> bool:
    """ "Who is between Meta and Google?": a place in the ranking, not which of the two is ahead."""
    if named_bounds(q) is not None:
        return True  # "who bought more than Google but less than Meta?"
    if len(q.entities) != 2 or not q.has("who") or not q.has("between", "among"):
        return False
    asks_other = ("most", "least", "difference", "ratio", "compare", "total", *COMPARATIVE)
    return not q.numbers and not q.has(*asks_other)


def sides_of(q: Query) -> list[Side]:
    """ "A and B together" against "C", or "C" against "all Chinese companies combined"."""
    choice = choice_at(q.items)  # "who bought more, Microsoft or the Chinese companies?"
    cut = choice or (q.factor_at if q.factor is not None else q.first_comparative)
    one_against = choice is not None or _one_against_group(q)
    if cut is None and (q.has("total", "the_rest") or one_against):
        # "ByteDance and Tencent together vs Microsoft", "how many more … together than Amazon"
        cut = next((x.start for x in q.items if x.kind in ("compare", "than")), None)
    # "combined", "twice as many as China", "Microsoft vs the rest"
    summing = q.has("total", "the_rest") or q.factor is not None
    summing = summing or _group_against_one(q) or one_against
    numbers = any(x.kind == "number" for x in q.items)
    # no number, or only the margin ("200k more than C", "200 000 puces de plus que C")
    if cut is None or not summing or q.fraction is not None or (numbers and not margin_of(q)):
        return []
    named = [x for x in q.items if x.kind in ("entity", "group")]
    known = {*q.entities, *q.groups, q.relative_to}
    named = [x for x in named if x.value in known]
    rest_at = next((x.start for x in q.items if x.kind == "the_rest"), None)
    sides = []
    for before in (True, False):
        items = [x for x in named if (x.start < cut) == before]
        entities = tuple(str(x.value) for x in items if x.kind == "entity")
        groups = tuple(str(x.value) for x in items if x.kind == "group")
        rest = rest_at is not None and (rest_at < cut) == before and not entities
        sides.append(Side(entities, groups, rest))
    left, right = sides
    summed = len(left.entities) > 1 or len(right.entities) > 1 or left.groups or right.groups
    both = (left.entities or left.groups or left.rest) and (
        right.entities or right.groups or right.rest
    )
    return sides if both and (summed or left.rest or right.rest) else []


def _group_against_one(q: Query) -> bool:
    """ "Did Chinese companies buy more than Microsoft?": the group's sum against one figure
    ("which Chinese companies bought more than Microsoft?" asks it of each)."""
    one = len(q.groups) == 1 and not q.entities and q.relative_to is not None
    return one and not q.has("who", "each", "how_many", "most", "least")


def _one_against_group(q: Query) -> bool:
    """ "Did Microsoft buy more than the Chinese companies?", "Microsoft vs China", "China vs
    Microsoft": one figure against the group's sum, the comparison said between them."""
    if len(q.groups) != 1 or len(q.entities) != 1 or q.has("who", "each", "how_many", "most"):
        return False
    said = {x.kind: x.start for x in reversed(q.items) if x.kind in ("entity", "group", "compare")}
    cut = q.first_comparative if q.first_comparative is not None else said.get("compare")
    if cut is None or "entity" not in said or "group" not in said:
        return False  # a name or group carried over from the conversation: not said here
    return min(said["entity"], said["group"]) < cut < max(said["entity"], said["group"])


Margin = tuple[Decimal, str, bool]  # the gap, how it is compared ("ge"), whether it is "less"
_MARGIN_OPS = {"more_than": "gt", "at_least": "ge", "less_than": "lt", "at_most": "le"}


def margin_in_percent(q: Query) -> bool:
    """Whether a gap is asked, in percent ("outspend Google by more than 20 %")."""
    return said_in_percent(q) and margin_of(q) is not None


def said_in_percent(q: Query) -> bool:
    """Whether the question's first number (past a "top 2") is said in percent ("20 %")."""
    numbers = [n for n, x in enumerate(q.items) if x.kind == "number" and x.value in q.numbers]
    if not numbers:
        return False
    number = q.items[numbers[0]]
    after = q.items[numbers[0] + 1] if numbers[0] + 1 < len(q.items) else None
    return after is not None and after.kind in ("share", "percent") and _next_to(q, number, after)


def margin_of(q: Query) -> Margin | None:
    """The gap a comparison asks for: "200k more than Meta", "over 100k more than Amazon",
    "less than 10 billion more than Google", "200 000 puces de plus que Meta" (a number followed
    by the comparison, with at most the metric's words between); None otherwise."""
    numbers = [n for n, x in enumerate(q.items) if x.kind == "number"]
    if len(numbers) != 1:
        return None
    n = numbers[0]
    number = q.items[n]
    by = _said_by(q, n)
    if by is not None:
        return by
    before = q.items[n - 1] if n > 0 and _next_to(q, q.items[n - 1], number) else None
    op = _MARGIN_OPS.get(before.kind, "ge") if before is not None else "ge"
    for x in q.items[n + 1 :]:
        if x.kind in COMPARATIVE:
            return Decimal(str(number.value)), op, x.kind in ("less", "less_than")
        if x.kind not in ("metric", "partial"):
            return None
    return None


def _next_to(q: Query, first: Item, then: Item) -> bool:
    """Whether nothing but symbols stands between two spans ("more than $10 billion")."""
    between = q.said[first.end : then.start]
    return first.end <= then.start and not any(t.key.isalnum() for t in between)


def _said_by(q: Query, n: int) -> Margin | None:
    """ "Did Microsoft outspend Meta by more than $10 billion?", "… more than Meta by over 200k":
    the gap said after "by", with its own comparison."""
    number, before = q.items[n], q.items[n - 1] if n > 0 else None
    if before is None or before.kind not in _MARGIN_OPS or not _next_to(q, before, number):
        return None
    words = vocabulary().margin_words
    said_by = before.start > 0 and q.said[before.start - 1].key in words
    # "plus que Meta de plus de 10 %": the margin word begins the comparison's own phrase
    said_in = before.end - before.start > 2 and q.said[before.start].key in words
    if not (said_by or said_in):
        return None
    less = any(x.kind in ("less", "less_than") for x in q.items[: n - 1])
    return Decimal(str(number.value)), _MARGIN_OPS[before.kind], less


def _compares_groups(q: Query) -> bool:
    """Two groups and a comparison word, no entity and no number to compare with."""
    if len(q.groups) < 2 or q.entities or q.relative_to or q.numbers or q.fraction is not None:
        return False  # "US and Chinese companies with more than Meta" is a bar over both
    if q.has("compare"):
        return True  # "who bought the most, US or Chinese companies?": which group
    if q.has("most", "least", "top", "bottom", "rank") or versus_mean(q):
        return False
    return q.has("difference", "ratio", *COMPARATIVE)


def versus_mean(q: Query) -> str:
    """ "who bought more than the average?" / "… less than the median?": which middle of the
    figures is the bar ("average" or "median"), not the answer; "" when none is."""
    no_other_bar = not q.numbers and q.fraction is None and q.relative_to is None
    if not no_other_bar or not q.has(*COMPARATIVE):
        return ""
    return "median" if q.has("median") else "average" if q.has("average") else ""


def divides_metrics(q: Query) -> bool:
    """ "How much did Microsoft spend per Hopper chip?": one kind of figure per unit of another."""
    per = vocabulary().per_words
    said = [x for x in q.items if x.kind in ("metric", "partial", "verb")]
    verbs = {x.start for x in said if x.kind == "verb"}
    for x in said:
        # "microsoft a dépensé": a verb after "a" is no unit, even when it also names a metric
        if x.start in verbs or x.start == 0 or q.said[x.start - 1].key not in per:
            continue
        keys = x.value if isinstance(x.value, frozenset) else frozenset({str(x.value)})
        others = {str(y.value) for y in said if y.kind != "partial" and y.start != x.start}
        if others - keys:
            return True
    return False
