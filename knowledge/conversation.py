"""Conversation context for follow-up questions, and a per-user memory that forgets."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from knowledge.model import Language

if TYPE_CHECKING:
    from knowledge.bounds import Bound
    from knowledge.metricsides import MetricSides
    from knowledge.yesno import YesNo

MAX_USERS = 10_000


@dataclass(slots=True)
class Conversation:
    """What the previous question left open: read and updated by `answer(..., context=)`."""

    language: Language | None = None
    intent: str | None = None
    metrics: tuple[str, ...] = ()
    period: str | None = None  # the period the previous question named, if any
    answered_period: str | None = None  # the period the previous answer used, named or not
    entities: tuple[str, ...] = ()
    before: tuple[str, ...] = ()  # the entities of the question before ("Meta" - "and Google?")
    # the ones asked about one after another: "Google" - "and Meta?" - "and Amazon?"
    chain: tuple[str, ...] = ()
    shown: tuple[str, ...] = ()  # whom the last answer named: the top 3 listed, the leader
    shown_before: tuple[str, ...] = ()  # whom the answer before named ("most" - "least")
    groups: tuple[str, ...] = ()
    groups_before: tuple[str, ...] = ()  # "Chinese companies" - "and US companies?"
    # the metrics of the question before, about the same ones ("Meta's MI300" - "and Hopper?")
    metrics_before: tuple[str, ...] = ()
    # the period of the answer before, about the same ones ("Meta in 2023" - "and in 2024?")
    period_before: str | None = None
    excluded: tuple[str, ...] = ()
    excluded_groups: tuple[str, ...] = ()
    listed: bool = False  # "the other companies": those listed were added up, not a stored whole
    direction: str = "max"
    # what a threshold question compared to ("more than 200,000", "more than Meta", "half of")
    threshold: tuple[str, Decimal] | None = None
    upper: Decimal | None = None
    bounds: tuple[Bound, Bound] | None = None  # "more than Amazon but less than China"
    relative_to: str | None = None
    fraction: Decimal | None = None
    factor: Decimal | None = None  # "twice as many as Meta"
    mean_bar: str = ""  # "more than the average" / "the median"
    top_n: int | None = None  # "is Meta in the top 3?": the 3, for "and Tencent?"
    top_out: bool = False  # "the share outside the top 2", for "and in 2023?"
    position: int | None = None  # "who is second?": the 2, for "and in 2023?"
    extreme: bool = False  # "who grew the most?", for "and in 2023?"
    gap: bool = False  # "who spent the most?" - "by how much?": the gap to the next, for "in %?"
    relative_change: bool = False  # "who grew the fastest?"
    summed: bool = False  # "how much did total purchases grow?": the change of a sum
    group_means: bool = False  # groups' averages compared, for "and in 2024?"
    # "over both years" - "and the Americans?": the periods a total was added over
    total_periods: tuple[str, ...] = ()
    yes_no: YesNo | None = None  # "did Meta triple?", for "and Amazon?": a yes or a no again
    awaiting_metric: bool = False  # the last answer asked which metric was meant
    listing: tuple[str, ...] | None = None  # the groups of a list of who has figures just given
    # "Meta's in-house chips against its Hopper and MI300 combined": the sides, for "by how much?"
    metric_sides: MetricSides | None = None
    cited: tuple[str, ...] = ()  # the sources the last answer with figures cited, for "source?"
    moved: tuple[str, ...] = ()  # whom "who came in?" just named, for "how many did they buy?"
    turns: int = 0

    def clear(self) -> None:
        """Forget everything."""
        self.language = None
        self.intent = None
        self.metrics = ()
        self.period = None
        self.answered_period = None
        self.entities = ()
        self.before = ()
        self.chain = ()
        self.shown = ()
        self.shown_before = ()
        self.groups = ()
        self.groups_before = ()
        self.metrics_before = ()
        self.period_before = None
        self.excluded = ()
        self.excluded_groups = ()
        self.listed = False
        self.direction = "max"
        self.threshold = None
        self.upper = None
        self.bounds = None
        self.relative_to = None
        self.fraction = None
        self.factor = None
        self.mean_bar = ""
        self.top_n = None
        self.top_out = False
        self.position = None
        self.extreme = False
        self.gap = False
        self.relative_change = False
        self.summed = False
        self.group_means = False
        self.total_periods = ()
        self.yes_no = None
        self.awaiting_metric = False
        self.listing = None
        self.metric_sides = None
        self.cited = ()
        self.moved = ()
        self.turns = 0


class ConversationMemory:
    """One Conversation per user, forgotten after `ttl_seconds` without a question."""

    def __init__(
        self, ttl_seconds: float = 300, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.clock = clock
        self._items: OrderedDict[str, tuple[float, Conversation]] = OrderedDict()

    def get(self, user_key: str) -> Conversation:
        """The user's conversation, or a new one when none or expired."""
        now = self.clock()
        entry = self._items.get(user_key)
        if entry is None or now - entry[0] > self.ttl_seconds:
            return Conversation()
        return entry[1]

    def put(self, user_key: str, conversation: Conversation) -> None:
        """Remember a user's conversation from now on."""
        self._items[user_key] = (self.clock(), conversation)
        self._items.move_to_end(user_key)
        self._expire()

    def __len__(self) -> int:
        return len(self._items)

    def _expire(self) -> None:
        now = self.clock()
        # the oldest entries come first: drop expired ones, and the oldest beyond the cap
        while self._items:
            key, (when, _) = next(iter(self._items.items()))
            if now - when <= self.ttl_seconds and len(self._items) <= MAX_USERS:
                break
            del self._items[key]
