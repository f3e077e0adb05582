""" "Who is Omdia?", "what did the FT say?", "which figures come from Omdia?": a question about a
publisher of the sources gets what Tally has from it (its sources, and which figures each gives),
and plainly that Tally knows nothing else about it."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.fields import Block, Label, Names, Periods, UserText
from knowledge.intents import Ctx, Part, with_notes
from knowledge.lexicon import Lexicon
from knowledge.model import Fact, Period
from knowledge.parse.items import COMPARATIVE
from knowledge.parse.normalize import phrase_key
from knowledge.parse.question import Query
from knowledge.reading import classify
from knowledge.view import KnowledgeView

BY_SOURCE_KEY = "facts_by_source"
# what a question naming a publisher may ask on its own to be about it: nothing else, or where
# figures come from, or what figures there are ("quels chiffres viennent d'Omdia ?")
_ABOUT_IT = (None, "sources", "list_metrics", "help", "list_entities", "entity_overview")


@dataclass(frozen=True, slots=True)
class Named:
    """A publisher a question names: the name as the sources write it, and those sources."""

    name: str
    sources: tuple[str, ...]


def publisher_asked(query: Query, lexicon: Lexicon) -> Named | None:
    """The publisher a question asks about, when it asks about one and nothing else: no group or
    number (those ask for figures, whatever their source); companies named ask for its figures on
    them ("what does the FT say about Meta?")."""
    if query.groups or query.numbers or query.excluded or query.unknown_names:
        return None
    if query.has("most", "least", *COMPARATIVE):
        return None  # "is the French market bigger?": a comparison, not who a publisher is
    said = tuple(token.key for token in query.said)
    if lexicon.publishers.keys().isdisjoint(said):
        return None  # (most questions name no publisher: nothing more to look at)
    covered = {n for item in query.items for n in range(item.start, item.end)}
    scores: dict[str, int] = {}
    names: dict[str, str] = {}
    for n, token in enumerate(query.said):
        found = lexicon.publishers.get(token.key) if n not in covered else None
        for source, name in (found or {}).items():
            if _said_whole(name, token.key, said):
                scores[source] = scores.get(source, 0) + 1
                names.setdefault(source, name)
    if not scores or not _about_it(query):
        return None
    if query.entities and classify(query) != "entity_overview":
        return None  # "what did Omdia say about Meta's MI300s?": the figure, with its source
    best = max(scores.values())  # "the Financial Times": its source, not every one citing Omdia
    keys = tuple(key for key, score in scores.items() if score == best)
    shown = _shown_name(lexicon, keys, names)
    if query.entities and shown not in names.values():
        return None  # "is Microsoft French?": a word of a publisher's text, not its name
    return Named(shown, keys)


def _said_whole(name: str, key: str, said: tuple[str, ...]) -> bool:
    """Whether a name of several words is said whole, or by its initials ("Financial Times",
    "FT"; not "financial" alone: "Microsoft's financial results" names no publisher)."""
    words = phrase_key(name)
    if len(words) == 1 or key not in words:
        return True
    return any(said[n : n + len(words)] == words for n in range(len(said)))


def _shown_name(lexicon: Lexicon, keys: tuple[str, ...], names: dict[str, str]) -> str:
    """The name to say: the one matched when a source's publisher is that name between commas
    ("Omdia", "Financial Times, citing Omdia"), else the first part of the publisher's text
    ("French tech news article", not just "French")."""
    publishers = [lexicon.publisher_texts.get(key, "") for key in keys]
    for key in keys:
        if any(names[key] in (part.strip() for part in text.split(",")) for text in publishers):
            return names[key]
    return publishers[0].split(",")[0].strip() or names[keys[0]]


def _about_it(query: Query) -> bool:
    """Whether the question asks nothing of its own beside the publisher: where figures come
    from, what there is, or a measure named bare ("what did the FT say about Hopper chips?")."""
    intent = classify(query)
    bare = intent == "ranking" and query.top_n is None and not query.has("rank", "bottom")
    return bare or intent in _ABOUT_IT


def publisher_answer(ctx: Ctx, query: Query, named: Named) -> Part:
    """The sources from that publisher, each with the figures it gives (of the metrics and
    periods asked, if any), and that Tally knows nothing else about it."""
    view = ctx.view
    metrics = {*query.metrics, *query.partial_metrics}
    codes = {p.code for p in query.periods}
    if query.entities:
        return _on_entities(ctx, query, named, metrics, codes)
    lines: list[Block] = []
    keys: list[str] = []
    for key in named.sources:
        facts = _facts(view, key, metrics, codes)
        source = view.sources.get(key)
        if not facts or source is None:
            continue
        keys.append(key)
        fields = {
            "publisher": source.publisher_in(ctx.language),
            "title": source.title,
            "date": source.published,
            "url": Block("source_url", {"url": source.url}) if source.url else "",
        }
        lines.append(Block("source_line", fields))
        lines.extend(_figure_lines(view, facts))
    name = UserText(named.name)
    if not keys:
        return Part(blocks=[Block("publisher_none", {"name": name})])
    # with a measure or a period asked, these are not all its sources
    template = "publisher_head_some" if metrics or codes else "publisher_head"
    head = Block(template, {"name": name, "count": len(keys)})
    return Part(answered=True, blocks=[head, *lines], sources=keys)


def _on_entities(ctx: Ctx, query: Query, named: Named, metrics: set[str], codes: set[str]) -> Part:
    """ "What does the FT say about Meta?": that publisher's figures on the ones named."""
    entities = set(query.entities)
    facts = [
        fact
        for key in named.sources
        for fact in _facts(ctx.view, key, metrics, codes)
        if fact.entity in entities
    ]
    fields = {"name": UserText(named.name), "entities": Names(tuple(query.entities))}
    if not facts:
        return Part(blocks=[Block("publisher_on_none", fields)])
    part = Part(answered=True, blocks=[Block("publisher_on", fields)], facts=facts)
    for fact in facts:
        part.blocks.extend(with_notes(ctx, fact, "overview_line"))
    return part


