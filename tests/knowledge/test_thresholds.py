"""One figure against a bar reads the ops the way a ranking's selection does."""

from decimal import Decimal

import pytest

from knowledge.model import Fact
from knowledge.population import Population, holds

VALUES = [Decimal(v) for v in (100, 150, 200, 250)]


def _ranking() -> Population:
    facts = [Fact(f"e{v}", "m", "2024", v, "s") for v in sorted(VALUES, reverse=True)]
    return Population(tuple(facts))


@pytest.mark.parametrize("op", ["gt", "ge", "lt", "le", "eq", "between"])
@pytest.mark.parametrize("bar", [Decimal(150), Decimal(175)])
def test_holds_agrees_with_the_ranking_selection(op: str, bar: Decimal) -> None:
    upper = Decimal(225)
    selected = {f.value for f in _ranking().select(op, bar, upper)}
    assert {v for v in VALUES if holds(op, v, bar, upper)} == selected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal(50), True), (Decimal(45), True), (Decimal(56), False), (Decimal(44), False)],
)
def test_about_is_within_a_tenth(value: Decimal, expected: bool) -> None:
    assert holds("about", value, Decimal(50)) is expected
