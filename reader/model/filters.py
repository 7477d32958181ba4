"""Which posts to show and in what order: filters by category, tag, author, year, drafts.

The app's filter box takes the same filters as words (``tag:python year:2024 is:draft``)
beside free text, which is looked for in titles, categories, tags and authors.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

from reader.model.health.finding import has_problems
from reader.model.post import PostSummary

Drafts = Literal["include", "exclude", "only"]
Health = Literal["any", "problem", "ok"]
_FIELDS = ("category", "tag", "author", "year")
_HEALTH_WORDS: dict[str, Health] = {"is:problem": "problem", "is:ok": "ok", "-is:problem": "ok"}


@dataclass(frozen=True)
class PostFilter:
    """What a post must have to be shown; every field ignores case."""

    text: str = ""
    category: str | None = None
    tag: str | None = None
    author: str | None = None
    year: int | None = None
    drafts: Drafts = "include"
    health: Health = "any"
    words: tuple[str, ...] = field(default=(), compare=False)
    """The free text's words as typed, a quoted phrase as one (for full-text search)."""

    @classmethod
    def parse(cls, query: str, drafts: Drafts = "include") -> PostFilter:
        """A filter from what was typed: ``field:value`` words and free text.

        Fields: ``category:``, ``tag:``, ``author:`` (part of the name), ``year:``, and
        ``is:draft`` (only drafts) or ``-is:draft`` (no drafts), ``is:problem`` (posts
        with a warning or an error, see ``reader.model.health``) or ``is:ok`` (none,
        also ``-is:problem``); quotes keep spaces in a
        value. Anything else, an unknown field or a year that is not a number included, is
        free text: each of its words must be in the title, author, categories or tags.
        ``drafts`` is what happens to drafts when the query does not say (``is:draft``).
        """
        fields: dict[str, str] = {}
        health: Health = "any"
        words: list[str] = []
        for word in _words(query):
            name, colon, value = word.partition(":")
            if word.casefold() in ("is:draft", "-is:draft"):
                drafts = "exclude" if word.startswith("-") else "only"
            elif word.casefold() in _HEALTH_WORDS:
                health = _HEALTH_WORDS[word.casefold()]
            elif colon and value and name.casefold() in _FIELDS:
                fields[name.casefold()] = value
            else:
                words.append(word)
        year = fields.pop("year", None)
        if year is not None and not (year.isascii() and year.isdigit()):
            words.append(f"year:{year}")
            year = None
        return cls(
            text=" ".join(words),
            year=int(year) if year else None,
            drafts=drafts,
            health=health,
            words=tuple(words),
            **fields,
        )

    def matches(self, post: PostSummary) -> bool:
        """Whether ``post`` passes every part of the filter."""
        if (self.drafts == "exclude" and post.draft) or (self.drafts == "only" and not post.draft):
            return False
        if self.health != "any" and has_problems(post.problems) != (self.health == "problem"):
            return False
        if self.category and not _has(post.categories, self.category):
            return False
        if self.tag and not _has(post.tags, self.tag):
            return False
        if self.author and self.author.casefold() not in post.author.casefold():
            return False
        if self.year is not None and (post.date is None or post.date.year != self.year):
            return False
        return not self.text or _holds_text(post, self.text)

    def apply(self, posts: Iterable[PostSummary]) -> list[PostSummary]:
        """The posts that pass, in the same order."""
        return [post for post in posts if self.matches(post)]


def _words(query: str) -> list[str]:
    """The words of a filter; quotes keep spaces in one (``category:"Post Formats"``)."""
    try:
        return shlex.split(query)
    except ValueError:  # an unclosed quote, still being typed
        return query.split()


def _has(names: list[str], wanted: str) -> bool:
    wanted = wanted.casefold()
    return any(name.casefold() == wanted for name in names)


def _holds_text(post: PostSummary, text: str) -> bool:
    """Whether every word of ``text`` is somewhere in the title, author, categories, tags."""
    haystack = "\n".join([post.title, post.author, *post.categories, *post.tags]).casefold()
    return all(word in haystack for word in text.casefold().split())


class SortOrder(Enum):
    """The orders posts can be listed in, in the order a key cycles through them."""

    DATE = "date"
    TITLE = "title"
    READING_TIME = "reading time"

    @property
    def label(self) -> str:
        """How the order is named on screen."""
        return {"date": "newest first", "title": "by title"}.get(self.value, "shortest first")

    def next(self) -> SortOrder:
        """The order after this one (wrapping around)."""
        members = list(SortOrder)
        return members[(members.index(self) + 1) % len(members)]


def sort_posts(posts: Iterable[PostSummary], order: SortOrder) -> list[PostSummary]:
    """Posts given newest first (as a library holds them) by title or shortest read first.

    Ties stay newest first; in date order the posts are returned as given.
    """
    if order is SortOrder.TITLE:
        return sorted(posts, key=lambda post: post.title.casefold())
    if order is SortOrder.READING_TIME:
        return sorted(posts, key=lambda post: post.reading_minutes)
    return list(posts)
