"""The table of questions about the shipped figures: loading, running and checking each row.

Shared by `tests/knowledge/test_questions_table.py` and `bench/answer_table.py`. The rows live in
`questions_en.yaml` and `questions_fr.yaml` next to this module; each file holds standalone
`questions` and `conversations` (sequences of questions sharing one context). Row fields:

- `q`: the question; `kind`: what it covers (for grouping failures); `answered`: true, false or
  `any` (then the other checks apply only when it is answered);
- `intent`: the expected intent, or a list of acceptable ones;
- `entity`, `value`, `metric`, `period`: the first figure's (`entity` may be a list: one of them);
- `entities`: the first figures' entities, in that order; `entity_set`: the first figures'
  entities, in any order (ties); `figure_entities`: exactly the set of entities among all figures;
- `no_entity`, `no_metric`: never among the figures;
- `text`, `not_text`: what the text must (not) contain, compared after `normalize` (case,
  spaces, no-break spaces and commas ignored); an item that is a list is a set of alternatives;
- `count`: a number the text must show on its own (not inside another number), or spelt out;
- `suggest`: words that the suggestions or the text must contain (did-you-mean);
- `ambiguous`: metrics a question matches: either a `clarify` answer naming each (answered
  false), or an answer with figures for every one of them;
- `lang`, `default_language`: passed to `answer`; `language`: the expected answer language
  (default: the file's); `today`: ISO date (default 2026-11-28).
"""

from __future__ import annotations

import importlib
import inspect
import re
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from knowledge.answer import Answer
from knowledge.store import seed_files
from knowledge.view import KnowledgeView

HERE = Path(__file__).resolve().parent
TABLE_FILES = (HERE / "questions_en.yaml", HERE / "questions_fr.yaml")
TODAY = date(2026, 11, 28)
MAX_TEXT = 2000
# Intents whose answers are about the bot or the catalogue, not about figures with a source.
NO_SOURCE_INTENTS = frozenset(
    {"help", "thanks", "itself", "list_entities", "list_metrics", "clarify", "unknown"}
)
TIE_WORDS = {
    "en": ["tie", "tied", "joint", "both", "each", "equal", "same"],
    "fr": [
        "égalité",
        "ex aequo",
        "ex æquo",
        "chacune",
        "chacun",
        "toutes deux",
        "tous deux",
        "autant",
    ],
}
APPROX_WORDS = {
    "en": ["about", "around", "approximately", "roughly", "nearly", "some", "~", "≈"],
    "fr": ["environ", "près de", "quelque", "à peu près", "~", "≈"],
}

NUMBER_WORDS = {
    "en": {4: "four", 6: "six", 12: "twelve"},
    "fr": {4: "quatre", 6: "six", 12: "douze"},
}

AnswerFunction = Callable[..., Awaitable[Answer]]


@dataclass(frozen=True, slots=True)
class Step:
    """One question of the table, with what its answer must show."""

    id: str
    file_language: str
    question: str
    kind: str
    expect: dict[str, Any]
    conversation: str | None = None
    position: int = 0

    @property
    def today(self) -> date:
        """The date `answer` resolves "this year"/"last year" against."""
        raw = self.expect.get("today")
        return date.fromisoformat(str(raw)) if raw else TODAY


@dataclass(frozen=True, slots=True)
class Case:
    """A table case: one standalone question, or a conversation of several."""

    id: str
    language: str
    steps: tuple[Step, ...]
    conversation: bool = False

    @property
    def kinds(self) -> list[str]:
        """The kinds its steps cover."""
        return [step.kind for step in self.steps]


