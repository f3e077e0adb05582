"""Answers about the knowledge itself: its sources, entities and metrics, and help."""

from __future__ import annotations

from knowledge.fields import Block, Label, Names, Periods
from knowledge.intents import Ctx, Part, with_notes
from knowledge.model import Fact, Language, Period
from knowledge.notesasked import in_scope
from knowledge.plan import Plan
from knowledge.view import KnowledgeView

MAX_SOURCES = 12
SOURCES_KEY = "sources_by_metric"
ENTITIES_KEY = "entity_lists"


def sources(ctx: Ctx) -> Part:
    """Where the figures come from (for the metrics or entities asked, else all)."""
    view, plan = ctx.view, ctx.plan
    keys: dict[str, None] = {}
    codes = {p.code for p in plan.periods}  # "your sources for 2023": that year's only
    said = _said_figures(view, plan) if not plan.entities else []
    if plan.cited:
        keys = dict.fromkeys(plan.cited)  # "source?" after an answer: each source it cited
    elif said:
        # "the source for the 229 billion figure": that figure's source, whoever it is of
        keys = dict.fromkeys(fact.source for fact in said)
    elif plan.entities:
        facts = [
            fact
            for entity in plan.entities
            for fact in view.by_entity.get(entity, ())
            if (not plan.metrics or fact.metric in plan.metrics)
            and (not codes or fact.period in codes)
        ]
        # "the source for Microsoft's 485,000 figure": that figure's, when it is one of them
        said = [fact for fact in facts if fact.value == plan.value]
        keys = dict.fromkeys(fact.source for fact in said or facts)
    elif plan.metrics or codes:
        for (metric, period), found in _sources_by_metric(view).items():
            if (not plan.metrics or metric in plan.metrics) and (not codes or period in codes):
                keys.update(dict.fromkeys(found))
    else:
        keys = dict.fromkeys(view.sources)
    # "sources for 2023", "source?" after an answer: those figures' sources, not all of Tally's
    head = (
        "sources_head_these" if (plan.entities or plan.metrics or codes or said) else "sources_head"
    )
    if not keys:
        # "source?" after an answer with no figure: none of its own, so all of Tally's, said so
        keys, head = dict.fromkeys(view.sources), "sources_head_none"
    part = Part(answered=bool(keys), blocks=[Block(head, {"count": len(keys)})])
    part.sources = list(keys)
    for key in list(keys)[:MAX_SOURCES]:
        source = view.sources[key]
        url = Block("source_url", {"url": source.url}) if source.url else None
        fields: dict[str, object] = {
            "publisher": source.publisher_in(ctx.language),
            "title": source.title,
            "date": source.published,
            "url": url or "",
        }
        part.blocks.append(Block("source_line", fields))
    return part


def _said_figures(view: KnowledgeView, plan: Plan) -> list[Fact]:
    """The figures whose value the question says (of the measures and periods it names)."""
    if plan.value is None:
        return []
    codes = {p.code for p in plan.periods}
    return [
        fact
        for fact in view.preferred_facts()
        if fact.value == plan.value
        and (not plan.metrics or fact.metric in plan.metrics)
        and (not codes or fact.period in codes)
    ]


def _sources_by_metric(view: KnowledgeView) -> dict[tuple[str, str], tuple[str, ...]]:
    """(metric, period) -> the sources of its facts: one pass over the facts, once per view."""
    found = view.cache.get(SOURCES_KEY)
    if not isinstance(found, dict):
        collected: dict[tuple[str, str], dict[str, None]] = {}
        for fact in view.preferred_facts():
            collected.setdefault((fact.metric, fact.period), {})[fact.source] = None
        found = {key: tuple(keys) for key, keys in collected.items()}
        view.cache[SOURCES_KEY] = found
    return found


def list_entities(ctx: Ctx) -> Part:
    """The entities with figures (in the groups asked, if any)."""
    keys = entity_list(ctx.view, ctx.language, tuple(sorted(ctx.plan.groups)))
    codes = {p.code for p in ctx.plan.periods}
    if codes:
        # "which companies have figures for 2024?": only those with a figure in a period asked;
        # "for both years": in every one of them, not in either
        by_entity = ctx.view.by_entity
        keys = tuple(k for k in keys if codes <= {f.period for f in by_entity.get(k, ())})
        said = Periods(tuple(sorted(codes)))
        fields = {"count": len(keys), "names": Names(keys), "periods": said, "scope": ctx.scope}
        template = "list_entities_in_of" if ctx.plan.groups else "list_entities_in"
        template += "_each" if len(codes) > 1 else ""
        return Part(answered=bool(keys), blocks=[Block(template, fields)])
    fields = {"count": len(keys), "names": Names(keys), "scope": ctx.scope}
    template = "list_entities_of" if ctx.plan.groups else "list_entities"  # "(US companies)"
    return Part(answered=bool(keys), blocks=[Block(template, fields)])


