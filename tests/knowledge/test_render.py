from decimal import Decimal
from functools import cache

import pytest

from knowledge import format as knowledge_format
from knowledge import store
from knowledge.fields import Block, Scope, Statement, UserText
from knowledge.model import Language
from knowledge.render import Renderer
from knowledge.templating import compiled, fill, templates
from knowledge.view import KnowledgeView

NNBSP = "\u202f"


@cache
def seed_view() -> KnowledgeView:
    return KnowledgeView.build(knowledge_format.load_files(store.seed_files()), version=1)


def renderer(language: Language) -> Renderer:
    return Renderer(seed_view(), language)


@pytest.mark.parametrize(
    ("language", "value", "unit", "approximate", "text"),
    [
        ("en", Decimal(485000), "chips", False, "**485,000**"),
        ("fr", Decimal(485000), "chips", False, f"**485{NNBSP}000**"),
        ("en", Decimal(485000), "chips", True, "about **485,000**"),
        ("fr", Decimal(485000), "chips", True, f"environ **485{NNBSP}000**"),
        ("en", Decimal(31_000_000_000), "USD", False, "**$31 billion**"),
        ("fr", Decimal(31_000_000_000), "USD", False, "**31 milliards de dollars**"),
        ("en", Decimal("1500000000"), "USD", False, "**$1.5 billion**"),
        ("en", Decimal(500), "USD", False, "**$500.00**"),
        ("en", Decimal("31.6"), "%", False, "**31.6%**"),
        ("fr", Decimal("31.6"), "%", False, "**31,6\u00a0%**"),
        ("en", Decimal("255666.6667"), "chips", False, "**255,667**"),
        ("en", Decimal("2.456"), "t", False, "**2.46**"),
    ],
)
def test_amounts(
    language: Language, value: Decimal, unit: str, approximate: bool, text: str
) -> None:
    assert renderer(language).amount(value, unit, approximate) == text


@pytest.mark.parametrize(
    ("language", "fraction", "text"),
    [
        ("en", Decimal("0.13537"), "13.5%"),
        ("fr", Decimal("0.13537"), "13,5\u00a0%"),
        ("en", Decimal(1), "100%"),
    ],
)
def test_percent(language: Language, fraction: Decimal, text: str) -> None:
    assert renderer(language).percent(fraction) == text


def test_ratio() -> None:
    assert renderer("en").ratio(Decimal("2.165")) == "2.2×"
    assert renderer("fr").ratio(Decimal("2.165")) == "2,2×"


@pytest.mark.parametrize(
    ("language", "code", "text"),
    [
        ("en", "2024", "2024"),
        ("en", "2023-Q4", "Q4 2023"),
        ("fr", "2023-Q4", "T4 2023"),
        ("en", "2024-H1", "H1 2024"),
        ("fr", "2024-H1", "S1 2024"),
        ("en", "2024-03", "March 2024"),
        ("fr", "2024-03", "mars 2024"),
    ],
)
def test_periods(language: Language, code: str, text: str) -> None:
    assert renderer(language).period(code) == text


def test_statement_uses_the_metric_sentence() -> None:
    fact = seed_view().fact("microsoft", "hopper-gpus", "2024")
    assert fact is not None
    assert (
        renderer("en").statement(fact)
        == "Microsoft bought about **485,000** Nvidia Hopper chips in 2024"
    )
    assert (
        renderer("fr").statement(fact)
        == f"Microsoft a acheté environ **485{NNBSP}000** puces Nvidia Hopper en 2024"
    )


def test_statement_with_an_aggregate_in_french() -> None:
    fact = seed_view().fact("server-market", "server-spending", "2024")
    assert fact is not None
    line = renderer("fr").line(Block("figure", {"statement": Statement(fact)}))
    assert line.startswith("L'ensemble du marché des serveurs a dépensé")


def test_labels_keep_names_capitalised() -> None:
    assert renderer("en").label("hopper-gpus", lower=True) == "Nvidia Hopper chips bought"
    assert renderer("en").label("server-spending", lower=True) == "server spending"
    assert renderer("fr").label("hopper-gpus", lower=True) == "puces Nvidia Hopper achetées"


def test_names_and_scope() -> None:
    assert renderer("en").names(("bytedance", "tencent")) == "ByteDance and Tencent"
    assert renderer("fr").names(("bytedance", "tencent")) == "ByteDance et Tencent"
    assert (
        renderer("en").scope(Scope(("china",), ("tencent",)))
        == "Chinese companies excluding Tencent"
    )
    excluding_a_group = Scope(excluded=("tencent",), excluded_groups=("us",))
    assert (
        renderer("en").scope(excluding_a_group) == "all listed excluding Tencent and US companies"
    )
    both = Scope(("us", "china"))
    assert renderer("fr").scope(both) == "les entreprises américaines et les entreprises chinoises"


