"""How the library arranges posts: by category, date or tag, or all in one list."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum

from reader.model.post import PostSummary

UNCATEGORIZED = "Uncategorized"
UNTAGGED = "Untagged"
UNDATED = "No date"
BOOKMARKS = "★ Bookmarks"


class Grouping(Enum):
    """The ways the library can be grouped, in the order a key cycles through them."""

    CATEGORY = "category"
    DATE = "date"
    TAG = "tag"
    ALL = "all"

    @property
    def label(self) -> str:
        """How the grouping is named on screen."""
        return {"all": "all posts"}.get(self.value, f"by {self.value}")

    def next(self) -> Grouping:
        """The grouping after this one (wrapping around)."""
        members = list(Grouping)
        return members[(members.index(self) + 1) % len(members)]


def _named_groups(
    posts: Iterable[PostSummary], names_of: Callable[[PostSummary], list[str]], fallback: str
) -> list[tuple[str, list[PostSummary]]]:
    """Groups by name, alphabetical, with the fallback group (no name) last."""
    groups: dict[str, list[PostSummary]] = {}
    for post in posts:
        for name in names_of(post) or [fallback]:
            groups.setdefault(name, []).append(post)
    return sorted(groups.items(), key=lambda item: (item[0] == fallback, item[0].casefold()))


def _date_groups(posts: Iterable[PostSummary]) -> list[tuple[str, list[PostSummary]]]:
    """Groups by month, newest first, posts without a date last (whatever the post order)."""
    months: dict[tuple[int, int], list[PostSummary]] = {}
    undated: list[PostSummary] = []
    for post in posts:
        if post.date is None:
            undated.append(post)
        else:
            months.setdefault((post.date.year, post.date.month), []).append(post)
    groups = [
        (f"{group[0].date:%Y · %B}", group)
        for _, group in sorted(months.items(), key=lambda item: item[0], reverse=True)
    ]
    return groups + ([(UNDATED, undated)] if undated else [])


def group_posts(
    posts: list[PostSummary], grouping: Grouping
) -> list[tuple[str, list[PostSummary]]]:
    """Posts as named groups, in the given order inside each; a post may be in several."""
    if grouping is Grouping.CATEGORY:
        return _named_groups(posts, lambda post: post.categories, UNCATEGORIZED)
    if grouping is Grouping.TAG:
        return _named_groups(posts, lambda post: post.tags, UNTAGGED)
    if grouping is Grouping.DATE:
        return _date_groups(posts)
    return [("All posts", list(posts))]


def with_bookmarks(
    groups: list[tuple[str, list[PostSummary]]], bookmarked: list[PostSummary]
) -> list[tuple[str, list[PostSummary]]]:
    """``groups`` with the bookmarked posts as a group of their own first (when any)."""
    return [(BOOKMARKS, bookmarked), *groups] if bookmarked else groups


def reading_order(groups: list[tuple[str, list[PostSummary]]]) -> list[PostSummary]:
    """Each post once, in the order the groups list them (for next and previous post)."""
    order: dict[object, PostSummary] = {}
    for _, posts in groups:
        for post in posts:
            order.setdefault(post.path, post)
    return list(order.values())
