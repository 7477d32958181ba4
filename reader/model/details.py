"""A post's metadata as labelled, one-line strings for the sidebar and ``reader show``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from reader.model.health.report import finding_text
from reader.model.post import Post, PostSummary
from reader.model.text import one_line

# Keys already shown under their own label (or used by reader itself).
_SHOWN_KEYS = frozenset(
    {
        "title",
        "date",
        "author",
        "authors",
        "categories",
        "category",
        "tags",
        "tag",
        "excerpt",
        "summary",
        "description",
        "reading_time",
        "readingTime",
        "read_time",
        "draft",
        "published",
        "publishDate",
        "pubdate",
    }
)
VALUE_LIMIT = 120


def readable_date(moment: datetime | None) -> str:
    """``Sat 8 Nov 2025, 16:36 UTC+09:00``: the time in the zone it was written in."""
    if moment is None:
        return "no date"
    offset = moment.utcoffset()
    zone = "UTC"
    if offset:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        zone = f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return f"{moment:%a} {moment.day} {moment:%b %Y, %H:%M} {zone}"


def short_date(moment: datetime | None) -> str:
    """``2025-11-08`` (or blank when there is no date), for lists."""
    return f"{moment:%Y-%m-%d}" if moment else "          "


def short_minutes(minutes: int) -> str:
    """A reading time in 8 columns for lists: ``   5 min``, or hours past 999 minutes."""
    return f"{minutes:>4} min" if minutes < 1000 else f"{minutes // 60:>4} h  "


def _flatten(value: Any, parts: list[str], budget: int) -> int:
    """Append a compact rendering of ``value`` to ``parts``, stopping after ``budget`` chars."""
    if budget <= 0:
        return budget
    if isinstance(value, dict):
        parts.append("{")
        budget -= 1
        for index, (key, item) in enumerate(value.items()):
            if budget <= 0:
                break
            parts.append(("" if index == 0 else ", ") + f"{key}: ")
            budget = _flatten(item, parts, budget - len(parts[-1]))
        parts.append("}")
        return budget - 1
    if isinstance(value, list):
        parts.append("[")
        budget -= 1
        for index, item in enumerate(value):
            if budget <= 0:
                break
            if index:
                parts.append(", ")
            budget = _flatten(item, parts, budget - 2)
        parts.append("]")
        return budget - 1
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)[: budget + 1]
    parts.append(text)
    return budget - len(text)


def describe_value(value: Any, limit: int = VALUE_LIMIT) -> str:
    """A front-matter value on one line, cut to ``limit``; never walks more than that."""
    if isinstance(value, datetime):
        return readable_date(value)
    parts: list[str] = []
    _flatten(value, parts, limit + 1)  # one more: a cut value is then over limit and gets "…"
    return one_line("".join(parts), limit)


def reading_time_text(post: PostSummary) -> str:
    """Both reading times, each labelled: ``8 min (front matter) · 24 min (estimated)``."""
    estimated = f"{post.estimated_minutes} min (estimated)"
    if post.stated_minutes:
        return f"{post.stated_minutes} min (front matter) · {estimated}"
    return estimated


def length_text(post: PostSummary) -> str:
    """The body's length in characters (of a whole post) and the file's size."""
    kilobytes = post.size / 1024
    size = f"{kilobytes:.1f} KB" if kilobytes < 1024 else f"{kilobytes / 1024:.1f} MB"
    return f"{len(post.body):,} characters · {size}" if isinstance(post, Post) else size


def _date_source_rows(post: PostSummary) -> list[tuple[str, str]]:
    """Where the date came from, unless from the front matter's own ``date``."""
    if not post.date_source or post.date_source == "date":
        return []
    named = post.date_source in {"file name", "folder name"}
    source = f"the {post.date_source}" if named else f"front matter '{post.date_source}'"
    return [("Date from", one_line(source, 80))]


def detail_rows(post: PostSummary) -> list[tuple[str, str]]:
    """Labelled rows describing a post, every value one clean line.

    A whole post also shows its front matter's other keys.
    """
    rows = [
        ("Title", one_line(post.title, 400)),
        ("Date", readable_date(post.date)),
        *_date_source_rows(post),
        ("Authors" if len(post.authors) > 1 else "Author", one_line(post.author, 400) or "—"),
        ("Categories", ", ".join(post.categories) or "—"),
        ("Tags", ", ".join(post.tags) or "—"),
        ("Reading time", reading_time_text(post)),
        ("Length", length_text(post)),
    ]
    if post.draft:
        rows.append(("Draft", "yes"))
    if post.excerpt:
        rows.append(("Excerpt", post.excerpt))
    rows.append(("File", one_line(str(post.path_in_library), 400)))
    rows.extend(("Problem", finding_text(problem)) for problem in post.problems)
    rows.extend(
        (one_line(key, 40), describe_value(value))
        for key, value in (post.metadata if isinstance(post, Post) else {}).items()
        if key not in _SHOWN_KEYS
    )
    return rows


def unshown_reason(post: PostSummary) -> str:
    """Why the post's text cannot be shown (a binary or unreadable file); "" when it can."""
    for problem in post.problems:
        if problem.kind in ("binary", "unreadable"):
            return one_line(f"This post cannot be shown: {problem.message}", 600)
    return ""


def shared_title_places(posts: Iterable[PostSummary]) -> dict[Path, str]:
    """Where each post is whose title another post has too: what tells them apart.

    Their file names when those differ, else their folders, else their whole paths in
    the library. A post met twice (under two categories) is one post.
    """
    first: dict[str, PostSummary] = {}
    shared: dict[str, list[PostSummary]] = {}
    for post in posts:
        seen = first.setdefault(post.title, post)
        if seen is not post and seen.path != post.path:
            group = shared.setdefault(post.title, [seen])
            if all(post is not other for other in group):
                group.append(post)
    places: dict[Path, str] = {}
    for group in shared.values():
        paths = [post.path_in_library for post in group]
        if len({path.name for path in paths}) == len(paths):
            labels = [path.name for path in paths]
        elif len({path.parent for path in paths}) == len(paths):
            labels = [f"{path.parent}/" for path in paths]
        else:
            labels = [str(path) for path in paths]
        places.update((post.path, label) for post, label in zip(group, labels, strict=True))
    return places
