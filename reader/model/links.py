"""What following a link in a post means: a web page, another post, or nothing."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from urllib.parse import unquote, urlsplit

from reader.model.post import POST_SUFFIXES

WEB_SCHEMES = frozenset({"http", "https", "mailto"})


class LinkKind(Enum):
    """How reader treats a link."""

    WEB = "web"  # handed to the browser
    POST = "post"  # another post on disk, opened in reader
    ANCHOR = "anchor"  # a place in this post
    SHOWN_ONLY = "shown only"  # anything else (file:, javascript:, custom schemes)


@dataclass(frozen=True)
class LinkTarget:
    """A classified link: its kind, and the post's path when it is one."""

    kind: LinkKind
    href: str
    path: Path | None = None


def link_target(href: str, post_path: Path) -> LinkTarget:
    """Classify ``href`` found in the post at ``post_path``.

    Only http, https and mailto go to the browser; a relative link to a file that
    exists beside the post opens it in reader; every other scheme is only shown.
    """
    parts = urlsplit(href.strip())
    scheme = parts.scheme.lower()
    if scheme in WEB_SCHEMES:
        return LinkTarget(LinkKind.WEB, href)
    if scheme or parts.netloc:
        return LinkTarget(LinkKind.SHOWN_ONLY, href)
    if not parts.path:
        return LinkTarget(LinkKind.ANCHOR, href)
    # Normalised, not resolved: the path keeps the form the library's paths have.
    candidate = Path(os.path.normpath(post_path.parent / unquote(parts.path)))
    if candidate.suffix.lower() in POST_SUFFIXES and candidate.is_file():
        return LinkTarget(LinkKind.POST, href, candidate)
    return LinkTarget(LinkKind.SHOWN_ONLY, href)
