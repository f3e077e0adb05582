"""The knowledge file format: valid files read exactly, every mistake reported as file:line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from knowledge import format as knowledge_format
from knowledge.errors import KnowledgeFileError
from knowledge.format import KnownKeys
from knowledge.model import Fact
from knowledge.store import seed_files

VALID = """\
sources:
  - key: src
    title: A report
    publisher: Someone
    published: 2024-12-18
entities:
  - key: acme
    name: Acme
metrics:
  - key: widgets
    unit: widgets
    names: {en: [widgets], fr: [gadgets]}
    statement:
      en: "{entity} made {value} widgets in {period}"
      fr: "{entity} a fait {value} gadgets en {period}"
    label: {en: Widgets made, fr: Gadgets faits}
facts:
  - entity: acme
    metric: widgets
    period: "2024"
    value: 0.1000000000000000055511151231257827
    source: src
"""


def write(tmp_path: Path, text: str, name: str = "k.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(*paths: Path, known: KnownKeys | None = None) -> list[str]:
    with pytest.raises(KnowledgeFileError) as caught:
        knowledge_format.load_files(paths, known)
    return [str(p) for p in caught.value.problems]


def test_valid_file_keeps_decimals_exact(tmp_path: Path) -> None:
    knowledge = knowledge_format.load_files([write(tmp_path, VALID)])
    assert knowledge.counts() == {
        "sources": 1,
        "groups": 0,
        "entities": 1,
        "metrics": 1,
        "facts": 1,
    }
    assert knowledge.facts[0].value == Decimal("0.1000000000000000055511151231257827")


def test_a_publisher_may_be_written_per_language(tmp_path: Path) -> None:
    text = VALID.replace(
        "    publisher: Someone\n", "    publisher: {en: Someone, fr: Quelqu'un}\n"
    )
    source = knowledge_format.load_files([write(tmp_path, text)]).sources[0]
    assert source.publisher == "Someone"
    assert (source.publisher_in("fr"), source.publisher_in("en")) == ("Quelqu'un", "Someone")


def test_a_name_may_be_written_with_its_article(tmp_path: Path) -> None:
    text = VALID.replace(
        "    name: Acme\n",
        "    name: Acme\n    names: {fr: Acmé}\n    with_article: {fr: l'Acmé}\n",
    )
    entity = knowledge_format.load_files([write(tmp_path, text)]).entities[0]
    assert (entity.in_sentence("fr"), entity.display("fr")) == ("l'Acmé", "Acmé")
    assert entity.in_sentence("en") == "Acme"  # no article given: the name as it is


@pytest.mark.parametrize("said", ["{fr: Acmé}", "{fr: le Acme}", "{de: die Acmé}", "[l'Acmé]"])
def test_a_name_with_its_article_must_end_with_the_name(tmp_path: Path, said: str) -> None:
    text = VALID.replace(
        "    name: Acme\n", f"    name: Acme\n    names: {{fr: Acmé}}\n    with_article: {said}\n"
    )
    assert any(":10: with_article" in p for p in problems_of(write(tmp_path, text)))


def test_a_label_may_be_written_with_its_article(tmp_path: Path) -> None:
    text = VALID.replace(
        "    label: {en: Widgets made, fr: Gadgets faits}\n",
        "    label: {en: Widgets made, fr: Gadgets faits}\n"
        "    label_with_article: {fr: les gadgets faits}\n",
    )
    metric = knowledge_format.load_files([write(tmp_path, text)]).metrics[0]
    assert metric.label_with_article == {"fr": "les gadgets faits"}
    wrong = text.replace("les gadgets faits", "les widgets")
    assert any(":17: label_with_article.fr" in p for p in problems_of(write(tmp_path, wrong)))


def test_shipped_figures_are_valid_and_complete() -> None:
    knowledge = knowledge_format.load_files(seed_files())
    facts = {(f.entity, f.metric, f.period): f.value for f in knowledge.facts}
    assert len(knowledge.facts) == 29
    assert facts[("microsoft", "hopper-gpus", "2024")] == 485000
    assert facts[("tesla", "hopper-gpus", "2023")] == 15000
    assert facts[("meta", "mi300-gpus", "2024")] == 173000
    assert facts[("amazon", "inhouse-ai-chips", "2024")] == 1300000
    assert facts[("server-market", "server-spending", "2024")] == Decimal("229e9")
    assert all(f.approximate for f in knowledge.facts)
    market = next(e for e in knowledge.entities if e.key == "server-market")
    assert market.aggregate
    spending = next(m for m in knowledge.metrics if m.key == "server-spending")
    assert "AI investment" in spending.names["en"]


# (what is wrong, the replacement applied to VALID, the line and words of the expected problem)
BAD_INPUT = [
    ("yaml syntax", ("    unit: widgets\n", "    unit: [widgets\n"), 12, "YAML syntax error"),
    ("unknown field", ("    name: Acme\n", "    name: Acme\n    colour: red\n"), 9, "unknown field 'colour'"),
    ("unknown entity", ("  - entity: acme\n", "  - entity: acne\n"), 18, "unknown entity 'acne'"),
    ("unknown source", ("    source: src\n", "    source: nope\n"), 22, "unknown source 'nope'"),
    ("duplicate yaml key", ("    name: Acme\n", "    name: Acme\n    name: Other\n"), 9, "duplicate key 'name'"),
    ("value not a number", ("    value: 0.1000000000000000055511151231257827\n", "    value: lots\n"), 21, "value 'lots' is not a number"),
    ("malformed period", ('    period: "2024"\n', '    period: "2024-Q5"\n'), 20, "malformed period"),
    ("malformed date", ("    published: 2024-12-18\n", "    published: 18/12/2024\n"), 5, "ISO date"),
    ("statement placeholder", ('      en: "{entity} made {value} widgets in {period}"\n', '      en: "{entity} made widgets in {period}"\n'), 14, "missing {value}"),
    ("unknown language", ("    label: {en: Widgets made, fr: Gadgets faits}\n", "    label: {en: Widgets made, fr: Gadgets faits, de: Dinge}\n"), 16, "unknown language 'de'"),
    ("missing field", ("    unit: widgets\n", ""), 10, "missing 'unit'"),
    ("not a slug", ("  - key: acme\n", "  - key: Acme Corp\n"), 7, "is not a slug"),
    ("boolean", ("    source: src\n", "    source: src\n    approximate: maybe\n"), 23, "approximate must be true or false"),
    ("publisher without en", ("    publisher: Someone\n", "    publisher: {fr: Quelqu'un}\n"), 4, "publisher needs an 'en' entry"),
    ("publisher language", ("    publisher: Someone\n", "    publisher: {en: Someone, de: Jemand}\n"), 4, "unknown language 'de'"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "change", "line", "words"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT]
)
def test_each_mistake_is_reported_with_its_line(
    tmp_path: Path, case: str, change: tuple[str, str], line: int, words: str
) -> None:
    old, new = change
    assert old in VALID, case
    path = write(tmp_path, VALID.replace(old, new, 1))
    problems = problems_of(path)
    assert any(p.startswith(f"{path}:{line}: ") and words in p for p in problems), problems


def test_all_mistakes_are_reported_in_one_run(tmp_path: Path) -> None:
    text = VALID.replace("    value: 0.1000000000000000055511151231257827\n", "    value: lots\n")
    text = text.replace('    period: "2024"\n', '    period: "24"\n').replace(
        "  - entity: acme\n", "  - entity: acne\n"
    )
    assert len(problems_of(write(tmp_path, text))) == 3


def test_duplicate_keys_across_files(tmp_path: Path) -> None:
    first, second = (
        write(tmp_path, VALID, "a.yaml"),
        write(tmp_path, VALID.split("facts:", maxsplit=1)[0], "b.yaml"),
    )
    problems = problems_of(first, second)
    assert any(p.startswith(f"{second}:2: duplicate source key 'src'") for p in problems), problems
    assert any("duplicate entity key 'acme'" in p for p in problems), problems


def test_fact_duplicated_with_a_different_value(tmp_path: Path) -> None:
    fact = "  - {entity: acme, metric: widgets, period: '2024', value: 7, source: src}\n"
    text = VALID + fact.replace("7", "8") + fact
    path = write(tmp_path, text)
    problems = problems_of(path)
    twice = "fact acme/widgets/2024/src is given twice with different values"
    assert problems == [
        f"{path}:23: {twice} (first at {path}:18)",
        f"{path}:24: {twice} (first at {path}:18)",
    ]


def test_identical_duplicate_fact_is_harmless(tmp_path: Path) -> None:
    fact = "  - {entity: acme, metric: widgets, period: '2024', value: 7, source: src}\n"
    text = VALID.split("facts:", maxsplit=1)[0] + "facts:\n" + fact + fact
    assert len(knowledge_format.load_files([write(tmp_path, text)]).facts) == 1


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    assert problems_of(path) == [f"{path}:1: file is empty"]


def test_file_over_ten_megabytes(tmp_path: Path) -> None:
    path = write(tmp_path, "# " + "x" * (10 * 1024 * 1024) + "\n")
    assert problems_of(path) == [f"{path}:1: file is over 10 MB"]


def test_references_to_keys_already_stored(tmp_path: Path) -> None:
    facts_only = (
        "facts:\n  - {entity: acme, metric: widgets, period: '2023', value: 5, source: src}\n"
    )
    path = write(tmp_path, facts_only)
    assert problems_of(path)  # alone, the keys are unknown
    known = KnownKeys(sources={"src"}, entities={"acme"}, metrics={"widgets"})
    assert len(knowledge_format.load_files([path], known).facts) == 1


def test_unknown_section_and_wrong_shapes(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, "things: []\nfacts: {a: 1}\n"))
    assert any(":1: unknown section 'things'" in p for p in problems), problems
    assert any(":2: facts must be a list" in p for p in problems), problems


def test_csv_facts_are_checked_by_line(tmp_path: Path) -> None:
    header = "entity,metric,period,value,source,approximate,quote,note_en,note_fr\n"
    path = write(
        tmp_path,
        header + "acme,widgets,2024,12,src,true,,,\nacme,widgets,20x4,abc,src,,,,\n",
        "f.csv",
    )
    known = KnownKeys(sources={"src"}, entities={"acme"}, metrics={"widgets"})
    problems = problems_of(path, known=known)
    assert any(p.startswith(f"{path}:3: malformed period") for p in problems), problems
    assert any(p.startswith(f"{path}:3: value 'abc' is not a number") for p in problems), problems


CSV_HEADER = "entity,metric,period,value,source,approximate,quote,note_en,note_fr\n"
KNOWN = KnownKeys(sources={"src"}, entities={"acme"}, metrics={"widgets"})


def test_csv_rows_are_read_exactly(tmp_path: Path) -> None:
    rows = (
        "acme,widgets,2024,12,src,true,,,\n"
        "\n"  # a blank line is skipped
        ' acme , widgets , 2024-Q1 , 1_000 , src , YES ," a ""q"" ", n1 ,\n'
        'acme,widgets,2023-06,-0.50,src,0,"two\nlines",,une note\n'
        "acme,widgets,2022,1e3,src,no,,,,extra\n"
        "acme,widgets,2021,5,src\n"
    )
    facts = knowledge_format.load_files([write(tmp_path, CSV_HEADER + rows, "f.csv")], KNOWN).facts
    assert facts == [
        Fact("acme", "widgets", "2024", Decimal(12), "src", True),
        Fact("acme", "widgets", "2024-Q1", Decimal(1000), "src", True, 'a "q"', {"en": "n1"}),
        Fact("acme", "widgets", "2023-06", Decimal("-0.50"), "src", False, "two\nlines", {"fr": "une note"}),
        Fact("acme", "widgets", "2022", Decimal("1e3"), "src"),
        Fact("acme", "widgets", "2021", Decimal(5), "src"),
    ]  # fmt: skip
    assert [str(f.value) for f in facts] == ["12", "1000", "-0.50", "1E+3", "5"]


def test_csv_mistakes_are_reported_at_their_lines(tmp_path: Path) -> None:
    rows = (
        "acme,widgets,2024,12,src,,,,\n"
        'acme,widgets,2023,"1,5",src,,,,\n'
        "acme,widgets,2022,NaN,src,,,,\n"
        "acme,widgets,2019-13,5,src,,,,\n"
        "acme,widgets,2018,5,src,maybe,,,\n"
        "Bad Key,widgets,2017,5,src,,,,\n"
        "acme,widgets,2016,,src,,,,\n"
        "acme,gadgets,2024,1,src,,,,\n"
        "acme,gadgets,2023,1,src,,,,\n"  # the same unknown key: reported at its first line
        "acme,widgets,2024,13,src,,,,\n"
        "acme,widgets,2024,12,src,false,,,\n"  # the same fact again: harmless
    )
    path = write(tmp_path, CSV_HEADER + rows, "f.csv")
    assert problems_of(path, known=KNOWN) == [
        f"{path}:3: value '1,5' is not a number",
        f"{path}:4: value 'NaN' is not a number",
        f"{path}:5: malformed period '2019-13' (expected YYYY, YYYY-Qn, YYYY-Hn or YYYY-MM)",
        f"{path}:6: approximate must be true or false, not 'maybe'",
        f"{path}:7: entity 'Bad Key' is not a slug (lower-case letters, digits, -)",
        f"{path}:8: row is missing value",
        f"{path}:9: unknown metric 'gadgets'",
        f"{path}:11: fact acme/widgets/2024/src is given twice with different values"
        f" (first at {path}:2)",
    ]


def test_csv_duplicates_across_files_name_the_first(tmp_path: Path) -> None:
    first = write(tmp_path, CSV_HEADER + "acme,widgets,2015,1,src,,,,\n" * 2, "a.csv")
    second = write(
        tmp_path, "entity,metric,period,value,source\nacme,widgets,2015,2,src\n", "b.csv"
    )
    assert problems_of(first, second, known=KNOWN) == [
        f"{second}:2: fact acme/widgets/2015/src is given twice with different values"
        f" (first at {first}:2)"
    ]
    header_only = write(tmp_path, "entity,metric,value\n", "c.csv")
    assert problems_of(header_only) == [f"{header_only}:1: CSV header is missing period, source"]
