"""The reading state as the app uses it: marks kept at hand, and trouble reported once.

``ReadingState`` raises StateError when its database fails; a reader must keep working
then, so every call here catches it, passes the first message on (the app shows it as a
notice) and goes on with what it knows.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from reader.model.config import MarkRead
from reader.model.post import PostSummary
from reader.model.state import (
    HistoryEntry,
    LibraryView,
    ReadingState,
    StateError,
    library_key,
    post_key,
)

T = TypeVar("T")
_PARENT = f"{os.sep}.."  # a ".." in a path, which only post_key resolves


class ReadingSession:
    """Read marks, bookmarks, places, history and library views of one running reader.

    The read and bookmarked posts are kept in memory (``reload`` reads them again, for
    what another reader running at the same time changed); every change is written at once.
    """

    def __init__(
        self, state: ReadingState, mark_read: MarkRead, on_error: Callable[[str], None]
    ) -> None:
        self.state = state
        self.mark_read = mark_read
        """When a post becomes read: when ``"opened"``, or scrolled to its ``"end"``."""
        self._on_error = on_error
        self._failed = False
        self._keys: dict[Path, str] = {}
        self._read: set[str] = set()
        self._bookmarked: set[str] = set()
        self.reload()

    def _try(self, call: Callable[[], T], fallback: T) -> T:
        """``call()``, or ``fallback`` when the database fails (said once per session)."""
        try:
            return call()
        except StateError as error:
            if not self._failed:
                self._failed = True
                self._on_error(f"{error}; reading state may not be kept")
            return fallback

    def key(self, path: Path) -> str:
        """How the state names the post at ``path`` (quickly: libraries are big)."""
        text = str(path)
        if os.path.isabs(text) and _PARENT not in text:
            return text  # pathlib has normalised the rest: what post_key would give
        key = self._keys.get(path)
        if key is None:
            key = self._keys[path] = post_key(path)
        return key

    def reload(self) -> None:
        """Read the read and bookmarked posts again from the database."""
        self._read = self._try(self.state.read_paths, self._read)
        self._bookmarked = self._try(self.state.bookmarked_paths, self._bookmarked)

    # --- marks -----------------------------------------------------------------------

    def is_read(self, post: PostSummary) -> bool:
        """Whether ``post`` is marked read."""
        return self.key(post.path) in self._read

    def is_bookmarked(self, post: PostSummary) -> bool:
        """Whether ``post`` is bookmarked."""
        return self.key(post.path) in self._bookmarked

    def marks(self, posts: Iterable[PostSummary]) -> tuple[set[Path], set[Path]]:
        """The paths of ``posts`` that are read, and those that are bookmarked."""
        read: set[Path] = set()
        bookmarked: set[Path] = set()
        if not self._read and not self._bookmarked:
            return read, bookmarked  # a new reader: nothing to look up, however big
        for post in posts:
            key = self.key(post.path)
            if key in self._read:
                read.add(post.path)
            if key in self._bookmarked:
                bookmarked.add(post.path)
        return read, bookmarked

    def set_read(self, post: PostSummary, read: bool) -> None:
        """Mark ``post`` read or unread."""
        key = self.key(post.path)
        if read:
            self._read.add(key)
        else:
            self._read.discard(key)
        self._try(lambda: self.state.set_read(key, post.fingerprint, read), None)

    def toggle_read(self, post: PostSummary) -> bool:
        """Mark ``post`` unread if it is read, else read; return whether it is read now."""
        read = not self.is_read(post)
        self.set_read(post, read)
        return read

    def toggle_bookmark(self, post: PostSummary) -> bool:
        """Bookmark ``post``, or remove its bookmark; return whether it is bookmarked now."""
        key = self.key(post.path)
        on = key not in self._bookmarked
        if on:
            self._bookmarked.add(key)
        else:
            self._bookmarked.discard(key)
        self._try(lambda: self.state.set_bookmark(key, post.fingerprint, on), None)
        return on

    def opened(self, post: PostSummary) -> None:
        """``post`` was opened: put it in the history, and mark it read if that is the rule."""
        key = self.key(post.path)
        self._try(lambda: self.state.record_opened(key, post.fingerprint, post.title), None)
        if self.mark_read == "opened" and key not in self._read:
            self.set_read(post, True)

    def reached_end(self, post: PostSummary) -> None:
        """The end of ``post`` was on screen: mark it read if that is the rule."""
        if self.mark_read == "end" and not self.is_read(post):
            self.set_read(post, True)

    def next_unread(self, posts: Sequence[PostSummary], after: PostSummary) -> PostSummary | None:
        """The first unread post after ``after`` in ``posts``, wrapping around, if any."""
        keys = [self.key(post.path) for post in posts]
        current = self.key(after.path)
        start = keys.index(current) + 1 if current in keys else 0
        for step in range(len(posts)):
            index = (start + step) % len(posts)
            if keys[index] != current and keys[index] not in self._read:
                return posts[index]
        return None

    # --- places, history, views, moves -----------------------------------------------

    def place(self, post: PostSummary) -> int | None:
        """The line at the top of ``post``'s view when it was left, if known."""
        return self._try(lambda: self.state.position(self.key(post.path)), None)

    def save_place(self, post: PostSummary, line: int) -> None:
        """Remember ``line`` as the top of ``post``'s view."""
        key = self.key(post.path)
        self._try(lambda: self.state.set_position(key, post.fingerprint, line), None)

    def history(self, limit: int = 100) -> list[HistoryEntry]:
        """The most recently opened posts, newest first."""
        return self._try(lambda: self.state.history(limit), [])

    def view(self, roots: Iterable[Path]) -> LibraryView | None:
        """How the library of ``roots`` was last shown, if it was."""
        return self._try(lambda: self.state.view(library_key(roots)), None)

    def save_view(self, roots: Iterable[Path], view: LibraryView) -> None:
        """Remember how the library of ``roots`` is shown."""
        key = library_key(roots)
        self._try(lambda: self.state.save_view(key, view), None)

    def adopt_moved(self, posts: Iterable[PostSummary]) -> int:
        """Give moved or renamed posts their old state back; return how many took it."""
        pairs = [(self.key(post.path), post.fingerprint) for post in posts if post.fingerprint]
        adopted = self._try(lambda: self.state.adopt_moved(pairs), 0)
        if adopted:
            self.reload()
        return adopted

    def close(self) -> None:
        """Close the database (every change is already saved)."""
        self.state.close()
