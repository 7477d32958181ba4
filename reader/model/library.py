"""A library: the posts of folders, loaded through each folder's cache (its index).

``discovery`` finds the post files, ``loading`` reads them (on every core when many),
``index`` caches them.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reader.model.collector import collector_paused
from reader.model.discovery import Files, find_post_files
from reader.model.index import (
    CacheError,
    FileStamp,
    JsonSummary,
    PostIndex,
    index_file,
    remove_index,
)
from reader.model.loading import read_posts
from reader.model.post import PostSummary
from reader.model.reading_time import ReadingSpeeds


@dataclass
class LibraryChange:
    """Posts read again (added or edited) and paths of posts that are gone."""

    updated: list[PostSummary] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


@dataclass
class Library:
    """The posts of one or more folders, newest first.

    The posts are summaries, without body and raw front matter (a library of 100,000
    posts would not fit in memory otherwise): ``whole_post`` reads a post whole to show it.
    """

    roots: list[Path]
    speeds: ReadingSpeeds
    """The reading speeds its reading times were estimated at (the settings')."""
    posts: list[PostSummary] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def apply(self, change: LibraryChange) -> None:
        """Take in posts read again and drop removed ones, keeping newest first."""
        gone = {*change.removed, *(post.path for post in change.updated)}
        kept = [post for post in self.posts if post.path not in gone]
        self.posts = sorted(kept + change.updated, key=lambda post: post.sort_key)

    @property
    def name(self) -> str:
        """A short name for the header: the folder (or first folder) opened."""
        first = self.roots[0].resolve() if self.roots else Path(".")
        name = first.name or str(first)
        others = [root for root in self.roots[1:] if not root.resolve().is_relative_to(first)]
        return f"{name} and {len(others)} more" if others else name


ProgressCallback = Callable[[list[PostSummary], int, int], None]
"""Called as posts arrive: ``(new posts, posts so far, posts in all)``."""


def _stamp(file: str | Path) -> FileStamp | None:
    try:
        stat = os.stat(file)
    except OSError:
        return None  # gone since the walk, or unreadable: load_post says which
    return FileStamp(stat.st_size, stat.st_mtime_ns)


class _Loading:
    """One loading of a library: cached posts first, then the files read afresh."""

    def __init__(
        self,
        speeds: ReadingSpeeds,
        on_progress: ProgressCallback | None,
        stop: threading.Event | None,
        known: dict[str, PostSummary],
    ) -> None:
        self.posts: list[PostSummary] = []
        self.notices: list[str] = []
        self.speeds = speeds
        self.total = 0  # the post files found
        self._on_progress = on_progress
        self._stop = stop
        self._known = known

    def add(self, posts: list[PostSummary]) -> None:
        posts = [post for post in posts if post.listed]
        self.posts.extend(posts)
        if self._on_progress and posts:
            self._on_progress(posts, len(self.posts), self.total)

    def read(
        self,
        files: Files,
        index: PostIndex | None = None,
        stamps: dict[str, tuple[Path, FileStamp | None]] | None = None,
    ) -> None:
        """Read ``files`` afresh (and cache them in ``index`` with their ``stamps``).

        ``stamps`` maps each file's path as text to the path and the stamp it had before
        it was read (taken once, when the cache was compared).
        """
        for chunk in read_posts(files, self.speeds):
            if self._stop is not None and self._stop.is_set():
                break
            if index is not None and stamps is not None:
                fresh = [
                    (post, entry[1])
                    for post in chunk
                    if (entry := stamps.get(str(post.path))) and entry[1] is not None
                ]
                try:
                    index.store(fresh)
                except CacheError as error:
                    # A damaged file or a full disk: the next start begins a new cache.
                    self.notices.append(str(error))
                    remove_index(index.root, self.speeds)
                    index = None
            self.add(chunk)

    def read_with_cache(self, root: Path, files: Files) -> None:
        """Take unchanged posts of ``root`` from its index; read the rest and cache them."""
        try:
            index, notice = PostIndex.open(root, self.speeds)
        except CacheError as error:
            self.notices.append(str(error))
            self.read(files)
            return
        if notice:
            self.notices.append(notice)
        try:
            current = {str(file): (file, _stamp(file)) for file, _ in files}
            unchanged, cached = index.cached_posts(current, self._known)
            self.add(unchanged)
            index.forget(cached - current.keys())
        except CacheError as error:
            index.close()
            remove_index(root, self.speeds)
            self.notices.append(str(error))
            self.read(files)
            return
        try:
            known = {str(post.path) for post in unchanged}  # hashing text is cheaper
            changed = [(file, root) for file, root in files if str(file) not in known]
            self.read(changed, index, current)
        finally:
            index.close()


def cached_posts(
    paths: Iterable[Path], newest: int, speeds: ReadingSpeeds
) -> tuple[list[PostSummary], int]:
    """The newest posts of the folders ``paths`` in their caches, and how many they hold.

    The caches of posts read at ``speeds``; at most ``newest`` posts, newest first, as the
    caches last knew them. No post file is looked at, so they may be out of date:
    something to show at once while ``load_library`` checks the files. Empty when there
    is no usable cache.
    """
    posts: list[PostSummary] = []
    total = 0
    with collector_paused():
        for root in paths:
            if not root.is_dir():
                continue
            try:
                index, _ = PostIndex.open(root, speeds)
            except CacheError:
                continue  # loading says why
            try:
                found, cached = index.newest_posts(newest)
            except CacheError:
                continue  # the same
            finally:
                index.close()
            posts.extend(found)
            total += cached
        posts.sort(key=lambda post: post.sort_key)
    return posts[:newest], total


def cached_summaries(paths: list[Path], speeds: ReadingSpeeds) -> list[JsonSummary] | None:
    """The posts under the folders ``paths`` as summaries from their caches, newest first.

    The caches of posts read at ``speeds``; None unless every folder's cache holds
    exactly its post files, all unchanged (a file named on its own is never cached):
    then ``load_library`` is needed, and brings the caches up to date.
    """
    # Checked before any folder is walked: a first listing has no cache to ask.
    if not all(path.is_dir() and index_file(path, speeds).is_file() for path in paths):
        return None
    with collector_paused():
        return _cached_summaries(paths, speeds)


def _cached_summaries(paths: list[Path], speeds: ReadingSpeeds) -> list[JsonSummary] | None:
    stamps: dict[Path, dict[str, FileStamp | None]] = {}
    for file, root in find_post_files(paths):
        text = str(file)
        stamps.setdefault(root, {})[text] = _stamp(text)
    summaries: list[JsonSummary] = []
    for root, files in stamps.items():
        index = PostIndex.peek(root, speeds)
        if index is None:
            return None
        try:
            cached = index.summaries(files)
        except CacheError:
            return None
        finally:
            index.close()
        if cached is None:
            return None
        summaries.extend(cached)
    summaries.sort(key=lambda summary: summary.sort_key)
    return summaries


def load_library(
    paths: Iterable[Path],
    *,
    speeds: ReadingSpeeds,
    on_progress: ProgressCallback | None = None,
    use_cache: bool = False,
    stop: threading.Event | None = None,
    known: Iterable[PostSummary] = (),
) -> Library:
    """Load every post under ``paths`` at reading ``speeds``, sorted newest first.

    Raises LibraryError.

    Setting ``stop`` (from another thread) ends loading early, with the posts so far.
    ``known`` are posts from ``cached_posts``: those whose files are unchanged are used
    again (the same objects), so that loading after showing them costs less.

    With ``use_cache``, the posts of each folder come from its index where their files
    are unchanged (see ``reader.model.index``); what goes wrong with the cache is in
    ``Library.notices``, and the posts are then read without it.
    """
    with collector_paused():
        known_by_path = {str(post.path): post for post in known}
        loading = _Loading(speeds, on_progress, stop, known_by_path)
        return _load_library(list(paths), loading, use_cache)


def _load_library(roots: list[Path], loading: _Loading, use_cache: bool) -> Library:
    # Only folders are cached: a file named on its own is simply read.
    folders = {root for root in roots if root.is_dir()} if use_cache else set()
    files = find_post_files(roots)
    loading.total = len(files)
    cached: dict[Path, Files] = {}
    uncached: Files = []
    for file, root in files:
        if root in folders:
            cached.setdefault(root, []).append((file, root))
        else:
            uncached.append((file, root))
    for root, root_files in cached.items():
        loading.read_with_cache(root, root_files)
    loading.read(uncached)
    loading.posts.sort(key=lambda post: post.sort_key)
    return Library(roots, loading.speeds, loading.posts, loading.notices)
