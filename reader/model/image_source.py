"""Where a post's image comes from: a file of the site, a web address, or nowhere.

A source is resolved the way the site's generator serves it: relative to the post (a
Hugo or Zola page bundle keeps its images beside ``index.md``), or site-absolute
(``/assets/x.png``) from the site root (Jekyll) or its static folders (Hugo ``static/``
and ``assets/``, Zola ``static/``). Nothing outside the site root or the post's folder
is ever read, through ``..`` or a symbolic link, and ``file:`` URLs are never followed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from reader.model.site import site_of_file

REMOTE_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True)
class ImageFolders:
    """The folders a site serves images from: its root, and its static folders in order."""

    root: Path
    static: tuple[Path, ...] = ()


@dataclass(frozen=True)
class ImageSource:
    """A resolved image: a local ``path``, a remote ``url``, or the ``refusal`` saying why not."""

    written: str
    path: Path | None = None
    url: str | None = None
    refusal: str | None = None

    @property
    def key(self) -> str:
        """What names this image in caches: its file, its address, or what the post wrote."""
        return str(self.path) if self.path is not None else self.url or self.written


def image_folders(post_path: Path) -> ImageFolders | None:
    """The site above ``post_path`` (``find_site``) as image folders; None in a plain folder.

    Real paths (links followed), as the safety checks compare real paths.
    """
    site = site_of_file(post_path.resolve())
    if site is None:
        return None
    return ImageFolders(site.root.resolve(), tuple(folder.resolve() for folder in site.static))


def _inside(path: Path, folders: list[Path]) -> bool:
    return any(path.is_relative_to(folder) for folder in folders)


def resolve_image_source(
    written: str, post_path: Path, folders: ImageFolders | None
) -> ImageSource:
    """Resolve the image source ``written`` in the post at ``post_path``.

    Local candidates are tried in the generator's order; the first file that exists is
    taken once its real path (symbolic links followed) is checked to be inside the site
    root or the post's folder.
    """
    parts = urlsplit(written.strip())
    scheme = parts.scheme.lower()
    if scheme in REMOTE_SCHEMES or (not scheme and parts.netloc):
        url = written.strip() if scheme else f"https:{written.strip()}"
        return ImageSource(written, url=url)
    if scheme == "file":
        return ImageSource(written, refusal="file: addresses are never followed")
    if scheme:
        return ImageSource(written, refusal=f"{scheme}: images are not shown")
    relative = unquote(parts.path)
    if not relative:
        return ImageSource(written, refusal="no image named")
    post_folder = post_path.resolve().parent
    allowed = [post_folder]
    if folders is not None:
        allowed.append(folders.root.resolve())
    candidates: list[Path] = []
    if relative.startswith("/"):
        served = relative.lstrip("/")
        if folders is not None:
            candidates += [folder / served for folder in folders.static]
        candidates.append(post_folder / served)  # Zola serves a bundle's files from its page
    else:
        candidates.append(post_folder / relative)
        if folders is not None:
            candidates += [folder / relative for folder in folders.static]
    refusal = "not found"
    for candidate in candidates:
        lexical = Path(os.path.normpath(candidate))
        try:
            real = candidate.resolve()
            inside = _inside(lexical, allowed) and _inside(real, allowed)
            if inside and real.is_file():
                return ImageSource(written, path=real)
        except (OSError, ValueError):  # a NUL, a name too long for the file system
            return ImageSource(written, refusal="not a file name that can be read")
        if not inside:
            refusal = "outside the site's folder, not read"
    return ImageSource(written, refusal=refusal)
