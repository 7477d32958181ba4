"""Which files under a folder are posts: the rules of plain folders, Jekyll, Hugo and Zola.

A plain folder lists every post file in it; a site found in it (or above it) lists what
its generator would publish as a page of its own (see ``reader.model.site``):

* Jekyll: the files in ``_posts`` and ``_drafts`` folders under ``collections_dir``;
* Hugo and Zola: the files of the content folders, but not section pages (``_index.md``,
  ``_index.LANG.md``) nor, for Hugo, a bundle's resources (the Markdown beside or below
  its ``index.md``) and pages a parent section's ``cascade`` keeps out of lists
  (``build``/``_build`` with ``list: never`` or ``render: never``; a page's own
  ``headless`` or ``build`` is read when it is loaded: see ``Post.listed``);
* never ``README``, ``LICENSE``, ``CHANGELOG`` or ``CONTRIBUTING`` at a site's root.

Post files are Markdown files, and ``.txt`` files that open with a front-matter block
(only their first bytes are read to tell).
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reader.model.errors import ReaderError
from reader.model.post import POST_SUFFIXES
from reader.model.site import (
    HUGO_CONFIGS,
    JEKYLL_CONFIGS,
    JEKYLL_POST_FOLDERS,
    Site,
    absolute,
    find_site,
    forget_sites,
    site_at,
)
from reader.model.text import child_path, clean_text

SKIPPED_FOLDERS = frozenset({"node_modules", "_site", "public", "vendor", "__pycache__"})
TEXT_SUFFIX = ".txt"
_POST_ENDINGS = tuple(POST_SUFFIXES)
_ROOT_FILE_STEMS = frozenset({"readme", "license", "licence", "changelog", "contributing"})
_FRONT_MATTER_STARTS = (b"---\n", b"---\r\n", b"+++\n", b"+++\r\n")
_BOM = b"\xef\xbb\xbf"
_SECTION_INDEX = "_index."
_CONFIG_NAMES = frozenset((*JEKYLL_CONFIGS, *HUGO_CONFIGS))
_CASCADE_READ_BYTES = 64 * 1024
Files = list[tuple[Path, Path]]  # post files, each with the library folder it is in
Found = Iterator[tuple[str, list[str]]]  # folders walked, each with its post files' names
Cascade = list[dict[str, Any]]  # a section's cascade entries that keep pages out of lists


class LibraryError(ReaderError):
    """A library path that cannot be read at all (missing, not a folder)."""


def _is_searched(folder_name: str) -> bool:
    return not folder_name.startswith(".") and folder_name not in SKIPPED_FOLDERS


def _is_markdown_name(name: str) -> bool:
    # String operations: a Path per name costs more than the whole walk. A name that
    # ends with a suffix has it as its extension (no suffix holds a second dot).
    return name.lower().endswith(_POST_ENDINGS) and not name.startswith(".")


def _is_section_page(name: str) -> bool:
    """Hugo's and Zola's list pages: ``_index.md``, ``_index.fr.md``."""
    return name.startswith(_SECTION_INDEX)


def starts_with_front_matter(path: Path | str) -> bool:
    """Whether the file opens with a ``---`` or ``+++`` front-matter line (its first bytes)."""
    try:
        with open(path, "rb") as file:
            head = file.read(len(_BOM) + 5)
    except OSError:
        return False
    return head.removeprefix(_BOM).startswith(_FRONT_MATTER_STARTS)


def _post_names(folder: str, names: Iterable[str]) -> list[str]:
    """The names of post files among the files ``names`` of ``folder``, in order."""
    found = []
    for name in sorted(names):
        if _is_markdown_name(name):
            if not _is_section_page(name):
                found.append(name)
        elif (
            name.lower().endswith(TEXT_SUFFIX)
            and not name.startswith(".")
            and starts_with_front_matter(os.path.join(folder, name))
        ):
            found.append(name)
    return found


def _is_root_file(name: str) -> bool:
    """Whether ``name`` is a repository's README, LICENSE, CHANGELOG or CONTRIBUTING file."""
    return name.split(".", 1)[0].lower() in _ROOT_FILE_STEMS


def _walk(top: str) -> Iterator[tuple[str, list[str], list[str]]]:
    """Every folder under ``top`` (pruned of hidden and build folders), in a stable order.

    The caller may prune ``folders`` further, as with ``os.walk``.
    """
    for current, folders, files in os.walk(top):
        folders[:] = sorted(name for name in folders if _is_searched(name))
        yield current, folders, files


def _holds_site(current: str, folders: list[str], files: list[str]) -> Site | None:
    """The site rooted at ``current`` (told from its listing, to spare look-ups)."""
    if not _CONFIG_NAMES.isdisjoint(files) or "config" in folders:
        site = site_at(Path(current))
        if site is not None:
            return site
    if "_posts" in folders:
        return find_site(Path(current))
    return None


