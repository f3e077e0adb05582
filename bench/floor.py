"""The floor: the same result as a question, fetched with one hand-written query via `sqlite3`."""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path

from sqlalchemy.engine import make_url

_RANKED = """
SELECT e.key, e.name, f.value FROM facts f
JOIN metrics m ON m.id = f.metric_id
JOIN entities e ON e.id = f.entity_id
WHERE m.key = ? AND f.period = ? AND e.aggregate = 0
ORDER BY f.sort_value {order}
LIMIT ?
"""
_ONE = """
SELECT e.key, e.name, f.value FROM facts f
JOIN metrics m ON m.id = f.metric_id
JOIN entities e ON e.id = f.entity_id
WHERE e.key = ? AND m.key = ? AND f.period = ?
"""

Row = tuple[str, str, str]
Floor = tuple[str, str, str | None, str, int]


def sqlite_path(url: str) -> Path | None:
    """The database file behind a SQLite URL, or None for another database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


class SqlFloor:
    """Runs the bare queries on one SQLite file, keeping the connection and statements warm."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def fetch(self, floor: Floor) -> list[Row]:
        """The rows the question's answer rests on."""
        metric, period, entity, direction, limit = floor
        if entity is not None:
            return self.connection.execute(_ONE, (entity, metric, period)).fetchall()
        order = "DESC" if direction == "max" else "ASC"
        sql = _RANKED.format(order=order)
        return self.connection.execute(sql, (metric, period, limit)).fetchall()

    def time(self, floor: Floor, repeat: int = 5) -> tuple[float, list[Row]]:
        """The median of `repeat` timings (seconds) of one query, and its rows."""
        timings, rows = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            rows = self.fetch(floor)
            timings.append(time.perf_counter() - started)
        return statistics.median(timings), rows

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()
