"""Read post files into summaries, in chunks: on every core when there are many.

Worker processes are forked when they can be (they start at once), spawned otherwise;
this process reads a share too and helps the workers at the end, so that no core waits.
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from reader.model.discovery import Files
from reader.model.post import PostSummary
from reader.model.reading_time import ReadingSpeeds

if TYPE_CHECKING:
    from concurrent.futures import Future

T = TypeVar("T")
PARALLEL_ABOVE_FILES = 1000
CHUNK_FILES = 200


def _load_chunk(files: Files, speeds: ReadingSpeeds) -> list[PostSummary]:
    # Imported here: a warm start takes every post from the cache and never needs the
    # parser (Markdown, YAML) that loading brings in.
    from reader.model.post_loader import load_post

    return [load_post(file, root, speeds).summary() for file, root in files]


def _chunks(files: Files, size: int) -> Iterator[Files]:
    for start in range(0, len(files), size):
        yield files[start : start + size]


def read_posts(files: Files, speeds: ReadingSpeeds) -> Iterator[list[PostSummary]]:
    """Posts read at ``speeds``, in chunks, in file order; big libraries on every core."""
    return read_in_chunks(files, partial(_load_chunk, speeds=speeds))


def read_in_chunks(
    files: Files, load_chunk: Callable[[Files], list[T]], *, apart: bool = False
) -> Iterator[list[T]]:
    """``load_chunk`` of each chunk of ``files``, in file order; big libraries on every core.

    ``load_chunk`` goes to worker processes: a module's function (or a partial of one).
    With ``apart``, however few the files, they are read in worker processes: what
    reading them takes (the parse of a long post) never weighs on this one.
    """
    cores = os.cpu_count() or 1
    if not apart and (len(files) < PARALLEL_ABOVE_FILES or cores < 2):
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


def _results(submitted: list[tuple[Files, Future[list[T]]]]) -> Iterator[list[T]]:
    for _, future in submitted:
        yield future.result()


def _helping(
    submitted: list[tuple[Files, Future[list[T]]]], load_chunk: Callable[[Files], list[T]]
) -> Iterator[list[T]]:
    """The results of the chunks ``submitted`` to workers, in order, helping them out.

    While the next result is not ready, this process reads the last chunk no worker has
    started, so that no core waits for another at the end.
    """
    taken: dict[int, list[T]] = {}
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
