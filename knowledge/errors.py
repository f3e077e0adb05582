"""Tally's one exception hierarchy: every expected failure is a TallyError."""

from __future__ import annotations

from dataclasses import dataclass


class TallyError(Exception):
    """Base class of every error Tally expects and reports plainly."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake in a knowledge file, located by file and line."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class KnowledgeFileError(TallyError):
    """One or more mistakes in knowledge files; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class DatabaseUnavailableError(TallyError):
    """The database cannot be reached or used."""


class NotFoundError(TallyError):
    """A named key (entity, metric, source, fact) does not exist."""


class StaleEditError(TallyError):
    """An edit was based on a version of a fact that has changed since."""

    def __init__(self, message: str, *, current_value: str, changed_by: str | None) -> None:
        self.current_value = current_value
        self.changed_by = changed_by
        super().__init__(message)


class InvalidInputError(TallyError):
    """A command's argument is malformed (a value, a period, a key)."""
