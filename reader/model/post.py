"""A blog post: its summary (what a library lists) and the whole post, its text with it.

``post_loader`` reads the files.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from operator import attrgetter
from pathlib import Path
from typing import Any

from reader.model.health.finding import Finding
from reader.model.text import path_from_text, printable_path

POST_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
SortKey = tuple[bool, float, str]


@dataclass(slots=True)
class PostSummary:
    """What the library, the sidebar and the CLI show about a post, without its text.

    A library holds these (100,000 whole posts would not fit in memory); the index caches
    them. ``post_loader.whole_post`` reads the whole post again.
    """

    path: Path
    title: str = ""
    date: datetime | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    excerpt: str = ""
    draft: bool = False
    stated_minutes: int | None = None
    estimated_minutes: int = 1
    size: int = 0
    modified: datetime | None = None
    problems: list[Finding] = field(default_factory=list)
    binary: bool = False
    root: Path | None = None
    fingerprint: str = ""  # a hash of the file's bytes: the same post after a move
    body_digest: str = ""  # a hash of the body, whitespace normalised: the same text
    date_source: str = ""  # where the date came from: a front-matter key, "file name"...
    listed: bool = True  # False for a page its site keeps out of lists (a headless bundle)

    def __getstate__(self) -> tuple[Any, ...]:
        """The post's fields for pickling (between processes), its path as text.

        A pickled Path is parsed again when unpickled, which took half of the time of
        unpickling a post.
        """
        _, get = _OTHER_FIELDS[type(self)]
        return (str(self.path), *get(self))

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        """Take the fields ``__getstate__`` gave."""
        path, *others = state
        self.path = path_from_text(path)
        names, _ = _OTHER_FIELDS[type(self)]
        for name, value in zip(names, others, strict=True):
            setattr(self, name, value)

    @property
    def path_in_library(self) -> Path:
        """The file relative to the library's folder (the path as given when outside it)."""
        if self.root is not None and self.path.is_relative_to(self.root) and self.path != self.root:
            return self.path.relative_to(self.root)
        return self.path

    @property
    def author(self) -> str:
        """The authors' names on one line: ``Ana, Bo``."""
        return ", ".join(self.authors)

    @property
    def reading_minutes(self) -> int:
        """The reading time to show: the front matter's when it gives one, else our estimate."""
        return self.stated_minutes or self.estimated_minutes

    @property
    def sort_key(self) -> SortKey:
        """Newest first, posts without a date last, then by title; never raises."""
        return newest_first_key(self.date, self.title)


@dataclass(slots=True)
class Post(PostSummary):
    """A whole post: its summary's fields, its body and its front matter as read."""

    body: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    body_line: int = 1  # the line of the file the body starts on (after the front matter)

    @classmethod
    def of(cls, summary: PostSummary, body: str, metadata: dict[str, Any]) -> Post:
        """The whole post of ``summary``, given its ``body`` and front matter."""
        summary_fields = dict(zip(_SUMMARY_NAMES, _summary_fields(summary), strict=True))
        return cls(**summary_fields, body=body, metadata=metadata)

    def summary(self) -> PostSummary:
        """The post without its body and front matter, as a library keeps it (a new object)."""
        return PostSummary(*_summary_fields(self))


def _fields_after_path(kind: type[PostSummary]) -> tuple[tuple[str, ...], attrgetter[Any]]:
    names = tuple(field.name for field in fields(kind) if field.name != "path")
    return names, attrgetter(*names)


_OTHER_FIELDS = {kind: _fields_after_path(kind) for kind in (PostSummary, Post)}
_SUMMARY_NAMES = tuple(field.name for field in fields(PostSummary))
_summary_fields = attrgetter(*_SUMMARY_NAMES)


def newest_first_key(date: datetime | None, title: str) -> SortKey:
    """The sort key of a post with ``date`` and ``title``: see ``Post.sort_key``."""
    return (date is None, -date.timestamp() if date else 0.0, title.casefold())


def summary_json(post: PostSummary) -> dict[str, Any]:
    """The post as JSON-ready data (the schema README.md documents for ``--json``).

    The index caches it as JSON: change ``index.SCHEMA_VERSION`` with it.
    """
    return {
        "path": printable_path(post.path),
        "title": post.title,
        "date": post.date.isoformat() if post.date else None,
        "date_source": post.date_source or None,
        "categories": post.categories,
        "tags": post.tags,
        "author": post.author,
        "authors": post.authors,
        "excerpt": post.excerpt,
        "draft": post.draft,
        "reading_minutes": post.reading_minutes,
        "estimated_minutes": post.estimated_minutes,
        "stated_minutes": post.stated_minutes,
        "size": post.size,
        "problems": [finding.summary() for finding in post.problems],
    }
