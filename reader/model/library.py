"""Load the posts of folders (``discovery`` finds them): on every core, through the cache."""

from __future__ import annotations

import itertools
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import redirect_stderr
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from reader.model.collector import collector_paused
from reader.model.discovery import Files, find_post_files
from reader.model.index import (
    CacheError,
    FileStamp,
    PostIndex,
    Summary,
    index_file,
    remove_index,
)
from reader.model.post import PostSummary
from reader.model.reading_time import ReadingSpeeds

if TYPE_CHECKING:
    from concurrent.futures import Future

PARALLEL_ABOVE_FILES = 1000
CHUNK_FILES = 200


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


def _load_chunk(files: Files, speeds: ReadingSpeeds) -> list[PostSummary]:
    # Imported here: a warm start takes every post from the cache and never needs the
    # parser (Markdown, YAML) that loading brings in.
    from reader.model.post_loader import load_post

    return [load_post(file, root, speeds).summary() for file, root in files]


def _chunks(files: Files, size: int) -> Iterator[Files]:
    for start in range(0, len(files), size):
        yield files[start : start + size]


def _load_posts(files: Files, speeds: ReadingSpeeds) -> Iterator[list[PostSummary]]:
    """Posts read at ``speeds``, in chunks, in file order; big libraries on every core."""
    cores = os.cpu_count() or 1
    load_chunk = partial(_load_chunk, speeds=speeds)
    if len(files) < PARALLEL_ABOVE_FILES or cores < 2:
        yield from map(load_chunk, _chunks(files, CHUNK_FILES))
        return
    # Imported here, not at the top: only big libraries need them, and every start
    # (reader open on one post) would pay for the import.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Called from the main thread alone (reader list), workers are forked, which starts
    # them at once where spawned ones import reader again, and this process reads a
    # share itself. The app calls this from a thread: forking a threaded process can
    # deadlock the child, and reading here would take turns with drawing the screen.
    # (Python itself forks by default only on Linux: macOS's system libraries may not
    # survive it.)
    alone = threading.active_count() == 1 and sys.platform.startswith("linux")
    context = multiprocessing.get_context("fork" if alone else "spawn")
    own_share = len(files) // cores if alone else 0
    done = 0
    try:
        if not alone:
            _start_resource_tracker()
        workers = min(cores - 1 if alone else cores, 8)
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        try:
            theirs = [
                (chunk, pool.submit(load_chunk, chunk))
                for chunk in _chunks(files[own_share:], CHUNK_FILES)
            ]
            mine = map(load_chunk, _chunks(files[:own_share], CHUNK_FILES))
            helped = _helping(theirs, load_chunk) if alone else _results(theirs)
            for posts in itertools.chain(mine, helped):
                done += len(posts)
                yield posts
        finally:
            # Stopped early (the app quit while loading): drop the chunks not started.
            pool.shutdown(cancel_futures=True)
    except (OSError, ValueError, BrokenProcessPool):
        # No worker processes to be had (a sandbox, say): read the rest in this process.
        yield from map(load_chunk, _chunks(files[done:], CHUNK_FILES))


def _results(
    submitted: list[tuple[Files, Future[list[PostSummary]]]],
) -> Iterator[list[PostSummary]]:
    for _, future in submitted:
        yield future.result()


def _helping(
    submitted: list[tuple[Files, Future[list[PostSummary]]]],
    load_chunk: Callable[[Files], list[PostSummary]],
) -> Iterator[list[PostSummary]]:
    """The results of the chunks ``submitted`` to workers, in order, helping them out.

    While the next result is not ready, this process reads the last chunk no worker has
    started, so that no core waits for another at the end.
    """
    taken: dict[int, list[PostSummary]] = {}
    end = len(submitted)  # the chunks from here on are read here
    for index, (_, future) in enumerate(submitted):
        while index < end - 1 and not future.done() and submitted[end - 1][1].cancel():
            end -= 1
            taken[end] = load_chunk(submitted[end][0])
        yield taken.pop(index) if index >= end else future.result()


def _start_resource_tracker() -> None:
    """Start multiprocessing's helper process, giving it a real standard error.

    It passes standard error's file descriptor to its child; inside the app, Textual's
    stand-in for ``sys.stderr`` has none, and starting workers would fail.
    """
    from multiprocessing import resource_tracker

    if sys.stderr is sys.__stderr__ or sys.__stderr__ is None:
        resource_tracker.ensure_running()
        return
    with redirect_stderr(sys.__stderr__):
        resource_tracker.ensure_running()


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
        for chunk in _load_posts(files, self.speeds):
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


def cached_summaries(paths: list[Path], speeds: ReadingSpeeds) -> list[Summary] | None:
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


def _cached_summaries(paths: list[Path], speeds: ReadingSpeeds) -> list[Summary] | None:
    stamps: dict[Path, dict[str, FileStamp | None]] = {}
    for file, root in find_post_files(paths):
        text = str(file)
        stamps.setdefault(root, {})[text] = _stamp(text)
    summaries: list[Summary] = []
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
