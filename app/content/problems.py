"""Problems found in content: every one names the file, the line and the fix.

The loader and the checks collect problems instead of raising, so `build.py check` can report every
problem in every file at once (MkDocs-style), and the build aborts once, before writing anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the content folder's parent, as an editor would type it
    line: int
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        label = "" if self.severity is Severity.ERROR else "warning: "
        return f"{self.path}:{self.line}: {label}{self.message}"


class ProblemList(list[Problem]):
    """The problems of one content tree, in the order they were found."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        # the URLs of page files that could not be read (their problems say why): links to
        # them are not reported too, so one broken page is one message, not one per link
        self.unreadable_pages: set[str] = set()

    def extend(self, problems) -> None:
        super().extend(problems)
        self.unreadable_pages |= getattr(problems, "unreadable_pages", set())

    def error(self, path: str, line: int, message: str) -> None:
        self.append(Problem(path, line, message, Severity.ERROR))

    def warning(self, path: str, line: int, message: str) -> None:
        self.append(Problem(path, line, message, Severity.WARNING))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if p.severity is Severity.WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(self, key=lambda p: (p.path, p.line, p.message))