def _facts(view: KnowledgeView, key: str, metrics: set[str], codes: set[str]) -> list[Fact]:
    """A source's facts, of the metrics and periods asked if any."""
    return [
        fact
        for fact in _facts_by_source(view).get(key, ())
        if (not metrics or fact.metric in metrics) and (not codes or fact.period in codes)
    ]


def _figure_lines(view: KnowledgeView, facts: list[Fact]) -> list[Block]:
    """One line per metric: its periods and how many figures the source gives."""
    periods: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for fact in facts:
        periods.setdefault(fact.metric, set()).add(fact.period)
        counts[fact.metric] = counts.get(fact.metric, 0) + 1
    return [
        Block(
            "publisher_figures",
            {
                "label": Label(metric),
                "periods": Periods(tuple(sorted(codes, key=_period_order))),
                "count": counts[metric],
            },
        )
        for metric, codes in periods.items()
        if metric in view.metrics
    ]


def _period_order(code: str) -> tuple[int, int, int]:
    return Period.parse(code).sort_key()


def _facts_by_source(view: KnowledgeView) -> dict[str, tuple[Fact, ...]]:
    """source key -> its facts, in metric order: one pass over the facts, once per view."""
    found = view.cache.get(BY_SOURCE_KEY)
    if not isinstance(found, dict):
        order = {key: n for n, key in enumerate(view.metrics)}
        collected: dict[str, list[Fact]] = {}
        for fact in view.facts:
            collected.setdefault(fact.source, []).append(fact)
        found = {
            key: tuple(sorted(facts, key=lambda f: order.get(f.metric, len(order))))
            for key, facts in collected.items()
        }
        view.cache[BY_SOURCE_KEY] = found
    return found
