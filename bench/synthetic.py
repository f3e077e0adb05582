"""A synthetic knowledge base of N facts, deterministic with a seed, written as knowledge files.

Made-up companies (names, aliases and tickers), five metrics named in English and French, four
periods (two years and two quarters), regional groups and one aggregate entity (the whole market).
Definitions go to one YAML file; facts go to CSV files of at most `FACTS_PER_FILE` rows each,
because the loader refuses files over 10 MB.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from knowledge.model import Entity, Group, KnowledgeSet, Language, Metric, Source

FACTS_PER_FILE = 100_000
PERIODS = ("2023", "2024", "2024-Q3", "2024-Q4")
AGGREGATE_KEY = "global-market"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_ONSETS = _words(
    "B Br C Cr D Dr F Fl G Gr H J K Kr L M N P Pr Qu R S St T Tr V Vr W X Z Ch Sh Th Bl Pl Sk "
    "Sp Zh Gl Cl"
)
_NUCLEI = _words("a e i o u ae ai ea io ou y ar er or an en on il al el")
_CODAS = _words(
    "trix vane dex lon ora ium ex is al on ia ara eno ix ova yn ant ent ica ion os us ar oth "
    "ene ida ari opa eus ivo"
)
_SUFFIXES = _words(
    "Systems Labs Group Holdings Networks Dynamics Industries Technologies Robotics Analytics "
    "Energy Logistics Capital Foods Motors Bio Aerospace Software Media Materials"
)

# key: unit, lognormal mu and sigma of the values, then names and verbs per language ("|"-separated)
_METRIC_TABLE = {
    "revenue": ("USD", 19.0, 2.0,
        "revenue|revenues|sales|turnover", "chiffre d'affaires|revenus|ventes",
        "earn|earned|make|made|generate|generated", "réaliser|réalisé|généré|gagné"),
    "employees": ("people", 7.0, 1.5,
        "employees|staff|headcount|workers", "employés|salariés|effectifs",
        "employ|employed|employs|hire|hired", "employer|employé|emploie|embauché"),
    "drones-shipped": ("drones", 9.0, 2.0,
        "delivery drones|drones shipped|drones", "drones de livraison|drones livrés|drones",
        "ship|shipped|ships|deliver|delivered|sell|sold", "livrer|livré|expédié|vendu"),
    "rd-spending": ("USD", 17.0, 2.0,
        "R&D spending|research spending|research and development",
        "dépenses de R&D|dépenses de recherche|recherche et développement",
        "spend|spent|spends|invest|invested", "dépenser|dépensé|investi|investit"),
    "data-centers": ("sites", 3.0, 1.0,
        "data centers|data centres|datacenters", "centres de données|datacenters",
        "operate|operated|operates|run|ran", "exploiter|exploité|exploite"),
}  # fmt: skip
_STATEMENTS: dict[str, tuple[str, str, str, str]] = {
    "revenue": (
        "{entity} had revenue of {value} in {period}",
        "{entity} a réalisé un chiffre d'affaires de {value} en {period}",
        "Revenue",
        "Chiffre d'affaires",
    ),
    "employees": (
        "{entity} employed {value} people in {period}",
        "{entity} employait {value} personnes en {period}",
        "Employees",
        "Employés",
    ),
    "drones-shipped": (
        "{entity} shipped {value} delivery drones in {period}",
        "{entity} a livré {value} drones de livraison en {period}",
        "Delivery drones shipped",
        "Drones de livraison livrés",
    ),
    "rd-spending": (
        "{entity} spent {value} on research and development in {period}",
        "{entity} a dépensé {value} en recherche et développement en {period}",
        "R&D spending",
        "Dépenses de R&D",
    ),
    "data-centers": (
        "{entity} operated {value} data centers in {period}",
        "{entity} exploitait {value} centres de données en {period}",
        "Data centers operated",
        "Centres de données exploités",
    ),
}
_GROUPS: dict[str, dict[Language, tuple[str, ...]]] = {
    "europe": {
        "en": ("European companies", "European firms", "Europe"),
        "fr": ("entreprises européennes", "sociétés européennes", "Europe"),
    },
    "americas": {
        "en": ("American companies", "companies in the Americas", "Americas"),
        "fr": ("entreprises américaines", "sociétés américaines", "Amériques"),
    },
    "asia": {
        "en": ("Asian companies", "Asian firms", "Asia"),
        "fr": ("entreprises asiatiques", "sociétés asiatiques", "Asie"),
    },
    "startups": {
        "en": ("startups", "start-ups", "young companies"),
        "fr": ("start-up", "jeunes pousses", "jeunes entreprises"),
    },
}
_PUBLISHER = "Bench Institute"
SOURCES = (
    Source("synth-survey-2023", "Synthetic industry survey 2023", _PUBLISHER, date(2024, 3, 1)),
    Source("synth-survey-2024", "Synthetic industry survey 2024", _PUBLISHER, date(2025, 3, 1)),
)


def _source_for(period: str) -> str:
    return SOURCES[0].key if period.startswith("2023") else SOURCES[1].key


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(slots=True)
class Synthetic:
    """One synthetic knowledge base: its definitions and a generator of its facts."""

    facts_wanted: int
    seed: int
    definitions: KnowledgeSet = field(default_factory=KnowledgeSet)
    entity_count: int = 0

    def metrics(self) -> list[str]:
        """The metric keys, in a stable order."""
        return list(_METRIC_TABLE)

    def iter_facts(self) -> Iterator[tuple[str, str, str, str, str, bool]]:
        """(entity, metric, period, value, source, approximate) rows, exactly `facts_wanted`."""
        rng = random.Random(self.seed + 1)
        metrics, cells = self.metrics(), len(_METRIC_TABLE) * len(PERIODS)
        per_market = cells if self.facts_wanted > cells else 0
        wanted = self.facts_wanted - per_market
        companies = [e.key for e in self.definitions.entities if not e.aggregate]
        chosen = sorted(rng.sample(range(len(companies) * cells), wanted))
        totals: dict[tuple[str, str], int] = {}
        for slot in chosen:
            entity, cell = divmod(slot, cells)
            metric, period = metrics[cell // len(PERIODS)], PERIODS[cell % len(PERIODS)]
            _, mu, sigma, *_ = _METRIC_TABLE[metric]
            value = max(1, round(rng.lognormvariate(mu, sigma)))
            if period.endswith(("Q3", "Q4")):
                value = max(1, value // 4)
            totals[(metric, period)] = totals.get((metric, period), 0) + value
            approximate = rng.random() < 0.05
            yield companies[entity], metric, period, str(value), _source_for(period), approximate
        if per_market:
            for metric in metrics:
                for period in PERIODS:
                    total = str(totals.get((metric, period), 0) * 11 // 10)
                    yield AGGREGATE_KEY, metric, period, total, _source_for(period), True


def _names(rng: random.Random, count: int) -> list[tuple[str, str | None]]:
    """`count` unique (root, suffix) company names; roots are unique too."""
    roots: set[str] = set()
    names: list[tuple[str, str | None]] = []
    while len(names) < count:
        root = rng.choice(_ONSETS) + rng.choice(_NUCLEI)
        if rng.random() < 0.6:
            root += rng.choice(_ONSETS).lower() + rng.choice(_NUCLEI)
        root += rng.choice(_CODAS)
        if root in roots or len(root) < 5:
            continue
        roots.add(root)
        names.append((root, rng.choice(_SUFFIXES) if rng.random() < 0.8 else None))
    return names


def _ticker(root: str, taken: set[str]) -> str | None:
    letters = re.sub(r"[aeiouy]", "", root[1:].lower()).upper()
    for candidate in (
        root[0].upper() + letters[:2],
        root[0].upper() + letters[:3],
        root[:4].upper(),
    ):
        if len(candidate) >= 3 and candidate not in taken:
            taken.add(candidate)
            return candidate
    return None


def generate(facts: int, seed: int = 42) -> Synthetic:
    """The definitions of a synthetic knowledge base sized for `facts` facts."""
    rng = random.Random(seed)
    cells = len(_METRIC_TABLE) * len(PERIODS)
    companies = max(12, math.ceil(facts / cells * 1.1))
    synthetic = Synthetic(facts, seed, entity_count=companies + 1)
    knowledge = synthetic.definitions
    knowledge.sources.extend(SOURCES)
    knowledge.groups.extend(Group(key, names) for key, names in _GROUPS.items())
    regions, tickers = ("europe", "americas", "asia"), set[str]()
    for root, suffix in _names(rng, companies):
        name = f"{root} {suffix}" if suffix else root
        aliases: list[str] = [root] if suffix else []
        ticker = _ticker(root, tickers) if rng.random() < 0.5 else None
        if ticker:
            aliases.append(ticker)
        groups = [rng.choice(regions)] + (["startups"] if rng.random() < 0.1 else [])
        knowledge.entities.append(Entity(_slug(name), name, {}, tuple(aliases), tuple(groups)))
    knowledge.entities.append(
        Entity(
            AGGREGATE_KEY,
            "Global market",
            {"en": "the global market", "fr": "le marché mondial"},
            ("whole market", "the market", "marché mondial"),
            aggregate=True,
        )
    )
    for key, (unit, _, _, names_en, names_fr, verbs_en, verbs_fr) in _METRIC_TABLE.items():
        en, fr, label_en, label_fr = _STATEMENTS[key]
        knowledge.metrics.append(
            Metric(
                key,
                unit,
                {"en": tuple(names_en.split("|")), "fr": tuple(names_fr.split("|"))},
                {"en": tuple(verbs_en.split("|")), "fr": tuple(verbs_fr.split("|"))},
                {"en": en, "fr": fr},
                {"en": label_en, "fr": label_fr},
            )
        )
    return synthetic


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _flow(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(_q(i) for i in items) + "]"


def definitions_yaml(knowledge: KnowledgeSet) -> str:
    """The definitions (sources, groups, entities, metrics) in the knowledge file format."""
    out = ["# Synthetic knowledge for the benchmark (bench/synthetic.py).", "sources:"]
    for s in knowledge.sources:
        out += [
            f"  - key: {s.key}",
            f"    title: {_q(s.title)}",
            f"    publisher: {_q(s.publisher)}",
        ]
        out.append(f"    published: {s.published.isoformat()}")
    out.append("groups:")
    for g in knowledge.groups:
        out += [f"  - key: {g.key}", "    names:"]
        out += [f"      {lang}: {_flow(names)}" for lang, names in g.names.items()]
    out.append("entities:")
    for e in knowledge.entities:
        out += [f"  - key: {e.key}", f"    name: {_q(e.name)}"]
        if e.names:
            out.append(
                "    names: {" + ", ".join(f"{k}: {_q(v)}" for k, v in e.names.items()) + "}"
            )
        if e.aliases:
            out.append(f"    aliases: {_flow(e.aliases)}")
        if e.groups:
            out.append(f"    groups: {_flow(e.groups)}")
        if e.aggregate:
            out.append("    aggregate: true")
    out.append("metrics:")
    for m in knowledge.metrics:
        out += [f"  - key: {m.key}", f"    unit: {_q(m.unit)}"]
        for title, table in (("names", m.names), ("verbs", m.verbs)):
            out.append(f"    {title}:")
            out += [f"      {lang}: {_flow(words)}" for lang, words in table.items()]
        for title, texts in (("statement", m.statement), ("label", m.label)):
            out.append(f"    {title}:")
            out += [f"      {lang}: {_q(text)}" for lang, text in texts.items()]
    return "\n".join(out) + "\n"


def write_files(directory: Path, facts: int, seed: int = 42) -> list[Path]:
    """Write `definitions.yaml` and `facts-NNN.csv` files into a directory; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    synthetic = generate(facts, seed)
    definitions = directory / "definitions.yaml"
    definitions.write_text(definitions_yaml(synthetic.definitions), encoding="utf-8")
    paths, rows, number = [definitions], 0, 0
    handle = None
    header = "entity,metric,period,value,source,approximate\n"
    for entity, metric, period, value, source, approximate in synthetic.iter_facts():
        if handle is None or rows == FACTS_PER_FILE:
            if handle is not None:
                handle.close()
            number, rows = number + 1, 0
            path = directory / f"facts-{number:03d}.csv"
            paths.append(path)
            handle = path.open("w", encoding="utf-8", newline="")
            handle.write(header)
        flag = "true" if approximate else ""
        handle.write(f"{entity},{metric},{period},{value},{source},{flag}\n")
        rows += 1
    if handle is not None:
        handle.close()
    return paths
