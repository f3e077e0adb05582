"""What an answer's templates are filled with: facts, amounts, names and phrases, by type.

The renderer (`knowledge.render`) formats each by its type, in the answer's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from knowledge.model import Fact


@dataclass(frozen=True, slots=True)
class Statement:
    """A fact as the metric's own sentence."""

    fact: Fact


@dataclass(frozen=True, slots=True)
class Value:
    """A fact's value, formatted ("about 485,000")."""

    fact: Fact
    bold: bool = True


@dataclass(frozen=True, slots=True)
class Amount:
    """A computed number in a metric's unit."""

    value: Decimal
    unit: str
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class Gap:
    """A difference between two figures in a metric's unit: of percentages, in points."""

    value: Decimal
    unit: str
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class Percent:
    """A fraction shown as a percentage (0.135 -> 13.5%)."""

    value: Decimal


@dataclass(frozen=True, slots=True)
class Ratio:
    """A multiple (2.2×); `precise` gives two decimals (1.19×, next to a bar of 1.2 times)."""

    value: Decimal
    precise: bool = False


def close_ratio(big: Decimal, small: Decimal) -> Ratio | str:
    """ "1.02×": two decimals when one decimal would show two close figures as level (1.0×);
    "—" when the smaller is not above zero."""
    if small <= 0:
        return "—"
    return Ratio(big / small, precise=big / small < Decimal("1.1"))


@dataclass(frozen=True, slots=True)
class Times:
    """How many times another's figure, as said in a question ("2", "0.5")."""

    value: Decimal


@dataclass(frozen=True, slots=True)
class PeriodText:
    """A period, by its code."""

    code: str


@dataclass(frozen=True, slots=True)
class Periods:
    """Several periods, as people say them ("2023, 2024, Q3 2024")."""

    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Names:
    """Entity names as a list ("A, B and C")."""

    keys: tuple[str, ...]
    total: int | None = None  # how many there are when `keys` holds only the first ones


@dataclass(frozen=True, slots=True)
class Label:
    """A metric's label, optionally in lower case inside a sentence."""

    metric: str
    lower: bool = False


@dataclass(frozen=True, slots=True)
class Labels:
    """Several metrics' labels as a list."""

    metrics: tuple[str, ...]
    lower: bool = False  # inside a sentence


@dataclass(frozen=True, slots=True)
class Scope:
    """Which entities a computation covers: all, some groups, minus some."""

    groups: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    excluded_groups: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Word:
    """A word from the templates' own vocabulary (op_gt, direction_max...)."""

    key: str


@dataclass(frozen=True, slots=True)
class Noun:
    """What the knowledge's entities are called ("companies"), from its group names."""

    one: bool = False  # the singular, for a count of one ("1 company")


@dataclass(frozen=True, slots=True)
class UserText:
    """Words taken from the question: escaped so that they cannot ping or add markup."""

    text: str


@dataclass(frozen=True, slots=True)
class Block:
    """One line of an answer: a template and its fields."""

    template: str
    fields: dict[str, object] = field(default_factory=dict)
