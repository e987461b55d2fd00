"""What the import and the export hand back, and the space lookup both commands start with.

Kept apart from the work itself so that the management commands and the benchmark depend
only on these small types: an `ImportReport` holds a result per file (imported, updated,
unchanged or error, with the reason and any warnings) and prints itself; an `ExportReport`
counts what went into the zip.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from knowledge.models import SpacePage


class SpaceNotFound(LookupError):
    """The slug names no space; the message lists the ones that exist."""


def get_space(slug: str) -> SpacePage:
    """Spaces are found by slug on the command line, where a typo deserves the list."""
    spaces = list(SpacePage.objects.filter(slug=slug)[:2])
    if len(spaces) == 1:
        return spaces[0]
    if len(spaces) > 1:
        raise SpaceNotFound(f"More than one space has the slug {slug!r}; rename one first.")
    known = ", ".join(SpacePage.objects.order_by("slug").values_list("slug", flat=True))
    raise SpaceNotFound(
        f"No space has the slug {slug!r}. " + (f"Spaces: {known}." if known else "There are none.")
    )


class Status(enum.StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass
class FileResult:
    path: str
    status: Status
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    page_id: int | None = None


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for result in self.results if result.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [result for result in self.results if result.status == Status.ERROR]

    def lines(self) -> list[str]:
        """One line per file, warnings indented under it, then the totals."""
        lines = []
        for result in self.results:
            reason = f": {result.reason}" if result.reason else ""
            lines.append(f"{result.status.value:<10} {result.path}{reason}")
            lines.extend(f"{'':<10} warning: {warning}" for warning in result.warnings)
        counts = ", ".join(f"{self.count(status)} {status.value}" for status in Status)
        lines.append(f"{len(self.results)} files: {counts}")
        return lines


@dataclass
class ExportReport:
    pages: int = 0
    images: int = 0
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
