""" "Does the 2024 Hopper number include H20s?", "why does it say doubled and tripled?": what the
notes stored with the figures say, rather than a refusal or the figures again."""

from __future__ import annotations

from knowledge.fields import Block, Label, Names, PeriodText, UserText
from knowledge.intents import Ctx, Part, with_notes
from knowledge.metric_choice import as_written
from knowledge.model import Fact, Language
from knowledge.parse.lang import vocabulary
from knowledge.parse.normalize import tokenize
from knowledge.parse.question import Query
from knowledge.plan import Plan
from knowledge.view import KnowledgeView

NOTES = "notes"
ONE_MEASURE = "one_measure_two_names"
THAN = "than"
_ONLY_ASKS = frozenset({"between", "pronoun"})  # « les chiffres de 2023 sont-ils … » says these
# the kinds of words that name a measure ("H100", "GPUs", "bought")
_MEASURE_WORDS = frozenset({"metric", "partial", "verb"})


def notes_asked(plan: Plan, query: Query, view: KnowledgeView) -> None:
    """Read the question as one about the notes when it asks what a figure includes, or asks
    why about a word only a note of the figures asked uses."""
    asks_notes = query.has("includes") or _only_measure(query)
    if _one_measure_twice(query):
        # "the difference between Hopper and H100": what the notes say of one in the other,
        # else what Tally does not answer; never the figures of the measure both name
        plan.periods = list(query.periods)
        if not _noted(plan, query, view):
            # "how many more TPUs than Maia?" asks figures the knowledge holds only by name
            plan.problem = ONE_MEASURE if query.has(THAN) else "beyond"
            return
        asks_notes = True
    # "how much does an H100 cost?" stays refused: a measure's own name is not what a why asks
    why_noted = query.has("beyond") and _noted(plan, query, view, measures=False)
    if not asks_notes and not why_noted:
        return
    plan.intent, plan.problem = NOTES, None


def _only_measure(query: Query) -> bool:
    """ "Are the 2023 figures only H100?": the figures said to be "only" a measure, with nothing
    else asked (not "who bought only Hopper chips?")."""
    vocab = vocabulary()
    if not query.concepts <= _ONLY_ASKS or not any(t.key in vocab.data_words for t in query.said):
        return False
    for item in query.items:
        if item.kind != "metric":
            continue
        before = item.start - 1
        while before > 0 and query.said[before].key in vocab.stopwords - vocab.only_words:
            before -= 1  # "uniquement des H100", "only the H100s"
        if before >= 0 and query.said[before].key in vocab.only_words:
            return True
    return False


def _one_measure_twice(query: Query) -> bool:
    """ "The difference between Hopper and H100", "how many more TPUs than Maia?": one measure
    named in two words, no one named."""
    named = [item for item in query.items if item.kind == "metric"]
    if len(named) < 2 or len({item.value for item in named}) > 1 or query.entities:
        return False
    if query.has("difference"):
        return True
    # « combien de TPU de plus que de Maia » says no "difference": two words with a "than"
    # between do (not one word twice: « qui a dépensé les deux tiers de ce qu'a dépensé Microsoft »)
    words = {tuple(t.key for t in query.said[item.start : item.end]) for item in named}
    between = range(named[0].end, named[-1].start)
    than = any(item.kind == THAN and item.start in between for item in query.items)
    return than and len(words) > 1 and query.relative_to is None


def one_measure_part(query: Query) -> Part:
    """ "How many more TPUs than Maia?": both words name one measure, which is known by name (by
    company), not by these words: ask which names are meant rather than answer or refuse."""
    named = [item for item in query.items if item.kind == "metric"]
    words = [
        as_written(query.text, " ".join(t.text for t in query.said[item.start : item.end]))
        for item in named
    ]
    fields: dict[str, object] = {
        "first": UserText(words[0]),
        "second": UserText(words[-1]),
        "label_lower": Label(str(named[0].value), lower=True),
    }
    return Part(blocks=[Block(ONE_MEASURE, fields)])


def notes(ctx: Ctx, query: Query) -> Part:
    """The notes of the figures asked: those that use a word of the question, else all."""
    facts = in_scope(ctx.plan, ctx.view)
    language = ctx.language
    noted = [fact for fact in facts if fact.note.get(language)]
    if not noted:
        return Part(answered=False, blocks=[Block("notes_empty", {})])
    words = _question_words(query, ctx.view)
    said = [fact for fact in noted if words & _note_words(fact, language)]
    part = Part(answered=True, blocks=[Block(_head(said, words), {})])
    if ctx.plan.entities:
        # "does Tencent's 2023 figure include H800s?": the figures asked, each with its note
        part.blocks = part.blocks[int(bool(said)) :]
        for fact in said or noted:
            part.blocks.extend(with_notes(ctx, fact))
            part.facts.append(fact)
        return part
    # one line per note, naming every figure that carries it
    by_note: dict[tuple[str, str, str], list[Fact]] = {}
    for fact in said or noted:
        by_note.setdefault((fact.note[language], fact.metric, fact.period), []).append(fact)
    for (note, metric, period), found in by_note.items():
        fields: dict[str, object] = {
            "names": Names(tuple(fact.entity for fact in found)),
            "label_lower": Label(metric, lower=True),
            "period": PeriodText(period),
            "note": note,
        }
        part.blocks.append(Block("notes_line", fields))
        part.facts.extend(found)
    return part


def _head(said: list[Fact], words: set[str]) -> str:
    """The head's template: the notes that use a word of the question, none that do, or (for
    "why is that note there?", which names nothing to look for) what a note is."""
    if said:
        return "notes_head"
    return "notes_head_none" if words else "notes_head_what"


def _noted(plan: Plan, query: Query, view: KnowledgeView, *, measures: bool = True) -> bool:
    """Whether a note of the figures asked uses a word of the question."""
    words = _question_words(query, view, measures=measures)
    return any(
        words & _note_words(fact, language)
        for fact in in_scope(plan, view)
        for language in fact.note
    )


def in_scope(plan: Plan, view: KnowledgeView) -> list[Fact]:
    """The figures the plan names (every one for what it leaves open)."""
    codes = {period.code for period in plan.periods}
    return [
        fact
        for fact in view.preferred_facts()
        if (not plan.entities or fact.entity in plan.entities)
        and (not plan.metrics or fact.metric in plan.metrics)
        and (not codes or fact.period in codes)
    ]


def _question_words(query: Query, view: KnowledgeView, *, measures: bool = True) -> set[str]:
    """The question's own words: not small words, numbers or the names of what it asks about."""
    stop = vocabulary().stopwords
    names = {
        token.key
        for entity in view.entities.values()
        for name in (entity.name, *entity.names.values())
        for token in tokenize(name)
    }
    # "Hopper" names what is asked, not what a note says of it ("the Hopper chip sold in China")
    names |= {
        token.key
        for metric in view.metrics.values()
        for said in metric.label.values()
        for token in tokenize(said)
    }
    # "include", "and", "between" ask the question: words known that way are not a note's subject
    asking = {
        i
        for item in query.items
        if item.kind in query.concepts or (item.kind in _MEASURE_WORDS and not measures)
        for i in range(item.start, item.end)
    }
    return {
        token.key
        for at, token in enumerate(query.said)
        if token.number is None
        and at not in asking
        and token.key not in stop
        and token.key not in names
    }


def _note_words(fact: Fact, language: Language) -> set[str]:
    """A note's words, as the question's are looked up."""
    return {token.key for token in tokenize(fact.note.get(language, ""))}