def test_user_text_is_escaped() -> None:
    text = renderer("en").field(UserText("**x** @everyone <@1>"))
    assert "@everyone" not in text
    assert "**" not in text


def test_text_is_cut_at_the_limit() -> None:
    blocks = [Block("note", {"note": "x" * 300}) for _ in range(20)]
    text = renderer("en").text(blocks)
    assert len(text) <= 2000
    assert text.endswith("…")


def test_fill_leaves_unknown_fields() -> None:
    assert fill("{a} {b}", {"a": "1"}) == "1 {b}"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_templates_have_the_same_keys(language: Language) -> None:
    assert set(templates(language)) - {"currencies"} == set(templates("en")) - {"currencies"}
    assert set(templates(language)["interpretation"]) == set(templates("en")["interpretation"])


def _fields(entry: object) -> set[str]:
    if isinstance(entry, str):
        return set(compiled(entry).names)
    if isinstance(entry, list):
        return {name for item in entry for name in _fields(item)}
    return set()


def test_french_templates_show_no_field_english_ones_lack() -> None:
    english, french = templates("en"), templates("fr")
    for key, entry in english.items():
        nested = entry if isinstance(entry, dict) else {key: entry}
        twins = french[key] if isinstance(entry, dict) else {key: french[key]}
        for name, text in nested.items():
            # money: each language picks among the symbol, the currency's name and the number
            given = {"number", "symbol", "currency"} if name == "money" else _fields(text)
            if "label_lower" in given:
                given |= {"label_the"}  # the same label, with its article (derived from it)
            # a language may leave a field out ("Personne n'a" needs no noun), never add one
            assert _fields(twins[name]) <= given, f"{key}.{name}"


@pytest.mark.parametrize(
    ("label", "text"),
    [
        ("puces Nvidia Hopper achetées", "pour les puces Nvidia Hopper achetées en 2024"),
        ("dépenses en serveurs", "pour les dépenses en serveurs en 2024"),
        ("chiffre d'affaires", "pour chiffre d'affaires en 2024"),  # not a plural: left as it is
    ],
)
def test_a_french_plural_label_takes_its_article(label: str, text: str) -> None:
    fields = {"label_lower": label, "period": "2024", "scope": "toute la liste"}
    line = renderer("fr").line(Block("no_period_data", fields))
    assert text in line


def test_a_block_inside_a_sentence_keeps_its_case() -> None:
    bar = Block("bar_relative", {"entity": "Meta", "number": "224,000"})
    line = renderer("en").line(Block("threshold_none", {"bar": bar, "label_lower": "chips"}))
    assert "Nobody has more than Meta (224,000) for chips" in line


@pytest.mark.parametrize(
    ("language", "template", "value", "text"),
    [
        ("fr", "plus que {entity}", "Amazon", "plus qu'Amazon"),
        ("fr", "Part de {entity}", "Amazon", "Part d'Amazon"),
        ("fr", "Part de {entity}", "Éthiopie", "Part d'Éthiopie"),
        ("fr", "Part de {entity}", "Meta", "Part de Meta"),
        ("fr", "Part de {entity}", "les entreprises chinoises", "Part des entreprises chinoises"),
        ("fr", "Part de {entity}", "Huawei", "Part de Huawei"),  # h: left as written
        ("fr", "Le plus proche de {number}", "25 %", "Le plus proche de 25 %"),
        ("fr", "Inde {entity}", "Amazon", "Inde Amazon"),  # only the words "de" and "que"
        ("en", "more than {entity}", "Amazon", "more than Amazon"),
        ("fr", "pas de chiffres en {period}", "T4 2024", "pas de chiffres au T4 2024"),
        ("fr", "face à {entity}", "les entreprises chinoises", "face aux entreprises chinoises"),
        ("fr", "face à {entity}", "Meta", "face à Meta"),
        ("fr", "Part de {entity}", "le Brésil", "Part du Brésil"),
        ("fr", "face à {entity}", "le Pérou", "face au Pérou"),
        ("fr", "Part de {entity}", "la Colombie", "Part de la Colombie"),
        ("fr", "Part de {entity}", "l'Éthiopie", "Part de l'Éthiopie"),
        ("fr", "Part de {entity}", "les Pays-Bas", "Part des Pays-Bas"),
        ("fr", "Part de {entity}", "Lenovo", "Part de Lenovo"),  # "le" only as a word
        ("fr", "pas de chiffres en {period}", "S1 2024", "pas de chiffres au S1 2024"),
        ("fr", "pas de chiffres en {period}", "2024", "pas de chiffres en 2024"),
        ("fr", "pas de chiffres en {period}", "mars 2024", "pas de chiffres en mars 2024"),
    ],
)
def test_french_elides_de_and_que_before_a_vowel(
    language: Language, template: str, value: str, text: str
) -> None:
    rendered = renderer(language)
    rendered.t = {**rendered.t, "probe": template}
    name = compiled(template).names[0]
    assert rendered.phrase(Block("probe", {name: value})) == text
