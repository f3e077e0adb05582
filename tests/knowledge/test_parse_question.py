from datetime import date
from decimal import Decimal
from functools import cache

import pytest

from knowledge import format as knowledge_format
from knowledge import store
from knowledge.lexicon import lexicon_for
from knowledge.parse.question import Query, parse
from knowledge.view import KnowledgeView

TODAY = date(2026, 11, 28)


@cache
def seed_view() -> KnowledgeView:
    return KnowledgeView.build(knowledge_format.load_files(store.seed_files()), version=1)


def read(text: str) -> Query:
    return parse(text, lexicon_for(seed_view()), today=TODAY)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("who bought the most Hopper chips?", "en"),
        ("qui a acheté le plus de puces Hopper ?", "fr"),
        ("combien Google en a acheté ?", "fr"),
        ("et Google ?", "fr"),
        ("and Meta?", "en"),
        ("Microsoft a-t-elle dépensé plus que Meta ?", "fr"),
        ("top 3 hopper", "en"),
        ("l'an dernier", "fr"),
        ("Meta", "en"),
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert read(text).language == language


def test_a_bare_name_uses_the_default_language() -> None:
    query = parse("Meta", lexicon_for(seed_view()), today=TODAY, default_language="fr")
    assert query.language == "fr"


@pytest.mark.parametrize(
    ("text", "entities", "metrics"),
    [
        ("how many Hopper GPUs did Amazon buy in 2024?", ["amazon"], ["hopper-gpus"]),
        ("Meta hopper", ["meta"], ["hopper-gpus"]),
        ("Facebook H100s", ["meta"], ["hopper-gpus"]),
        ("Microsoft vs Meta server spending", ["microsoft", "meta"], ["server-spending"]),
        ("combien de puces Hopper Microsoft a-t-il achetées ?", ["microsoft"], ["hopper-gpus"]),
        ("Hoppper chips bought by Microsfot", ["microsoft"], ["hopper-gpus"]),
        ("<@123> @everyone **Meta** hopper", ["meta"], ["hopper-gpus"]),
    ],
)
def test_names(text: str, entities: list[str], metrics: list[str]) -> None:
    query = read(text)
    assert query.entities == entities
    assert query.metrics == metrics


@pytest.mark.parametrize(
    ("text", "concepts"),
    [
        ("who bought the most?", {"most"}),
        ("which company bought the fewest?", {"least"}),
        ("qui en a acheté le moins ?", {"least"}),
        ("rank them", {"rank"}),
        ("total spending", {"total"}),
        ("average hopper", {"average"}),
        ("Microsoft's share of server spending", {"share"}),
        ("where do the figures come from?", {"sources"}),
        ("help", {"help"}),
        ("aide", {"help"}),
    ],
)
def test_concepts(text: str, concepts: set[str]) -> None:
    assert concepts <= read(text).concepts


def test_top_n() -> None:
    assert read("top 3 hopper").top_n == 3
    assert read("top three hopper").top_n == 3


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("who bought more than 200k Hopper chips?", Decimal(200_000)),
        ("qui a acheté plus de 200 000 puces Hopper ?", Decimal(200_000)),
        ("who spent more than 25bn?", Decimal(25_000_000_000)),
        ("qui a dépensé plus de 31 milliards ?", Decimal(31_000_000_000)),
        ("who bought 1,5 million in-house chips", Decimal(1_500_000)),
    ],
)
def test_numbers(text: str, number: Decimal) -> None:
    assert read(text).numbers == [number]


def test_more_than_an_entity() -> None:
    query = read("who bought more Hopper chips than Meta?")
    assert query.relative_to == "meta"
    assert query.entities == []


def test_two_entities_make_a_comparison_not_a_threshold() -> None:
    query = read("did Microsoft buy more Hopper chips than Meta?")
    assert query.relative_to is None
    assert query.entities == ["microsoft", "meta"]


def test_excluding() -> None:
    query = read("who bought the most Hopper chips excluding Microsoft and Meta?")
    assert query.excluded == ["microsoft", "meta"]
    assert query.entities == []


def test_groups() -> None:
    assert read("among Chinese companies").groups == ["china"]
    assert read("parmi les entreprises américaines").groups == ["us"]
    assert read("tell us about Meta").groups == []  # "us" in lower case is a pronoun


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("us vs china hopper", ["us", "china"]),
        ("compare us and chinese companies", ["us", "china"]),
        ("top us buyer of hopper chips", ["us"]),
        ("american vs chinese firms", ["us", "china"]),
        ("give us the top 3", []),
        ("tell us and then Meta", []),
    ],
)
def test_a_common_word_set_against_a_name_is_a_name(text: str, groups: list[str]) -> None:
    assert read(text).groups == groups


def test_unknown_qualifier_next_to_a_metric_word() -> None:
    assert read("who bought the most Blackwell chips?").qualifiers == ["blackwell"]
    assert read("qui a acheté le plus de puces Blackwell ?").qualifiers == ["blackwell"]


