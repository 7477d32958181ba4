"""What is wrong with a post: one finding, its kind, severity, message and place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from reader.model.health.blocks import times_shown_before

if TYPE_CHECKING:
    from reader.model.post import PostSummary


class Severity(StrEnum):
    """How much a finding matters: an error breaks the post, a note is worth a look."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        """2 for an error, 1 for a warning, 0 for a note."""
        return _RANKS[self]

    def at_least(self, other: Severity) -> bool:
        """Whether this severity is ``other`` or worse."""
        return self.rank >= other.rank


_RANKS = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.NOTE: 0}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem of a post, with where an editor finds it.

    ``line`` and ``column`` (from 1) are in the post's file; ``field`` names the
    front-matter key the problem is in. ``passage`` is the body's text at the spot as the
    post view shows it (the words said again, the end of a cut part: what is highlighted);
    ``passage_at`` is where in the body it starts or, with ``passage_ends``, where it ends.
    ``occurrence`` tells from these which of the times it is shown is the finding's, so
    that the post view's find meets it, at any width.
    """

    kind: str
    severity: Severity
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    passage: str = ""
    passage_at: int = 0
    passage_ends: bool = False

    def summary(self) -> dict[str, Any]:
        """The finding as JSON-ready data (README.md documents it for ``--json``)."""
        return {
            "kind": self.kind,
            "severity": self.severity.value,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "field": self.field,
        }

    def stored(self) -> dict[str, Any]:
        """Everything about the finding, as JSON-ready data (for the cache)."""
        return {
            **self.summary(),
            "passage": self.passage,
            "passage_at": self.passage_at,
            "passage_ends": self.passage_ends,
        }

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> Finding:
        """The finding ``stored`` gave."""
        return cls(
            kind=data["kind"],
            severity=Severity(data["severity"]),
            message=data["message"],
            line=data.get("line"),
            column=data.get("column"),
            field=data.get("field"),
            passage=data.get("passage", ""),
            passage_at=data.get("passage_at", 0),
            passage_ends=data.get("passage_ends", False),
        )

    def occurrence(self, body: str) -> int:
        """Which of the times ``body`` shows the passage is this finding's (from 0).

        Counted when asked, not as the post is loaded: it compacts the whole body (0.1 s
        for 1 MB), which only going to the finding needs.
        """
        if self.passage_ends:  # the last of those shown up to there
            return max(0, times_shown_before(body, self.passage, self.passage_at + 1) - 1)
        return times_shown_before(body, self.passage, self.passage_at)

    @property
    def place(self) -> str:
        """Where it is, for a person: ``line 12, column 3``, ``title, line 3``."""
        where = f"line {self.line}" if self.line is not None else ""
        if self.column and where:
            where += f", column {self.column}"
        return ", ".join(part for part in (self.field, where) if part)


def worst(findings: list[Finding]) -> Severity | None:
    """The highest severity among ``findings`` (None when there are none)."""
    return max((finding.severity for finding in findings), key=lambda s: s.rank, default=None)


def has_problems(findings: list[Finding]) -> bool:
    """Whether ``findings`` hold a warning or an error: what the list marks with ⚠.

    Notes alone (a repeated sentence) are shown with the post, not marked.
    """
    return any(finding.severity is not Severity.NOTE for finding in findings)


def next_with_problems(
    posts: Sequence[PostSummary], after: PostSummary | None
) -> PostSummary | None:
    """The first post after ``after`` in ``posts`` with problems, wrapping around."""
    paths = [post.path for post in posts]
    start = paths.index(after.path) + 1 if after is not None and after.path in paths else 0
    for step in range(len(posts)):
        post = posts[(start + step) % len(posts)]
        if (after is None or post.path != after.path) and has_problems(post.problems):
            return post
    return None
