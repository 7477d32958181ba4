"""Find the posts under a folder (plain, Jekyll, Hugo or Zola) and load them."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reader.model.post import POST_SUFFIXES, Post, load_post
from reader.model.text import clean_text

PARALLEL_ABOVE_FILES = 1000
CHUNK_FILES = 200
_SKIPPED_FOLDERS = frozenset({"node_modules", "_site", "public", "vendor", "__pycache__"})
_HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "config.yaml", "config.json")


class LibraryError(Exception):
    """A library path that cannot be read at all (missing, not a folder)."""


def _is_searched(folder_name: str) -> bool:
    return not folder_name.startswith(".") and folder_name not in _SKIPPED_FOLDERS


def _walk(folder: Path) -> Iterator[Path]:
    """Post files below ``folder``, skipping hidden and build folders, in a stable order."""
    for current, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if _is_searched(name))
        for name in sorted(files):
            if Path(name).suffix.lower() in POST_SUFFIXES and not name.startswith("."):
                yield Path(current, name)


def content_folders(root: Path) -> list[Path]:
    """The folders that hold a site's posts, or the root itself for a plain folder.

    A Jekyll site keeps posts in ``_posts`` (and drafts in ``_drafts``), possibly under
    category folders; a Hugo site in ``content``.
    """
    jekyll: list[Path] = []
    for current, folders, _ in os.walk(root):
        # Prune like _walk does, so a theme's or a gem's _posts under vendor/ or a hidden
        # folder does not hide the site's own posts.
        folders[:] = sorted(name for name in folders if _is_searched(name))
        jekyll.extend(Path(current, name) for name in folders if name in {"_posts", "_drafts"})
    if jekyll:
        return jekyll
    if (root / "content").is_dir() and any((root / name).is_file() for name in _HUGO_CONFIGS):
        return [root / "content"]
    return [root]


def find_post_files(paths: Iterable[Path]) -> list[tuple[Path, Path]]:
    """Every post file under ``paths`` as ``(file, library root)``.

    A file named directly counts whatever its extension. Raises LibraryError for a path
    that does not exist.
    """
    found: dict[Path, Path] = {}
    for path in paths:
        if path.is_file():
            found.setdefault(path, path.parent)
        elif path.is_dir():
            for folder in content_folders(path):
                for file in _walk(folder):
                    found.setdefault(file, path)
        elif path.exists():
            raise LibraryError(f"not a file or folder: {clean_text(str(path))}")
        else:
            raise LibraryError(f"no such file or folder: {clean_text(str(path))}")
    return list(found.items())


@dataclass
class Library:
    """The posts of one or more folders, newest first."""

    roots: list[Path]
    posts: list[Post] = field(default_factory=list)

    @property
    def name(self) -> str:
        """A short name for the header: the folder (or first folder) opened."""
        first = self.roots[0].resolve() if self.roots else Path(".")
        name = first.name or str(first)
        others = [root for root in self.roots[1:] if not root.resolve().is_relative_to(first)]
        return f"{name} and {len(others)} more" if others else name


def _load_chunk(files: list[tuple[Path, Path]]) -> list[Post]:
    return [load_post(file, root) for file, root in files]


def _chunks(files: list[tuple[Path, Path]], size: int) -> Iterator[list[tuple[Path, Path]]]:
    for start in range(0, len(files), size):
        yield files[start : start + size]


def _load_posts(files: list[tuple[Path, Path]]) -> Iterator[list[Post]]:
    """Posts in chunks, in file order; big libraries are read on every core."""
    cores = os.cpu_count() or 1
    if len(files) < PARALLEL_ABOVE_FILES or cores < 2:
        yield from map(_load_chunk, _chunks(files, CHUNK_FILES))
        return
    # Imported here, not at the top: only big libraries need them, and every start
    # (reader open on one post) would pay for the import.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # "spawn", not "fork": the app calls this from a thread, and forking a threaded
    # process can deadlock the child.
    context = multiprocessing.get_context("spawn")
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=min(cores, 8), mp_context=context) as pool:
            for chunk in pool.map(_load_chunk, _chunks(files, CHUNK_FILES)):
                done += len(chunk)
                yield chunk
    except (OSError, ValueError, BrokenProcessPool):
        # No worker processes to be had (a sandbox, or standard streams that are not
        # files, as inside the app): read the rest in this process.
        yield from map(_load_chunk, _chunks(files[done:], CHUNK_FILES))


def load_library(
    paths: Iterable[Path],
    on_progress: Callable[[int, int], None] | None = None,
) -> Library:
    """Load every post under ``paths``, sorted newest first. Raises LibraryError.

    ``on_progress(done, total)`` is called as posts arrive.
    """
    roots = list(paths)
    files = find_post_files(roots)
    posts: list[Post] = []
    for chunk in _load_posts(files):
        posts.extend(chunk)
        if on_progress:
            on_progress(len(posts), len(files))
    posts.sort(key=lambda post: post.sort_key)
    return Library(roots=roots, posts=posts)


def filter_posts(
    posts: Iterable[Post],
    category: str | None = None,
    tag: str | None = None,
    include_drafts: bool = False,
) -> list[Post]:
    """Posts in ``category`` and with ``tag`` (either ignoring case), drafts only if asked."""
    wanted_category = category.casefold() if category else None
    wanted_tag = tag.casefold() if tag else None
    return [
        post
        for post in posts
        if (include_drafts or not post.draft)
        and (wanted_category is None or wanted_category in (c.casefold() for c in post.categories))
        and (wanted_tag is None or wanted_tag in (t.casefold() for t in post.tags))
    ]