def entity_list(
    view: KnowledgeView, language: Language, groups: tuple[str, ...]
) -> tuple[str, ...]:
    """Entity keys with figures, sorted by name; cached per view (100,000 names sort slowly)."""
    cache: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = view.cache.setdefault(
        ENTITIES_KEY, {}
    )
    found = cache.get((language, groups))
    if found is None:
        keys = [k for k, e in view.entities.items() if not e.aggregate and k in view.by_entity]
        if groups:
            members = {m for g in groups for m in view.members.get(g, ())}
            keys = [k for k in keys if k in members]
        keys.sort(key=lambda k: view.entities[k].display(language).casefold())
        found = cache[(language, groups)] = tuple(keys)
    return found


def list_metrics(ctx: Ctx) -> Part:
    """The kinds of figures stored, with their periods; "do you have 2025 data?": that there
    are none for 2025, and the periods that have figures."""
    missing = _periods_without_figures(ctx)
    if missing:
        periods = _all_periods(ctx.view)
        fields: dict[str, object] = {"period": Periods(missing), "periods": Periods(periods)}
        # not answered, as "who bought the most in 2025?" is not: curators see what is wanted
        return Part(answered=False, blocks=[Block("no_figures_for_period", fields)])
    return _metric_lines(ctx, "list_metrics_head", "list_metrics_line")


def _metric_lines(ctx: Ctx, template: str, line: str) -> Part:
    """Each kind of figure stored, with its periods, under a heading."""
    view = ctx.view
    part = Part(answered=bool(view.metrics), blocks=[Block(template)])
    for key in view.metrics:
        periods = Periods(view.periods.get(key, ()))
        part.blocks.append(Block(line, {"label": Label(key), "periods": periods}))
    return part


def _periods_without_figures(ctx: Ctx) -> tuple[str, ...]:
    """The periods asked that no metric has a figure for."""
    stored = {code for codes in ctx.view.periods.values() for code in codes}
    return tuple(p.code for p in ctx.plan.periods if p.code not in stored)


def _all_periods(view: KnowledgeView) -> tuple[str, ...]:
    """Every period with figures, in time order."""
    codes = {code for codes in view.periods.values() for code in codes}
    return tuple(sorted(codes, key=lambda code: Period.parse(code).sort_key()))


def help_text(ctx: Ctx) -> Part:
    """What Tally can answer, and about what."""
    return _metric_lines(ctx, "help", "help_line")


def accuracy(ctx: Ctx) -> Part:
    """ "How accurate are these numbers?": what kind of figures they are, and whose."""
    if ctx.plan.entities:
        return _accuracy_of(ctx)
    part = sources(ctx)
    part.blocks.insert(0, Block("accuracy", {}))
    part.answered = True
    return part


def _accuracy_of(ctx: Ctx) -> Part:
    """ "Is the 2024 figure for Microsoft exact?": that it is an estimate, then the figures asked
    as their sources give them (their notes and sources after them say the rest)."""
    facts = in_scope(ctx.plan, ctx.view)
    if not facts:
        part = sources(ctx)  # nothing of theirs in that period: what the figures are, in general
        part.blocks.insert(0, Block("accuracy", {}))
        part.answered = True
        return part
    part = Part(answered=True, blocks=[Block("accuracy_these", {})])
    for fact in facts:
        part.blocks.extend(with_notes(ctx, fact, "accuracy_line"))
        part.facts.append(fact)
    return part


def itself(ctx: Ctx) -> Part:
    """ "Who made you?", "do you use ChatGPT?": what Tally is and how it answers."""
    return Part(answered=True, blocks=[Block("itself", {})])


def thanks(ctx: Ctx) -> Part:
    """ "Thanks!": a word back, and an invitation to ask more."""
    return Part(answered=True, blocks=[Block("thanks", {})])
