"""What Tally says when a question cannot be answered as asked: which metric, an unknown word or
name (with what it may have meant), a measure's verb said of another, a negation."""

from __future__ import annotations

import re

from knowledge.fields import Block, Label, Labels, Noun, Periods, UserText
from knowledge.intents import Ctx, Part
from knowledge.lexicon import Lexicon
from knowledge.metric_choice import as_written
from knowledge.model import Language, Period
from knowledge.notesasked import ONE_MEASURE, one_measure_part
from knowledge.parse.lang import vocabulary
from knowledge.parse.normalize import phrase_key
from knowledge.parse.question import Query
from knowledge.view import KnowledgeView


def problem_part(ctx: Ctx, query: Query, lexicon: Lexicon) -> Part:
    """The reply to a plan with a problem: a question back, or what Tally does not know."""
    plan, view = ctx.plan, ctx.view
    every = tuple(view.metrics)
    if plan.problem in ("unknown_qualifier", "unknown_metric"):
        said_words = (
            _in_order([*query.qualifiers, *query.partial_words], query)
            if query.qualifiers
            else query.unknown
        )
        finer = _finer_period(said_words, view)
        if finer is not None:
            return finer  # "which quarter did …?": the figures are by year only
        # « acheté », not the folded « achete » the lookups use
        said = " ".join(as_written(query.text, w) for w in _as_said(said_words, query)[:8])
        labels = tuple(m for m in every if m in query.partial_metrics) or every
        return Part(
            blocks=[Block("unknown_qualifier", {"words": UserText(said), "labels": Labels(labels)})]
        )
    if plan.problem in ("clarify", "no_metric"):
        labels = tuple(plan.metrics) or every
        return Part(blocks=[Block("clarify", {"labels": Labels(labels)})])
    if plan.problem == ONE_MEASURE:
        return one_measure_part(query)  # "how many more TPUs than Maia?": which ones are meant
    if plan.problem == "fuzzy_only":
        return _fuzzy_only(ctx, query)
    if plan.problem == "other_measure" and plan.other_measure is not None:
        verb, metric = plan.other_measure
        named = tuple(m for m in plan.metrics if m != metric) or tuple(query.metrics)
        fields = {"verb": UserText(verb), "verb_label": Label(metric, lower=True)}
        return Part(blocks=[Block("other_measure", fields | {"labels": Labels(named, lower=True)})])
    if plan.problem == "brand_actor" and plan.other_measure is not None:
        word, metric = plan.other_measure
        fields = {"word": UserText(word), "verb_label": Label(metric, lower=True)}
        counted = Labels(tuple(plan.metrics), lower=True)
        return Part(blocks=[Block("brand_actor", fields | {"labels": counted})])
    if plan.problem == "count_unmatched" and plan.count_said is not None:
        asked_n, listed_n = plan.count_said
        counts: dict[str, object] = {"said": asked_n, "count": listed_n, "noun": Noun()}
        return Part(blocks=[Block("count_unmatched", counts)])
    if plan.problem == "kind_unmatched" and plan.kind_said is not None:
        kind = {"said": UserText(plan.kind_said), "noun": Noun()}
        return Part(blocks=[Block("kind_unmatched", kind)])
    if plan.problem in (
        "negation",
        "the_rest",
        "per_unit",
        "beyond",
        "share_of_measure",
        "tie_one_figure",
        "than_whom",
    ):
        return Part(blocks=[Block(plan.problem, {})])
    words = query.unknown_names or query.unknown
    if not words:
        return Part(blocks=[Block("unknown")])
    blocks = [
        Block(
            "unknown_entity" if query.unknown_names else "unknown_words",
            {"words": UserText(" ".join(words[:6]))},
        )
    ]
    guesses = _did_you_mean(words, lexicon, view, ctx.language)
    if guesses:
        blocks.append(Block("did_you_mean", {"names": UserText(" / ".join(guesses))}))
    return Part(blocks=blocks, suggestions=guesses)


def _as_said(words: list[str], query: Query) -> list[str]:
    """The words in the order the question says them (« puces Blackwell », not « blackwell
    puces »: the unknown word is found before the measure word it qualifies)."""
    at = {token.text: i for i, token in reversed(list(enumerate(query.said)))}
    # a word said in several tokens ("r&d") is where its first piece is
    first = {word: next(iter(re.findall(r"\w+", word)), word) for word in words}
    return sorted(words, key=lambda word: at.get(word, at.get(first[word], len(query.said))))


def _fuzzy_only(ctx: Ctx, query: Query) -> Part:
    """The names the typos were read as, offered rather than answered about."""
    typos = [typo for typo, _ in query.corrections]
    names = [ctx.view.entities[e].display(ctx.language) for e in ctx.plan.entities]
    blocks = [Block("unknown_entity", {"words": UserText(" ".join(typos[:6]))})]
    if names:
        blocks.append(Block("did_you_mean", {"names": UserText(" / ".join(names[:5]))}))
    return Part(blocks=blocks, suggestions=names[:5])


def _did_you_mean(
    words: list[str], lexicon: Lexicon, view: KnowledgeView, language: Language
) -> list[str]:
    found: dict[str, None] = {}
    for word in words[:4]:
        for candidate in lexicon.correct(word, loose=True)[:3]:
            for ref in lexicon.lookup((candidate,)):
                if ref.kind == "entity":
                    found[view.entities[ref.key].display(language)] = None
                elif ref.kind == "metric":
                    metric = view.metrics[ref.key]
                    found[metric.label.get(language, ref.key)] = None
    return list(found)[:5]


def _in_order(words: list[str], query: Query) -> list[str]:
    """The words in the order the question says them ("puces blackwell", not "blackwell puces");
    letters joined by "&" ("r&d") are where their first letter is."""
    said = [token.text.casefold() for token in query.said]
    first = {text: at for at, text in reversed(list(enumerate(said)))}
    return sorted(words, key=lambda word: first.get(word.casefold().split("&")[0], len(said)))


def _finer_period(words: list[str], view: KnowledgeView) -> Part | None:
    """ "which quarter …?" with no figure by quarter: say which periods there are instead."""
    kinds = vocabulary().period_words
    said = {kinds.get(phrase_key(w)) for w in words}
    kind = next((k for k in ("quarter", "half") if k in said), None)
    if kind is None:
        return None
    codes = {code for held in view.periods.values() for code in held}
    if any(Period.parse(code).kind == kind for code in codes):
        return None  # there are such figures: the word is unknown for another reason
    ordered = tuple(sorted(codes, key=lambda code: Period.parse(code).sort_key()))
    return Part(blocks=[Block(f"no_{kind}_figures", {"periods": Periods(ordered)})])