def _plain_files(folder: str, top_site: Site | None) -> Found:
    """Every post file under a plain ``folder``; each site inside it by its own rules."""
    for current, folders, files in _walk(folder):
        site = _holds_site(current, folders, files) if current != folder else None
        if site is not None and site != top_site:
            folders[:] = []
            yield from _site_files(site, Path(current))
            continue
        yield current, _post_names(current, files)


def _site_files(site: Site, within: Path) -> Found:
    """The post files of ``site`` under the folder ``within`` (absolute)."""
    for content in site.content:
        if within.is_relative_to(content):
            start = within
        elif content.is_relative_to(within):
            start = content
        else:
            continue
        if site.generator == "jekyll":
            yield from _jekyll_files(site, content, start)
        else:
            yield from _content_files(site, content, start)


def site_post_files(site: Site) -> list[Path]:
    """Every post file of ``site``."""
    return [
        child_path(Path(folder), name)
        for folder, names in _site_files(site, site.root)
        for name in names
    ]


def _listed_here(site: Site, current: str, files: list[str]) -> list[str]:
    names = _post_names(current, files)
    if current == str(site.root):
        return [name for name in names if not _is_root_file(name)]
    return names


def _jekyll_files(site: Site, collections: Path, start: Path) -> Found:
    """Files in the ``_posts``/``_drafts`` folders under ``start`` (posts folders or above)."""
    relative = start.relative_to(collections).parts
    tops = [str(start)]
    if not JEKYLL_POST_FOLDERS.intersection(relative):
        tops = []
        for current, folders, _ in _walk(str(start)):
            for name in folders:
                if name in JEKYLL_POST_FOLDERS:
                    tops.append(os.path.join(current, name))
            # A posts folder is walked on its own (a symbolic link is walked too).
            folders[:] = [name for name in folders if name not in JEKYLL_POST_FOLDERS]
    for top in tops:
        for current, _, files in _walk(top):
            yield current, _listed_here(site, current, files)


def _content_files(site: Site, content: Path, start: Path) -> Found:
    """Hugo's or Zola's pages under ``start``, a folder in or above the content folder."""
    top = str(start) if start.is_relative_to(content) else str(content)
    cascades: dict[str, Cascade] = {}
    if site.generator == "hugo":
        cascades[top] = _inherited_cascade(content, Path(top))
    for current, folders, files in _walk(top):
        inherited = cascades.get(current, [])
        if site.generator == "hugo" and current != str(content) and _is_leaf_bundle(files):
            # Hugo: the Markdown beside a bundle's index.md, and below it, are its resources.
            folders[:] = []
            files = [name for name in files if _is_bundle_index(name)]
        if site.generator == "hugo":
            inherited = inherited + _hiding_cascade(current, files)
            for name in folders:
                cascades[os.path.join(current, name)] = inherited
        names = _listed_here(site, current, files)
        if inherited:
            names = [
                name
                for name in names
                if not _cascade_hides(inherited, content, os.path.join(current, name))
            ]
        yield current, names


def _is_bundle_index(name: str) -> bool:
    """``index.md`` or a translation of it, ``index.fr.md``."""
    return name.startswith("index.") and _is_markdown_name(name)


def _is_leaf_bundle(files: Iterable[str]) -> bool:
    return any(_is_bundle_index(name) for name in files)


def _in_leaf_bundle(content: Path, path: Path) -> bool:
    """Whether ``path`` is a resource of a Hugo leaf bundle (not the page of one)."""
    start = path.parent.parent if _is_bundle_index(path.name) else path.parent
    for folder in [start, *start.parents]:
        if folder == content or not folder.is_relative_to(content):
            return False
        if _is_leaf_bundle(entry.name for entry in _listing(folder)):
            return True
    return False


def _inherited_cascade(content: Path, folder: Path) -> Cascade:
    """The hiding cascade entries of the sections above ``folder``, down from ``content``."""
    entries: Cascade = []
    for parent in reversed(folder.parents):
        if parent.is_relative_to(content):
            names = [entry.name for entry in _listing(parent) if entry.is_file()]
            entries += _hiding_cascade(str(parent), names)
    return entries


