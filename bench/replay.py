"""Answer the benchmark's seed workload in conversations, for a profiler or an instruction count.

    python -m bench.replay [--passes N] [--users 50] [--questions 500]

Builds the view of the shipped figures (no database), answers every question of the seed
workload once to warm the caches, then `--passes` more times, user by user in turn as a bot
would (one `Conversation` each). It prints nothing but a count: it is the fixed work to measure.
With valgrind it gives a count of interpreter instructions that does not move with the machine's
load, so two versions can be compared exactly (docs/performance.md):

    valgrind --tool=callgrind --callgrind-out-file=/dev/null python -m bench.replay --passes 0
    valgrind --tool=callgrind --callgrind-out-file=/dev/null python -m bench.replay --passes 2

(the difference of the two "Collected" totals, divided by 2 × 1,000, is the count per answer).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.workload import build_workload  # noqa: E402
from knowledge import format as knowledge_format  # noqa: E402
from knowledge.conversation import Conversation  # noqa: E402
from knowledge.engine import answer_sync  # noqa: E402
from knowledge.lexicon import lexicon_for  # noqa: E402
from knowledge.store import seed_files  # noqa: E402
from knowledge.view import KnowledgeView  # noqa: E402

ANSWERS_PER_PASS = 1000
TODAY = date(2026, 11, 29)  # fixed: "this year" must read the same in every run


def replay(passes: int, users: int, questions: int) -> int:
    """Answer the workload 1 + `passes` times; return how many answers were given."""
    view = KnowledgeView.build(knowledge_format.load_files(seed_files()))
    lexicon_for(view)
    texts = [q.text for q in build_workload(view, questions) if q.setup is None]
    answered = 0
    for _ in range(1 + passes):
        conversations: dict[int, Conversation] = {}
        for index in range(ANSWERS_PER_PASS):
            context = conversations.setdefault(index % users, Conversation())
            answer_sync(texts[index % len(texts)], view, context=context, today=TODAY)
            answered += 1
    return answered


def main() -> None:
    """Parse the arguments, replay, print the count."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=2, help="measured passes after the warm one")
    parser.add_argument("--users", type=int, default=50, help="conversations answered in turn")
    parser.add_argument("--questions", type=int, default=500, help="size of the seed workload")
    args = parser.parse_args()
    print(replay(args.passes, args.users, args.questions))


if __name__ == "__main__":
    main()
