"""What the library shows for one choice of filter, order and grouping, worked out once.

The list, ``n``/``p`` in a post, ``U`` and the palette all read the same ``Listing``:
it is made again only when the library or the choice changes, never per key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from reader.model.filters import Drafts, PostFilter, SortOrder, sort_posts
from reader.model.grouping import Grouping, group_posts
from reader.model.post import PostSummary

Groups = list[tuple[str, list[PostSummary]]]


@dataclass(frozen=True)
class ListChoice:
    """How the reader asked the library to be listed."""

    grouping: Grouping = Grouping.CATEGORY
    order: SortOrder = SortOrder.DATE
    filter_text: str = ""
    drafts: Drafts = "include"


@dataclass(frozen=True, eq=False)
class Listing:
    """The posts that pass the filter, as groups; and each post once, in reading order.

    The reading order (``n``, ``p``, ``U``) is worked out when first asked for, then
    kept: the app asks for it in the background as soon as the groups are shown.
    """

    choice: ListChoice = ListChoice()
    # Left out of repr(): Textual describes a worker by its arguments' repr(), and every
    # post of a big library would be written out (3,000 posts: 0.27 s and 27 MB).
    groups: Groups = field(default_factory=list, repr=False)

    @classmethod
    def of(
        cls, posts: Sequence[PostSummary], choice: ListChoice, unsorted: bool = False
    ) -> Listing:
        """List ``posts``: newest first, or ``unsorted`` (in the order files were read)."""
        chosen = PostFilter.parse(choice.filter_text, choice.drafts).apply(posts)
        if unsorted:
            chosen.sort(key=lambda post: post.sort_key)
        return cls(choice, group_posts(sort_posts(chosen, choice.order), choice.grouping))

    @cached_property
    def order(self) -> list[PostSummary]:
        """Each listed post once, in the order the groups list them."""
        if self.choice.grouping in (Grouping.DATE, Grouping.ALL):  # each post in one group
            return [post for _, posts in self.groups for post in posts]
        # A post in two categories is the same object in both: its id tells it at once.
        order: dict[int, PostSummary] = {}
        for _, posts in self.groups:
            for post in posts:
                order.setdefault(id(post), post)
        return list(order.values())

    @cached_property
    def _positions(self) -> dict[Path, int]:
        return {post.path: index for index, post in enumerate(self.order)}

    def prepare(self) -> int:
        """Work out the reading order now (in the background) for keys to find it ready.

        Returns how many posts it has.
        """
        return len(self._positions)

    def position(self, post: PostSummary) -> int | None:
        """Where ``post`` (or the post read from the same file) is in the reading order."""
        return self._positions.get(post.path)

    def step(self, post: PostSummary, offset: int) -> PostSummary | None:
        """The post ``offset`` places after ``post`` in reading order; None past either end.

        ``post`` must be listed (``position``).
        """
        index = self._positions[post.path] + offset
        return self.order[index] if 0 <= index < len(self.order) else None

    def next_unread(
        self, after: PostSummary, is_read: Callable[[PostSummary], bool]
    ) -> PostSummary | None:
        """The first unread post after ``after``, wrapping around (asking only as far as needed)."""
        count = len(self.order)
        position = self.position(after)
        start = 0 if position is None else position + 1
        for step in range(count):
            post = self.order[(start + step) % count]
            if post.path != after.path and not is_read(post):
                return post
        return None
