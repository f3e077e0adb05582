from decimal import Decimal

import pytest

from knowledge.parse.normalize import (
    escape_markdown,
    normalized_text,
    parse_number,
    phrase_key,
    strip_markup,
    tokenize,
)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Who bought the MOST?", ["who", "bought", "the", "most"]),
        ("l'an dernier", ["l", "an", "dernier"]),
        ("qu'a-t-elle acheté", ["qu", "a", "t", "elle", "achete"]),
        ("Dépenses ÉNORMES", ["depenses", "enormes"]),
        ("Microsoft’s chips", ["microsoft", "s", "chips"]),
        ("in-house", ["in", "house"]),
        ("H100s and MI300X", ["h100s", "and", "mi300x"]),
        ("200k", ["200", "k"]),
        ("4e trimestre", ["4", "e", "trimestre"]),
        ("Q4-2023", ["q4", "2023"]),
        ("œuvre", ["oeuvre"]),
        # a dash standing alone is a word ("le -": the least); a range or a hyphen is not
        ("le - de puces", ["le", "-", "de", "puces"]),
        ("le -", ["le", "-"]),
        ("-5 %", ["-5", "%"]),  # a sign is read: "at least -5" is a negative bar
        ("2023-2024", ["2023", "2024"]),
        ("a-t-elle", ["a", "t", "elle"]),
        ("Meta -Google", ["meta", "google"]),
        # a range of years written short is two years; other pairs of numbers stay as written
        ("2023-24", ["2023", "2024"]),
        ("2023/24", ["2023", "2024"]),
        ("2024-23", ["2024", "23"]),
        ("1.2023-24", ["1.2023", "24"]),
    ],
)
def test_tokenize_words(text: str, words: list[str]) -> None:
    assert [t.text for t in tokenize(text)] == words


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("200,000", Decimal(200000)),
        ("200 000", Decimal(200000)),
        ("200\u202f000", Decimal(200000)),
        ("1.5", Decimal("1.5")),
        ("1,5", Decimal("1.5")),
        ("1,500,000", Decimal(1500000)),
        ("1.500.000", Decimal(1500000)),
        ("1,234.5", Decimal("1234.5")),
        ("1.234,5", Decimal("1234.5")),
        ("2024", Decimal(2024)),
    ],
)
def test_parse_number(text: str, value: Decimal) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "<@123> hi",
        "<@!123> hi",
        "<@&55> hi",
        "<#9> hi",
        "@everyone hi",
        "@here hi",
        "<:pog:12345> hi",
    ],
)
def test_strip_markup_removes_mentions(text: str) -> None:
    cleaned = strip_markup(text)
    assert "@" not in cleaned
    assert "<" not in cleaned
    assert cleaned.strip() == "hi"


def test_strip_markup_bounds_length() -> None:
    assert len(strip_markup("x" * 10_000)) <= 600


def test_capital_letters_are_remembered() -> None:
    tokens = tokenize("US us")
    assert [t.upper for t in tokens] == [True, False]


def test_numbers_carry_values() -> None:
    tokens = tokenize("more than 200 000 chips")
    assert [t.number for t in tokens] == [None, None, Decimal(200000), None]


def test_plural_and_agreement_stems() -> None:
    assert phrase_key("Hopper GPUs") == phrase_key("hopper gpu")
    assert phrase_key("achetées") == phrase_key("achetée")


def test_escape_markdown_defuses_mentions_and_markup() -> None:
    escaped = escape_markdown("**bold** @everyone `code`")
    assert "@everyone" not in escaped
    assert "\\*\\*bold" in escaped
    assert "\\`" in escaped


def test_normalized_text_groups_variants() -> None:
    assert normalized_text("Who bought the MOST Hopper chips??") == normalized_text(
        "who bought the most hopper chip"
    )