def _listing(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def _hiding_cascade(folder: str, files: list[str]) -> Cascade:
    """The entries of the section's ``cascade`` that keep pages out of lists."""
    if "_index.md" not in files:
        return []
    from reader.model.front_matter import split_front_matter  # only Hugo sites need it

    try:
        with open(os.path.join(folder, "_index.md"), "rb") as file:
            head = file.read(_CASCADE_READ_BYTES)
    except OSError:
        return []
    metadata = split_front_matter(clean_text(head.decode("utf-8", "replace"))).metadata
    cascade = metadata.get("cascade")
    entries = cascade if isinstance(cascade, list) else [cascade]
    return [
        entry | {"folder": folder}
        for entry in entries
        if isinstance(entry, dict) and hides_page(entry)
    ]


def hides_page(settings: dict[str, Any]) -> bool:
    """Whether Hugo front matter keeps its page out of lists: headless, or built ``never``."""
    if settings.get("headless") is True:
        return True
    for key in ("build", "_build"):
        build = settings.get(key)
        # "never" since Hugo 0.76; false before it.
        if isinstance(build, dict) and any(
            build.get(option) in ("never", False) for option in ("list", "render")
        ):
            return True
    return False


def _cascade_hides(entries: Cascade, content: Path, path: str) -> bool:
    """Whether a cascade entry applies to the page at ``path`` (its ``_target`` path glob)."""
    for entry in entries:
        target = entry.get("_target", entry.get("target"))
        glob = target.get("path") if isinstance(target, dict) else None
        if not isinstance(glob, str):
            return True
        page = "/" + Path(path).relative_to(content).with_suffix("").as_posix()
        if fnmatch.fnmatchcase(page, glob.replace("**", "*")):
            return True
    return False


def _listing_site(start: Path) -> Site | None:
    """The site whose rules list the opened folder ``start`` (absolute); None: a plain folder.

    A folder of a site outside its content (or with no post of it) is a plain folder.
    """
    site = find_site(start)
    if (
        site is not None
        and site.reaches(start)
        and any(names for _, names in _site_files(site, start))
    ):
        return site
    return None


def _folder_files(folder: Path) -> Iterator[Path]:
    """The post files of the opened folder ``folder``, by the rules of its site if any."""
    start = absolute(folder)
    site = _listing_site(start)
    found = _site_files(site, start) if site else _plain_files(str(start), find_site(start))
    # Walked and decided on absolute paths; given in the form the folder was given.
    inside = len(str(start)) + 1
    for current, names in found:
        parent = Path(current) if folder.is_absolute() else folder / current[inside:]
        for name in names:
            yield child_path(parent, name)


def stamped_post_files(root: Path) -> dict[str, tuple[int, int]]:
    """The post files of the folder ``root`` as a listing finds them: each one's size and time.

    For telling what changed since an index was built, without reading any post.
    """
    forget_sites()
    stamps: dict[str, tuple[int, int]] = {}
    for file in _folder_files(root):
        text = str(file)
        try:
            stat = os.stat(text)
        except OSError:
            continue
        stamps[text] = (stat.st_size, stat.st_mtime_ns)
    return stamps


def find_post_files(paths: Iterable[Path]) -> Files:
    """Every post file under ``paths`` as ``(file, library root)``.

    A file named directly counts whatever its extension. Raises LibraryError for a path
    that does not exist.
    """
    forget_sites()  # a configuration may have changed since the last listing
    # Keyed by the path as text: hashing a Path costs more than making it.
    found: dict[str, tuple[Path, Path]] = {}
    for path in paths:
        if path.is_file():
            found.setdefault(str(path), (path, path.parent))
        elif path.is_dir():
            for file in _folder_files(path):
                found.setdefault(str(file), (file, path))
        elif path.exists():
            raise LibraryError(f"not a file or folder: {clean_text(str(path))}")
        else:
            raise LibraryError(f"no such file or folder: {clean_text(str(path))}")
    return list(found.values())


def content_folders(root: Path) -> list[Path]:
    """The folders to watch for the posts of the library folder ``root``."""
    start = absolute(root)
    site = _listing_site(start)
    if site is None:
        return [root]
    return [
        start if start.is_relative_to(content) else content
        for content in site.content
        if start.is_relative_to(content) or content.is_relative_to(start)
    ]


def is_listed(path: Path, root: Path) -> bool:
    """Whether listing the library folder ``root`` lists ``path`` as a post.

    Decided by the rules alone, without walking the library.
    """
    path, root = absolute(path), absolute(root)
    if not path.is_relative_to(root) or path == root:
        return False
    *folders, name = path.relative_to(root).parts
    if not all(_is_searched(part) for part in folders):
        return False
    if _post_names(str(path.parent), [name]) != [name]:
        return False
    site = _listing_site(root)
    if site is None:
        # A plain folder: a site inside it reads its own files; the rest are all posts.
        inner = find_site(path)
        if inner is None or not inner.root.is_relative_to(root) or inner.root == root:
            return True
        site = inner
    return _site_lists(site, path)


def _site_lists(site: Site, path: Path) -> bool:
    """Whether ``site`` lists the post file ``path`` (absolute)."""
    if path.parent == site.root and _is_root_file(path.name):
        return False
    for content in site.content:
        if not path.is_relative_to(content):
            continue
        if site.generator == "jekyll":
            return bool(JEKYLL_POST_FOLDERS.intersection(path.relative_to(content).parts[:-1]))
        if site.generator == "hugo":
            if _in_leaf_bundle(content, path):
                return False
            folder = path.parent
            cascade = _inherited_cascade(content, folder)
            cascade += _hiding_cascade(str(folder), [e.name for e in _listing(folder)])
            return not _cascade_hides(cascade, content, str(path))
        return True
    return False
