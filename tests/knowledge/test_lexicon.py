from functools import cache

import pytest

from knowledge import format as knowledge_format
from knowledge import store
from knowledge.lexicon import Ref, build_lexicon, lexicon_for
from knowledge.model import Entity, Group, KnowledgeSet, Metric
from knowledge.parse.lang import vocabulary
from knowledge.parse.normalize import phrase_key
from knowledge.view import KnowledgeView


@cache
def seed_view() -> KnowledgeView:
    return KnowledgeView.build(knowledge_format.load_files(store.seed_files()), version=1)


@pytest.mark.parametrize(
    ("name", "ref"),
    [
        ("Microsoft", Ref("entity", "microsoft")),
        ("MSFT", Ref("entity", "microsoft")),
        ("Facebook", Ref("entity", "meta")),
        ("AWS", Ref("entity", "amazon")),
        ("Alphabet", Ref("entity", "google")),
        ("Core Weave", Ref("entity", "coreweave")),
        ("l'ensemble du marché des serveurs", Ref("entity", "server-market")),
        ("Chinese companies", Ref("group", "china")),
        ("entreprises américaines", Ref("group", "us")),
        ("Hopper chips", Ref("metric", "hopper-gpus")),
        ("Hopper GPU", Ref("metric", "hopper-gpus")),
        ("puces Hopper", Ref("metric", "hopper-gpus")),
        ("in-house chips", Ref("metric", "inhouse-ai-chips")),
        ("server spending", Ref("metric", "server-spending")),
        ("dépenses en serveurs", Ref("metric", "server-spending")),
    ],
)
def test_names_are_found(name: str, ref: Ref) -> None:
    assert ref in lexicon_for(seed_view()).lookup(phrase_key(name))


def test_verbs_name_every_metric_that_uses_them() -> None:
    refs = lexicon_for(seed_view()).lookup(("bought",))
    assert {r.key for r in refs if r.kind == "verb"} == {"hopper-gpus", "mi300-gpus"}


def test_a_word_shared_by_metric_names_maps_to_each() -> None:
    words = lexicon_for(seed_view()).metric_words
    assert words["chip"] == {"hopper-gpus", "mi300-gpus", "inhouse-ai-chips"}
    assert "in" not in words  # generic words never name a metric


@pytest.mark.parametrize(
    ("typo", "word"),
    [
        ("microsfot", "microsoft"),
        ("microsft", "microsoft"),
        ("hoppper", "hopper"),
        ("bytdance", "bytedance"),
    ],
)
def test_typos_are_corrected(typo: str, word: str) -> None:
    assert lexicon_for(seed_view()).correct(typo)[0] == word


@pytest.mark.parametrize("word", ["meta", "blackwell", "employee", "apple"])
def test_no_correction_for_short_or_far_words(word: str) -> None:
    corrected = lexicon_for(seed_view()).correct(word)
    assert word in corrected or not corrected


def test_loose_suggestions_reach_short_names() -> None:
    assert "baidu" in lexicon_for(seed_view()).correct("bidu", loose=True)


def test_the_lexicon_is_cached_with_its_view() -> None:
    view = seed_view()
    assert lexicon_for(view) is lexicon_for(view)
    other = KnowledgeView.build(knowledge_format.load_files(store.seed_files()), version=2)
    assert lexicon_for(other) is not lexicon_for(view)


def test_the_entity_noun_comes_from_group_names() -> None:
    nouns = lexicon_for(seed_view()).entity_noun
    assert nouns == {"en": "companies", "fr": "entreprises"}


def test_another_subject_builds_its_own_lexicon() -> None:
    knowledge = KnowledgeSet(
        groups=[Group("eu", {"en": ("European countries",), "fr": ("pays européens",)})],
        entities=[Entity("fr", "France", {"fr": "France"}, ("FR",), ("eu",))],
        metrics=[
            Metric(
                "wine",
                "hl",
                {"en": ("wine production",), "fr": ("production de vin",)},
                {"en": ("produce", "produced"), "fr": ("produit",)},
                {
                    "en": "{entity} produced {value} hl of wine in {period}",
                    "fr": "{entity} : {value} hl en {period}",
                },
                {"en": "Wine production", "fr": "Production de vin"},
            )
        ],
    )
    lexicon = build_lexicon(KnowledgeView.build(knowledge), vocabulary())
    assert Ref("metric", "wine") in lexicon.lookup(phrase_key("wine production"))
    assert Ref("group", "eu") in lexicon.lookup(phrase_key("European countries"))
    assert lexicon.entity_noun["en"] == "countries"
