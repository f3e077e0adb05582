from decimal import Decimal

import pytest

from knowledge.parse.lang import vocabulary
from knowledge.parse.normalize import tokenize
from knowledge.parse.numbers import read_number, read_ordinal


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("200k", Decimal(200_000)),
        ("200K", Decimal(200_000)),
        ("200,000", Decimal(200_000)),
        ("200 000", Decimal(200_000)),
        ("1.5 million", Decimal(1_500_000)),
        ("1,5 million", Decimal(1_500_000)),
        ("1,5 millions", Decimal(1_500_000)),
        ("31 milliards", Decimal(31_000_000_000)),
        ("31 billion", Decimal(31_000_000_000)),
        ("31bn", Decimal(31_000_000_000)),
        ("31b", Decimal(31_000_000_000)),
        ("2.5m", Decimal(2_500_000)),
        ("three", Decimal(3)),
        ("trois", Decimal(3)),
        ("deux cent", Decimal(200)),
        ("deux trois", Decimal(2)),  # words stop at the first combination that is no number
        ("twenty five billion", Decimal(25_000_000_000)),
        ("twenty-five", Decimal(25)),
        ("two hundred thousand", Decimal(200_000)),
        ("thirty billion", Decimal(30_000_000_000)),
        ("a million", Decimal(1_000_000)),
        ("one hundred fifty thousand", Decimal(150_000)),
        ("deux cent mille", Decimal(200_000)),
        ("trois cent mille", Decimal(300_000)),
        ("three hundred thousand", Decimal(300_000)),
        ("vingt-cinq milliards", Decimal(25_000_000_000)),
        ("quatre-vingts", Decimal(80)),
        ("quatre-vingt-dix mille", Decimal(90_000)),
        ("soixante-dix", Decimal(70)),
        ("deux cents", Decimal(200)),
        ("1e5", Decimal(100_000)),
        ("2.5e6", Decimal(2_500_000)),
        ("-5", Decimal(-5)),
        ("230 000", Decimal(230_000)),
        ("one hundred and fifty thousand", Decimal(150_000)),
        ("vingt et un milliards", Decimal(21_000_000_000)),
        ("soixante et onze", Decimal(71)),
        ("one and a half million", Decimal(1_500_000)),
        ("a million and a half", Decimal(1_500_000)),
        ("un million et demi", Decimal(1_500_000)),
        ("deux millions et demi", Decimal(2_500_000)),
        ("one point five million", Decimal(1_500_000)),
        ("deux virgule cinq milliards", Decimal(2_500_000_000)),
        ("twenty and thirty thousand", Decimal(20)),  # a range, not one number
        ("vingt et trente mille", Decimal(20)),
        ("one hundred and two hundred", Decimal(100)),
    ],
)
def test_read_number(text: str, value: Decimal) -> None:
    found = read_number(tokenize(text), 0, vocabulary())
    assert found is not None
    assert found[0] == value


@pytest.mark.parametrize(
    ("text", "low"),
    [
        ("21 and 25 billion", Decimal(21_000_000_000)),
        ("21 et 25 milliards", Decimal(21_000_000_000)),
        ("20 to 30 billion", Decimal(20_000_000_000)),
        ("200 and 300k", Decimal(200_000)),
        ("500 and 2 million", Decimal(500)),  # 500 million is past the upper bound: taken as said
        ("200k and 300k", Decimal(200_000)),
        ("21 and 25", Decimal(21)),
        ("21 and Meta", Decimal(21)),
    ],
)
def test_a_range_shares_its_upper_bound_multiplier(text: str, low: Decimal) -> None:
    found = read_number(tokenize(text), 0, vocabulary())
    assert found is not None
    assert found[0] == low


@pytest.mark.parametrize(
    ("text", "value"), [("half a million", 500_000), ("un demi-million", 500_000)]
)
def test_a_part_of_a_multiplier(text: str, value: int) -> None:
    found = read_number(tokenize(text), 0, vocabulary())
    assert found is not None
    assert found[0] == value


@pytest.mark.parametrize("text", ["one", "a", "un"])
def test_an_article_at_the_end_reads_no_part(text: str) -> None:
    read_number(tokenize(text), 0, vocabulary())  # must not look past the last word


def test_a_lone_letter_is_not_a_multiplier_after_a_word() -> None:
    tokens = tokenize("three m")
    found = read_number(tokens, 0, vocabulary())
    assert found == (Decimal(3), 1)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("second", 2),
        ("2nd", 2),
        ("third", 3),
        ("3rd", 3),
        ("4th", 4),
        ("deuxième", 2),
        ("2e", 2),
        ("2ème", 2),
        ("1er", 1),
        ("premier", 1),
        ("last", -1),
        ("dernier", -1),
    ],
)
def test_read_ordinal(text: str, value: int) -> None:
    found = read_ordinal(tokenize(text), 0, vocabulary())
    assert found is not None
    assert found[0] == value


def test_not_a_number() -> None:
    assert read_number(tokenize("hello"), 0, vocabulary()) is None
    assert read_ordinal(tokenize("hello"), 0, vocabulary()) is None
