"""An engine's part turned into the Answer: its text through the templates, the figures it rests
on and their sources, the corrections made, and the line saying how the question was read."""

from __future__ import annotations

from knowledge.answer import Answer, FigureRef, SourceRef
from knowledge.fields import Block, UserText
from knowledge.fuzzy import shown
from knowledge.intents import Ctx, Part
from knowledge.interpretation import interpretation
from knowledge.lexicon import Lexicon, name_key
from knowledge.model import Entity, Fact, Language
from knowledge.narrower import narrower_notes
from knowledge.parse.question import Query
from knowledge.reading import ABOUT_INTENTS
from knowledge.render import Renderer
from knowledge.view import KnowledgeView

MAX_FIGURES = 50


def build_answer(
    question: str, ctx: Ctx, query: Query, part: Part, intent: str, lexicon: Lexicon
) -> Answer:
    """The Answer to `question` from the engine's part (never an empty reply)."""
    view, language = ctx.view, ctx.language
    renderer = Renderer(view, language, seed=len(question))
    blocks = list(part.blocks) or [Block("unknown")]  # never an empty reply
    # the first figures are the relevant ones; a tie of thousands is not worth listing whole
    facts = list({f.identity: f for f in part.facts[: MAX_FIGURES * 2]}.values())[:MAX_FIGURES]
    answered = part.answered and (bool(facts) or intent in ABOUT_INTENTS)
    if not answered:
        facts = []  # an answer that is not answered rests on no figure
    if answered and facts:
        blocks.extend(narrower_notes(query, lexicon, facts))  # a part named, the whole answered
        blocks.extend(_source_blocks(view, facts, language))
    # a typo read as a name nobody asked about is offered as a suggestion, not as a reading
    corrections = [] if ctx.plan.problem == "fuzzy_only" else query.corrections[:3]
    entities = [view.entities[e] for e in ctx.plan.entities if e in view.entities]
    names = [entity.name for entity in entities]
    for typo, fixed in corrections:
        said = _said(fixed, entities, language) or shown(fixed, names)
        fields: dict[str, object] = {"typo": UserText(typo), "fixed": UserText(said)}
        blocks.append(Block("corrected", fields))
    return Answer(
        question=question,
        language=language,
        answered=answered,
        intent=intent,
        text=renderer.text(blocks),
        interpretation=interpretation(renderer, ctx, intent, part),
        figures=[figure_ref(view, f, language) for f in facts],
        sources=[
            _source(view, key, language)
            for key in _cited(part, facts, answered)
            if key in view.sources
        ],
        suggestions=list(part.suggestions),
    )


def _cited(part: Part, facts: list[Fact], answered: bool) -> list[str]:
    keys = [f.source for f in facts] + (part.sources if answered else [])
    return list(dict.fromkeys(keys))


def _source_blocks(view: KnowledgeView, facts: list[Fact], language: Language) -> list[Block]:
    blocks = []
    for key in dict.fromkeys(f.source for f in facts):
        source = view.sources.get(key)
        if source is not None:
            fields = {
                "publisher": source.publisher_in(language),
                "title": source.title,
                "date": source.published,
            }
            blocks.append(Block("source", dict(fields)))
    return blocks


def figure_ref(view: KnowledgeView, fact: Fact, language: Language) -> FigureRef:
    """A stored fact as the figure reference answers, charts and embeds carry."""
    entity = view.entities.get(fact.entity)
    metric = view.metrics.get(fact.metric)
    return FigureRef(
        entity=fact.entity,
        entity_name=entity.display(language) if entity else fact.entity,
        metric=fact.metric,
        metric_label=metric.label.get(language, fact.metric) if metric else fact.metric,
        period=fact.period,
        value=fact.value,
        unit=metric.unit if metric else "",
        approximate=fact.approximate,
        source=fact.source,
    )


def _source(view: KnowledgeView, key: str, language: Language) -> SourceRef:
    source = view.sources[key]
    publisher = source.publisher_in(language)
    return SourceRef(source.key, source.title, publisher, source.published, source.url)


def _said(word: str, entities: list[Entity], language: Language) -> str | None:
    """The name, in the answer's language, of the entity whose default name a corrected word is
    from: "brezil" read as "brazil" is said « Brésil » in French; None when the name is the same."""
    for entity in entities:
        display = entity.display(language)
        if display != entity.name and any(name_key(w) == (word,) for w in entity.name.split()):
            return display
    return None
