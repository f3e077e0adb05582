"""Which variant of a template a block reads with: the singular for a count of one, and a
percentage where a multiple would read as a level-looking 1.0×."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from knowledge.fields import Percent, Ratio

# up to this, a multiple with one decimal reads "1.0×" (1.05 rounds half to even): it says nothing
LEVEL_LOOKING = Decimal("1.05")


def variant(
    key: str, fields: dict[str, object], templates: Mapping[str, object]
) -> tuple[str, dict[str, object]]:
    """The template key to use for these fields, and the fields it reads (with "ahead", the
    percentage the larger is ahead by, for a "_close" variant)."""
    if fields.get("count") == 1 and f"{key}_one" in templates:
        return f"{key}_one", fields  # "…and 1 more", "1 source": the singular
    ratio = fields.get("ratio")
    if (
        isinstance(ratio, Ratio)
        and 1 < ratio.value <= LEVEL_LOOKING
        and f"{key}_close" in templates
    ):
        # 230,000 against 224,000: "2.7% more", not "1.0× as much"
        return f"{key}_close", fields | {"ahead": Percent(ratio.value - 1)}
    return key, fields