def test_ordinals_and_periods() -> None:
    query = read("who is second in the fourth quarter of 2023?")
    assert query.ordinal == 2
    assert [p.code for p in query.periods] == ["2023-Q4"]


def test_relative_periods_use_today() -> None:
    assert [p.code for p in read("l'an dernier").periods] == ["2025"]
    assert [p.code for p in read("this year").periods] == ["2026"]


def test_leading_followup() -> None:
    assert read("and Meta?").leading_followup
    assert read("et Google ?").leading_followup
    assert not read("Meta and Google").leading_followup


@pytest.mark.parametrize(
    ("text", "fraction"),
    [
        ("who bought more than 10% of the Hopper chips?", Decimal("0.1")),
        ("who bought more than 10 percent of all Hopper chips?", Decimal("0.1")),
        ("who bought over 1/10 of the Hopper chips?", Decimal("0.1")),
        ("who bought more than 3/4 of the chips?", Decimal("0.75")),
        ("who bought more than half of the Hopper chips?", Decimal("0.5")),
        ("who bought at least a quarter of all Hopper chips?", Decimal("0.25")),
        ("who bought more than a tenth of the Hopper chips?", Decimal("0.1")),
        ("qui a acheté plus de 10 % des puces Hopper ?", Decimal("0.1")),
        ("qui a acheté plus de 10 pour cent des puces Hopper ?", Decimal("0.1")),
        ("qui a acheté plus du quart des puces Hopper ?", Decimal("0.25")),
        ("qui a acheté plus de la moitié des puces Hopper ?", Decimal("0.5")),
        ("qui a acheté plus d'un dixième des puces Hopper ?", Decimal("0.1")),
        # not a part of a whole
        ("who bought more than 10% more Hopper chips in 2024?", None),
        ("who was third in Hopper chips?", None),
        ("Hopper chips in the third quarter of 2024", None),
        ("Hopper chips in the first half of 2024", None),
        ("who bought more than 2023/24?", None),
        ("qui est dixième des acheteurs de puces Hopper ?", None),
    ],
)
def test_parts_of_a_whole(text: str, fraction: Decimal | None) -> None:
    query = read(text)
    if fraction is None:
        assert query.fraction is None
    else:
        assert query.fraction is not None and abs(query.fraction - fraction) < Decimal("1e-9")
        assert fraction not in query.numbers  # "10 %" is a part, not a number of chips


def test_a_third_of_is_a_part_but_the_third_is_a_rank() -> None:
    assert read("who bought more than a third of all Hopper chips?").fraction is not None
    third = read("who bought the third most Hopper chips?")
    assert third.fraction is None and third.ordinal == 3


@pytest.mark.parametrize(
    ("text", "factor", "relative_to", "entities", "concepts"),
    [
        ("who bought twice as many Hopper chips as Meta?", "2", "meta", [], set()),
        ("who bought more than twice as many chips as Meta?", "2", "meta", [], {"more_than"}),
        ("who bought 3 times more Hopper chips than Tencent?", "3", "tencent", [], set()),
        ("who bought three times as many chips as Tencent?", "3", "tencent", [], set()),
        ("did Microsoft buy 2x as many chips as Meta?", "2", "meta", ["microsoft"], set()),
        ("at least half as many Hopper chips as Microsoft", "0.5", "microsoft", [], {"at_least"}),
        ("qui a acheté 5 fois plus de puces que Meta ?", "5", "meta", [], set()),
        ("qui a acheté deux fois moins de puces que Microsoft ?", "0.5", "microsoft", [], set()),
        ("qui a acheté moitié moins de puces que Microsoft ?", "0.5", "microsoft", [], set()),
        ("plus de deux fois plus de puces que Meta", "2", "meta", [], {"more_than"}),
        ("Microsoft a-t-elle acheté trois fois plus que Meta ?", "3", "meta", ["microsoft"], set()),
        ("who bought as many Hopper chips as Microsoft?", "1", "microsoft", [], set()),
        ("did Google buy as many chips as Meta?", "1", "meta", ["google"], set()),
        ("who bought at least as many chips as Meta?", "1", "meta", [], {"at_least"}),
        ("qui a acheté autant de puces que Tencent ?", "1", "tencent", [], set()),
        ("half as many Hopper chips as Microsoft", "0.5", "microsoft", [], set()),
    ],
)
def test_a_multiple_of_a_figure_named_after_it(
    text: str, factor: str, relative_to: str, entities: list[str], concepts: set[str]
) -> None:
    query = read(text)
    assert query.factor == Decimal(factor)
    assert query.relative_to == relative_to
    assert query.entities == entities
    # the "more" or "less" inside the multiple ("deux fois plus") is not also a bar
    comparative = {"more_than", "less_than", "more", "less", "at_least", "at_most"}
    assert query.concepts & comparative == concepts
    assert query.multiple is None


@pytest.mark.parametrize(
    ("text", "multiple"),
    [
        ("did Microsoft double its Hopper purchases?", 2),
        ("Microsoft a-t-elle triplé ses achats ?", 3),
        ("did Microsoft buy twice as many in 2024 as in 2023?", 2),
        ("twice as many as Meta and Google", 2),  # no one figure to multiply
    ],
)
def test_a_multiple_without_one_name_after_it_is_a_change(text: str, multiple: int) -> None:
    query = read(text)
    assert query.factor is None
    assert query.multiple == multiple