@dataclass(slots=True)
class Outcome:
    """What checking one step found."""

    step: Step
    answer: Answer | None
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when the answer meets every expectation."""
        return not self.problems


def _slug(text: str) -> str:
    kept = "".join(c if c.isalnum() else "-" for c in normalize_words(text))
    return "-".join(part for part in kept.split("-") if part)[:48]


def normalize_words(text: str) -> str:
    """Lower case without accents, for ids."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """Case, spaces (no-break too), commas and Markdown emphasis ignored, for text checks."""
    text = unicodedata.normalize("NFC", text).casefold().replace("\u2019", "'")
    for dropped in (" ", "\u00a0", "\u202f", "\u2009", "\u2007", ",", "*", "_", "`", "\\", "\n"):
        text = text.replace(dropped, "")
    return text


def load_cases(paths: tuple[Path, ...] = TABLE_FILES) -> list[Case]:
    """Every case of the table files, in file order."""
    cases: list[Case] = []
    for path in paths:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        language = document["language"]
        for index, row in enumerate(document.get("questions", []), start=1):
            step_id = f"{language}-{index:03d}-{_slug(row['q'])}"
            step = Step(step_id, language, row["q"], row["kind"], row)
            cases.append(Case(step_id, language, (step,)))
        for index, conversation in enumerate(document.get("conversations", []), start=1):
            case_id = f"{language}-conv{index:02d}-{_slug(conversation['name'])}"
            steps = tuple(
                Step(f"{case_id}#{n}", language, row["q"], row["kind"], row, case_id, n)
                for n, row in enumerate(conversation["steps"], start=1)
            )
            cases.append(Case(case_id, language, steps, conversation=True))
    return cases


def all_steps(cases: list[Case]) -> list[Step]:
    """Every question of the table (conversation steps included)."""
    return [step for case in cases for step in case.steps]


def count_questions(cases: list[Case]) -> dict[str, int]:
    """How many questions the table holds per language."""
    counts: dict[str, int] = {}
    for case in cases:
        counts[case.language] = counts.get(case.language, 0) + len(case.steps)
    return counts


def engine() -> tuple[AnswerFunction, type[Any]]:
    """The engine's `answer` function and its `Conversation` class (wherever they landed)."""
    answer: AnswerFunction | None = None
    for name in ("knowledge.engine", "knowledge.ask"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        candidate = getattr(module, "answer", None)
        if candidate is not None and inspect.iscoroutinefunction(candidate):
            answer = candidate
            break
    if answer is None:
        raise RuntimeError(
            "the answer engine is missing: no async answer() in knowledge.engine or knowledge.ask"
        )
    conversation = importlib.import_module("knowledge.conversation").Conversation
    return answer, conversation


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _contains(text: str, wanted: Any) -> bool:
    options = [normalize(str(option)) for option in _as_list(wanted)]
    return any(option in text for option in options)


def shows_number(text: str, number: int, language: str) -> bool:
    """True when the text shows `number` by itself (not as part of 2024 or 1,534,000), or its word."""
    digits = re.compile(
        rf"(?<!\d)(?<!\d[.,\u202f\u00a0 ]){number}(?!\d)(?![.,]\d)(?![\u202f\u00a0 ]\d{{3}})"
    )
    word = NUMBER_WORDS.get(language, {}).get(number)
    folded = normalize_words(text)
    return bool(digits.search(text)) or (
        word is not None and re.search(rf"\b{word}\b", folded) is not None
    )


def fact_index(view: KnowledgeView) -> set[tuple[str, str, str, str, Decimal]]:
    """(entity, metric, period, source, value) of every stored fact."""
    return {(f.entity, f.metric, f.period, f.source, f.value) for f in view.facts}


_TEMPLATE_FIELD = re.compile(r"\{[a-z_]+\}")  # a template placeholder left in a reply


def invariant_problems(
    answer: Answer,
    view: KnowledgeView,
    facts: set[tuple[str, str, str, str, Decimal]] | None = None,
) -> list[str]:
    """What every answer must respect: size, stored figures only, sources named."""
    problems: list[str] = []
    facts = fact_index(view) if facts is None else facts
    if not isinstance(answer, Answer):
        return [f"not an Answer: {type(answer).__name__}"]
    if len(answer.text) > MAX_TEXT:
        problems.append(f"text is {len(answer.text)} characters (over {MAX_TEXT})")
    if not answer.text.strip():
        problems.append("empty text")
    if answer.language not in ("en", "fr"):
        problems.append(f"language {answer.language!r}")
    problems.extend(_unfilled(answer))
    for figure in answer.figures:
        key = (figure.entity, figure.metric, figure.period, figure.source, figure.value)
        if key not in facts:
            problems.append(f"figure not stored: {key}")
            continue
        entity, metric = view.entities[figure.entity], view.metrics[figure.metric]
        if figure.entity_name not in {entity.name, *entity.names.values()}:
            problems.append(f"figure {figure.entity} named {figure.entity_name!r}")
        if figure.unit != metric.unit or figure.metric_label not in metric.label.values():
            problems.append(
                f"figure {figure.metric} has unit/label {figure.unit!r}/{figure.metric_label!r}"
            )
    if not answer.answered and answer.figures:
        problems.append(f"not answered but rests on {len(answer.figures)} figure(s)")
    if answer.answered and answer.intent not in NO_SOURCE_INTENTS:
        problems.extend(_source_problems(answer, view))
    return problems


def _unfilled(answer: Answer) -> list[str]:
    """Template fields left in the text, or an empty one in the interpretation ("bought, , 2023")."""
    problems: list[str] = []
    for text in (answer.text, answer.interpretation):
        for placeholder in set(_TEMPLATE_FIELD.findall(text)) - set(
            _TEMPLATE_FIELD.findall(answer.question)
        ):
            problems.append(f"template field {placeholder} left unfilled")
    if ", ," in answer.interpretation:
        problems.append(f"interpretation with an empty field: {answer.interpretation!r}")
    return problems


def _source_problems(answer: Answer, view: KnowledgeView) -> list[str]:
    """An answer resting on figures cites their sources, known ones, and names one in its text."""
    problems: list[str] = []
    cited = {source.key for source in answer.sources}
    missing = {figure.source for figure in answer.figures} - cited
    if missing:
        problems.append(f"figure sources not cited: {sorted(missing)}")
    problems.extend(
        f"unknown source {s.key!r}" for s in answer.sources if s.key not in view.sources
    )
    text = normalize(answer.text)
    # A listing of the sources (no figures, none cited) must name one of the stored sources.
    cited_names = [(s.title, s.publisher) for s in answer.sources]
    stored_names = [(s.title, s.publisher) for s in view.sources.values()]
    candidates = cited_names or ([] if answer.figures else stored_names)
    named = [
        title for title, publisher in candidates
        if normalize(title) in text or normalize(publisher) in text
        or normalize(publisher.split(",")[0]) in text
    ]  # fmt: skip
    if not named:
        problems.append("text names no source (title or publisher)")
    return problems


def _check_ambiguous(answer: Answer, metrics: list[str], view: KnowledgeView) -> list[str]:
    if answer.answered:
        covered = {figure.metric for figure in answer.figures}
        missing = [m for m in metrics if m not in covered]
        return [f"picked metrics {sorted(covered)}, not each of {metrics}"] if missing else []
    if answer.intent != "clarify":
        return [
            f"neither a clarify answer nor answers for each of {metrics} (intent {answer.intent})"
        ]
    text = normalize(answer.text)
    unnamed = [
        m for m in metrics if not any(normalize(label) in text for label in _metric_words(view, m))
    ]
    return [f"clarify text does not name {unnamed}"] if unnamed else []


def _metric_words(view: KnowledgeView, metric: str) -> list[str]:
    known = view.metrics[metric]
    words = [*known.label.values()]
    for names in known.names.values():
        words.extend(names)
    return words


def check(step: Step, answer: Answer, view: KnowledgeView) -> list[str]:
    """Every way the answer misses the step's expectations (empty: it passes)."""
    expect = step.expect
    problems: list[str] = []
    wanted_answered = expect.get("answered", True)
    if wanted_answered != "any" and answer.answered is not bool(wanted_answered):
        problems.append(f"answered is {answer.answered}, expected {wanted_answered}")
    language = expect.get("language", step.file_language)
    if answer.language != language:
        problems.append(f"language {answer.language}, expected {language}")
    if "ambiguous" in expect:
        problems.extend(_check_ambiguous(answer, expect["ambiguous"], view))
    if wanted_answered == "any" and not answer.answered:
        return problems
    if "intent" in expect and answer.intent not in _as_list(expect["intent"]):
        problems.append(f"intent {answer.intent}, expected {expect['intent']}")
    problems.extend(_check_first(expect, answer))
    problems.extend(_check_entities(expect, answer))
    problems.extend(_check_text(expect, answer, language))
    return problems


def _check_first(expect: dict[str, Any], answer: Answer) -> list[str]:
    problems: list[str] = []
    first = answer.figures[0] if answer.figures else None
    for name in ("entity", "metric", "period", "value"):
        if name not in expect:
            continue
        if first is None:
            problems.append(f"no figures (expected first {name} {expect[name]})")
            continue
        actual = getattr(first, name)
        if name == "value":
            if actual != Decimal(str(expect[name])):
                problems.append(f"first value {actual}, expected {expect[name]}")
        elif actual not in [str(v) for v in _as_list(expect[name])]:
            problems.append(f"first {name} {actual}, expected {expect[name]}")
    return problems


def _check_entities(expect: dict[str, Any], answer: Answer) -> list[str]:
    problems: list[str] = []
    figures = answer.figures
    if "entities" in expect:
        got = [f.entity for f in figures[: len(expect["entities"])]]
        if got != expect["entities"]:
            problems.append(f"first entities {got}, expected {expect['entities']}")
    if "entity_set" in expect:
        got_set = sorted({f.entity for f in figures[: len(expect["entity_set"])]})
        if got_set != sorted(expect["entity_set"]):
            problems.append(f"first entities {got_set}, expected {sorted(expect['entity_set'])}")
    if "figure_entities" in expect:
        every = sorted({f.entity for f in figures})
        if every != sorted(expect["figure_entities"]):
            problems.append(
                f"figures' entities {every}, expected {sorted(expect['figure_entities'])}"
            )
    problems.extend(
        f"{entity} is among the figures"
        for entity in expect.get("no_entity", [])
        if any(f.entity == entity for f in figures)
    )
    problems.extend(
        f"a {metric} figure is among the figures"
        for metric in expect.get("no_metric", [])
        if any(f.metric == metric for f in figures)
    )
    return problems


def _check_text(expect: dict[str, Any], answer: Answer, language: str) -> list[str]:
    problems: list[str] = []
    text = normalize(answer.text)
    special = {"TIE": TIE_WORDS[language], "APPROX": APPROX_WORDS[language]}
    for item in expect.get("text", []):
        wanted = special.get(item, item) if isinstance(item, str) else item
        if not _contains(text, wanted):
            problems.append(f"text lacks {wanted!r}")
    problems.extend(f"text has {u!r}" for u in expect.get("not_text", []) if _contains(text, u))
    if "count" in expect and not shows_number(answer.text, int(expect["count"]), language):
        problems.append(f"text does not say how many ({expect['count']})")
    if "suggest" in expect:
        where = normalize(" ".join(answer.suggestions)) + "|" + text
        problems.extend(
            f"no suggestion of {w!r}" for w in expect["suggest"] if not _contains(where, w)
        )
    return problems


def answer_kwargs(step: Step) -> dict[str, Any]:
    """The keyword arguments the step passes to `answer` (besides kb and context)."""
    kwargs: dict[str, Any] = {"today": step.today}
    if "lang" in step.expect:
        kwargs["language"] = step.expect["lang"]
    if "default_language" in step.expect:
        kwargs["default_language"] = step.expect["default_language"]
    return kwargs


async def run_case(
    case: Case,
    kb: Any,
    answer: AnswerFunction,
    conversation_class: type[Any],
    facts: set[tuple[str, str, str, str, Decimal]] | None = None,
) -> list[Outcome]:
    """Ask every question of a case (sharing one context in a conversation) and check each."""
    context = conversation_class() if case.conversation else None
    outcomes = []
    for step in case.steps:
        try:
            reply = await answer(step.question, kb=kb, context=context, **answer_kwargs(step))
        except Exception as error:  # a crash is a failure of the row, reported as such
            outcomes.append(Outcome(step, None, [f"raised {type(error).__name__}: {error}"]))
            continue
        problems = invariant_problems(reply, kb.view, facts)
        if isinstance(reply, Answer):
            problems += check(step, reply, kb.view)
        outcomes.append(Outcome(step, reply, problems))
    return outcomes


def seed_paths() -> list[Path]:
    """The shipped knowledge files the table is about."""
    return seed_files()


def describe(outcome: Outcome) -> str:
    """A readable account of one failing step."""
    answer = outcome.answer
    lines = [f"{outcome.step.id}: {outcome.step.question!r} [{outcome.step.kind}]"]
    lines += [f"  - {problem}" for problem in outcome.problems]
    if answer is not None:
        figures = ", ".join(
            f"{f.entity}/{f.metric}/{f.period}={f.value}" for f in answer.figures[:6]
        )
        lines.append(
            f"  got: answered={answer.answered} intent={answer.intent} figures=[{figures}]"
        )
        lines.append("  text: " + answer.text.replace("\n", " ⏎ ")[:400])
    return "\n".join(lines)
