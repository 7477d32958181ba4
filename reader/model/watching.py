"""Keep a loaded library in step with its folders: posts added, edited or removed on disk.

The operating system tells of changes (``watchfiles``: inotify on Linux, FSEvents on
macOS), so nothing polls; changes are gathered for a moment and read in one go.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

from reader.model.discovery import content_folders, is_listed
from reader.model.index import CacheError, FileStamp, PostIndex
from reader.model.library import Library, LibraryChange
from reader.model.post import PostSummary
from reader.model.reading_time import ReadingSpeeds

# Changes arriving within this many milliseconds are read together (an editor's save
# is often several events); well inside the two seconds a change may take to show.
DEBOUNCE_MS = 300


def _listed_root(path: Path, folders: dict[Path, list[Path]]) -> Path | None:
    """The library root under which ``path`` is listed as a post, if it is."""
    for root, content in folders.items():
        if any(is_listed(path, folder) for folder in content):
            return root
    return None


def _read(
    paths: set[Path], folders: dict[Path, list[Path]], speeds: ReadingSpeeds, use_cache: bool
) -> LibraryChange:
    from reader.model.post_loader import load_post  # the parsers: only once a post changes

    change = LibraryChange()
    by_root: dict[Path, list[tuple[PostSummary, FileStamp]]] = {}
    gone_by_root: dict[Path, list[str]] = {}
    for path in sorted(paths):
        root = _listed_root(path, folders)
        if root is None:
            continue
        try:
            stat = path.stat()
        except OSError:
            change.removed.append(path)
            gone_by_root.setdefault(root, []).append(str(path))
            continue
        post = load_post(path, root, speeds).summary()
        if post.listed:
            change.updated.append(post)
        else:  # a page its site now keeps out of lists (made headless, say)
            change.removed.append(path)
        by_root.setdefault(root, []).append((post, FileStamp(stat.st_size, stat.st_mtime_ns)))
    if use_cache:
        for root in by_root.keys() | gone_by_root.keys():
            _update_index(root, speeds, by_root.get(root, []), gone_by_root.get(root, []))
    return change


def _update_index(
    root: Path, speeds: ReadingSpeeds, stored: list[tuple[PostSummary, FileStamp]], gone: list[str]
) -> None:
    """Keep the folder's index in step too, so the next start reads nothing again."""
    try:
        index, _ = PostIndex.open(root, speeds)
    except CacheError:
        return  # the next start says so, and reads the files
    try:
        index.store(stored)
        index.forget(gone)
    except CacheError:
        pass  # the same: the next start's stamps will not match, and it reads again
    finally:
        index.close()


def watch_library(
    library: Library, stop: threading.Event, use_cache: bool = True
) -> Iterator[LibraryChange]:
    """Yield the changes to ``library``'s posts on disk until ``stop`` is set.

    Runs in a thread of its own; each change is read (and cached) before it is yielded.
    """
    import watchfiles  # brings anyio: only once a library is on screen

    folders = {root: content_folders(root) for root in library.roots if root.is_dir()}
    watched = [folder for content in folders.values() for folder in content]
    if not watched:
        return
    for changes in watchfiles.watch(
        *watched, stop_event=stop, debounce=DEBOUNCE_MS, yield_on_timeout=False
    ):
        paths = {Path(path) for _, path in changes}
        change = _read(paths, folders, library.speeds, use_cache)
        if change.updated or change.removed:
            yield change
