from datetime import date

import pytest

from knowledge.model import Period
from knowledge.parse.lang import vocabulary
from knowledge.parse.normalize import tokenize
from knowledge.parse.periods import read_period

TODAY = date(2026, 5, 10)


def first_period(text: str) -> str | None:
    tokens = tokenize(text)
    for i in range(len(tokens)):
        found = read_period(tokens, i, vocabulary(), TODAY)
        if found is not None:
            return found[0].code
    return None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("in 2024", "2024"),
        ("Q4 2023", "2023-Q4"),
        ("q4 2023", "2023-Q4"),
        ("2023 Q4", "2023-Q4"),
        ("2023-Q4", "2023-Q4"),
        ("the fourth quarter of 2023", "2023-Q4"),
        ("4th quarter 2023", "2023-Q4"),
        ("au 4e trimestre 2023", "2023-Q4"),
        ("au quatrième trimestre 2023", "2023-Q4"),
        ("T2 2024", "2024-Q2"),
        ("H1 2024", "2024-H1"),
        ("first half of 2024", "2024-H1"),
        ("second half 2024", "2024-H2"),
        ("premier semestre 2024", "2024-H1"),
        ("S2 2024", "2024-H2"),
        ("March 2024", "2024-03"),
        ("mars 2024", "2024-03"),
        ("in december of 2023", "2023-12"),
        ("en décembre 2023", "2023-12"),
        ("this year", "2026"),
        ("last year", "2025"),
        ("cette année", "2026"),
        ("l'an dernier", "2025"),
        ("l'année dernière", "2025"),
        ("l'an passé", "2025"),
        ("the year 2023", "2023"),
        ("in Q3", "2026-Q3"),
        ("3 years ago", "2023"),
        ("2 years back", "2024"),
        ("il y a 3 ans", "2023"),
        ("il y a 1 an", "2025"),
        ("before 2024", "2023"),
        ("prior to 2024", "2023"),
        ("avant 2024", "2023"),
    ],
)
def test_periods(text: str, code: str) -> None:
    assert first_period(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "200 chips",
        "H100 chips",
        "may I ask",
        "top 3",
        "s1",
        "1999999",
        "3 years of chips",
        "before Meta",
    ],
)
def test_not_periods(text: str) -> None:
    assert first_period(text) is None


def test_period_codes_round_trip() -> None:
    assert Period.parse(first_period("Q4 2023") or "") == Period(2023, "quarter", 4)


@pytest.mark.parametrize("text", ["2024 q❶", "q❶ 2024", "h❷ 2024", "in ❷❸"])
def test_digits_of_other_kinds_are_no_period_part(text: str) -> None:
    # "❶" counts as a digit for str.isdigit() but int() refuses it: no crash, and no quarter
    assert first_period(text) in (None, "2024")