def test_how_many_times_asks_for_the_ratio_not_a_bar() -> None:
    query = read("how many times more Hopper chips did Microsoft buy than Meta?")
    assert query.factor is None
    assert query.entities == ["microsoft", "meta"]
    assert query.has("ratio")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("how many hopper chips did xai buy", ["xai"]),
        ("did openai spend more than google on servers", ["openai"]),
        ("meta and openai together", ["openai"]),
        ("tesla or spacex", ["spacex"]),
        ("openai vs meta", ["openai"]),
        ("how many chips did the european firms buy", ["european"]),
        # not where a name stands: a word after a known subject, a generic word
        ("how many chips did Meta actualy buy", []),
        ("moyenne des puces Hopper des entreprises ayant acheté plus de 100 000 puces", []),
    ],
)
def test_unknown_words_where_a_name_stands_are_names(text: str, names: list[str]) -> None:
    assert read(text).unknown_names == names


@pytest.mark.parametrize(
    ("text", "top_n", "bottom"),
    [
        ("the 2 biggest hopper buyers in 2024", 2, False),
        ("the 5 smallest hopper buyers of 2023", 5, True),
        ("the 3 companies that spent the most on servers", 3, False),
        ("which 2 companies bought the most amd chips", 2, False),
        ("les 2 plus gros acheteurs de puces hopper", 2, False),
    ],
)
def test_a_count_before_the_most_is_a_top_n(text: str, top_n: int, bottom: bool) -> None:
    query = read(text)
    assert query.top_n == top_n
    assert query.numbers == []
    assert query.has("bottom") is bottom


@pytest.mark.parametrize(
    ("text", "ordinal"),
    [("#1 hopper buyer in 2023", 1), ("who's #2 in hopper chips", 2), ("qui est numéro 2 ?", 2)],
)
def test_a_rank_written_before_its_number(text: str, ordinal: int) -> None:
    query = read(text)
    assert query.ordinal == ordinal
    assert query.numbers == []


def test_a_two_digit_year_after_an_apostrophe() -> None:
    assert [p.code for p in read("meta hopper '23").periods] == ["2023"]
    assert read("meta hopper 23").numbers == [Decimal(23)]  # without it, just a number


@pytest.mark.parametrize(
    "text",
    [
        "who else bought more than 200k hopper chips besides microsoft",
        "somebody bought more than 400k hopper chips in 2024?",
        "which giant deployed the most in-house chips",
        "who didn't buy hopper chips in 2024",
        "personne n'a acheté plus que microsoft ?",
        "quelle boîte a acheté le plus de h100 ?",
    ],
)
def test_ordinary_words_are_not_unknown_names(text: str) -> None:
    assert read(text).unknown_names == []


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("hey bot, tell us who is #2 in hopper 2024", []),
        ("and the us?", ["us"]),
        ("how many hopper chips did the us buy", ["us"]),
    ],
)
def test_us_is_the_united_states_after_an_article_only(text: str, groups: list[str]) -> None:
    assert read(text).groups == groups


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("did 3 companies buy more than 200k hopper chips?", [Decimal(200000)]),
        ("the one that bought the most hopper chips", []),
        ("1. who bought the most hopper chips", []),
        ("quelqu'un a-t-il acheté plus de 400 000 puces ?", [Decimal(400000)]),
        ("double check: how many chips did meta buy", []),
    ],
)
def test_numbers_that_are_not_figures(text: str, numbers: list[Decimal]) -> None:
    query = read(text)
    assert query.numbers == numbers
    assert query.factor is None and query.multiple is None


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("bottom half of hopper buyers in 2023", "bottom_half"),
        ("la moitie inferieure des acheteurs hopper en 2024", "bottom_half"),
        ("la moitié supérieure des acheteurs hopper en 2024", "top_half"),
        ("rank the groups by hopper chips in 2024", "each_group"),
        ("quel groupe a le plus depense en serveurs", "each_group"),
        ("how many chips did google get in 2024, all kinds", "every_kind"),
    ],
)
def test_concepts_said(text: str, concept: str) -> None:
    query = read(text)
    assert query.has(concept)
    assert query.fraction is None


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        ("et cette annee-la qui etait premier ?", []),
        ("et le dernier cette annee la ?", []),
        ("who was first that year?", []),
        ("et cette année qui est premier ?", ["2026"]),
    ],
)
def test_that_year_leaves_the_period_to_the_conversation(text: str, periods: list[str]) -> None:
    assert [p.code for p in read(text).periods] == periods


def test_a_name_or_a_group_after_more_is_a_choice_not_a_bar() -> None:
    query = read(
        "who bought more hopper chips in 2024, microsoft or all chinese companies combined"
    )
    assert query.relative_to is None
    assert query.entities == ["microsoft"]
    assert query.groups == ["china"]
