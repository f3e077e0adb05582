"""The Plan: how a question will be answered, as the resolver settles it from the question and
the conversation (intent, metrics, who, periods, bars and manner), read by every answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.bounds import Bound
    from knowledge.model import Period
    from knowledge.pairing import Pairs
    from knowledge.reading import Margin, Side
    from knowledge.sidespans import CrossSides


@dataclass(slots=True)
class Plan:
    """How a question will be answered."""

    intent: str
    metrics: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)  # "source?": those the last answer cited
    periods: list[Period] = field(default_factory=list)  # named in the question (or inherited)
    entities: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    excluded_groups: list[str] = field(default_factory=list)  # "excluding Chinese companies"
    direction: str = "max"
    top_n: int | None = None
    top_out: bool = False  # "the share outside the top 2": everyone but the top N
    position: int | None = None
    threshold: tuple[str, Decimal] | None = None  # ("gt" | "ge" | "lt" | "le" | "between", value)
    upper: Decimal | None = None  # the upper bound of "between"
    bounds: tuple[Bound, Bound] | None = None  # "more than Amazon but less than China"
    relative_to: str | None = None
    value: Decimal | None = None
    fraction: Decimal | None = None  # "more than half of": the threshold is a part of the whole
    share_bar: tuple[str, Decimal] | None = None  # "is Meta's share above 20%?": (op, 0.2)
    factor: Decimal | None = None  # "twice as many as Meta": the bar is a multiple of its figure
    mean_bar: str = ""  # "more than the average"/"the median": that middle of those compared
    extreme: bool = False  # "the most", "the least": "who grew the most?" ranks the changes
    relative_change: bool = False  # "the fastest", "in percentage terms": changes in proportion
    multiple: int | None = None
    followup: bool = False
    sides: list[Side] = field(default_factory=list)  # "A and B together vs C": two sums
    cross: CrossSides | None = None  # "A in 2024 vs everyone in 2023": each its period, measure
    sides_asked: bool = False  # "did A and B together buy more than C?": a yes or a no
    pair_yes_no: bool = False  # "did Lambda buy more than Tesla?": yes or no, said first
    pair_tie: bool = False  # "are ByteDance and Tencent tied?": yes when level, else no
    together: bool = False  # "did Chinese companies buy more than a quarter?": theirs together
    listed: bool = False  # "the 4 companies", "the big spenders": those listed, not the market
    percent: bool = False  # "what percentage more …": how far apart, in percent
    growth_bar: bool = False  # "did Meta grow by more than 50 %?": the bar is on the change
    both_ends: bool = False  # "who bought the most and who bought the least?"
    summed: bool = False  # "how much did total purchases grow?": the change of the sum
    like_for_like: bool = False  # "… for the 6 companies with both years": those with both only
    margin: Margin | None = None  # "200k more than Meta": the gap asked between two
    bounded: bool = False  # "more than Google but less than Meta": entities are (lower, upper)
    margin_percent: bool = False  # "by more than 20 %": the margin is a share of the smaller
    gap: bool = False  # "by what margin did Microsoft lead?": how far from the next one
    each: bool = False  # "each company's share": one for each, not theirs together
    tie_yes_no: bool = False  # "was it a tie?": a yes or a no before those level with it
    tie_count: int | None = None  # "is that a 4 way tie?": how many level, asked
    fall: bool = False  # "did anyone's purchases fall?": a fall is what is asked about
    fall_asked: bool | None = None  # "did Meta buy fewer in 2024?" (True): a yes or no on the way
    closer: bool = False  # "is Meta closer to Microsoft or to Google?"
    pairs: Pairs | None = None  # "Google's Hopper number vs Meta's MI300 number"
    times: str | None = None  # "did it grow more than 10x?" ("ge"), "4x?" ("about"): a yes or no
    problem: str | None = None  # why the question cannot be answered as asked
    other_measure: tuple[str, str] | None = None  # "spend" said of a count: (the verb, its metric)
    kind_said: str | None = None  # "which companies" of figures by country: the word said
    count_said: tuple[int, int] | None = None  # "the 3" said with 6 listed: (3, 6)
    ranked_groups: bool = False  # "rank the groups": each group's sum, largest first
    group_means: bool = False  # "compare the Chinese average with the American": each one's mean
    of_share: bool = False  # "China's share in 2023" - "and 2024" - "did it go up?": in points
    all_asked: bool = False  # "did all four spend more than $20 billion?": yes if each one did
    ties: bool = False  # "which companies bought the same number?": the tie groups
    figure_too: bool = False  # "how many did Meta get and who's #1?": its figure, and who is
    lacking: bool = False  # "which companies have no 2024 figure?": those without one
    only_in: tuple[str, str] | None = None  # "in 2023 but not in 2024": figures, then none
    half: str | None = None  # "the bottom half of the ranking": "top" or "bottom"

    @property
    def narrowed(self) -> bool:
        """Whether who is added up is narrowed: groups, exclusions, or "the companies" listed
        (then a total is their sum, never the stored whole)."""
        return bool(self.groups or self.excluded or self.excluded_groups or self.listed)

    @property
    def barred(self) -> bool:
        """Whether the question sets a bar: a number, another's figure, a part, the average."""
        return self.threshold is not None or self.relative_to is not None or bool(self.mean_bar)
