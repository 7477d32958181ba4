"""What following a link in a post means: a web page, another post, or nothing.

Links to other posts come in the forms sites write them (the Markdown side turns the
template tags into hrefs): Jekyll ``post_url:NAME`` and ``link:PATH``, Hugo ``ref:X``
(``ref``/``relref``), Zola ``@/PATH``, a path relative to the post, the bare forms an
older cleanup gave (``NAME`` of ``post_url``, the ``link`` path without ``_posts/``),
and site-absolute URLs (``/blog/2020/01/01/slug/``), matched to a post of the site by
its permalink-like keys, date and slug.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from reader.model.dates import InvalidDateError, date_in_url, parse_date, split_file_name_date
from reader.model.discovery import find_post_files, site_post_files
from reader.model.post import POST_SUFFIXES
from reader.model.site import Site, absolute, site_of_file

WEB_SCHEMES = frozenset({"http", "https", "mailto"})
SITE_SCHEMES = ("post_url:", "link:", "ref:")
_PAGE_ENDINGS = (".html", ".htm", ".md", ".markdown")
_URL_KEYS = ("url", "permalink", "path", "slug")
_HEAD_BYTES = 16 * 1024
_INDEX_STEMS = ("index", "_index")
_PLACEHOLDER = re.compile(r":([a-z_]+)")
_NOT_IN_SLUG = re.compile(r"[^\w\s-]")
_JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


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


def link_target(href: str, post_path: Path, root: Path | None = None) -> LinkTarget:
    """Classify ``href`` found in the post at ``post_path`` of the library folder ``root``.

    Only http, https and mailto go to the browser; a link that names a post of the
    site (or of ``root``) opens it in reader; every other scheme is only shown.
    """
    text = href.strip()
    lowered = text.lower()
    if lowered.startswith(SITE_SCHEMES):
        scheme, _, reference = text.partition(":")
        found = _resolve_site_reference(scheme.lower(), reference, post_path, root)
        return _post_or_shown(href, found)
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme in WEB_SCHEMES:
        return LinkTarget(LinkKind.WEB, href)
    if scheme or parts.netloc:
        return LinkTarget(LinkKind.SHOWN_ONLY, href)
    if not parts.path:
        return LinkTarget(LinkKind.ANCHOR, href)
    return _post_or_shown(href, _resolve_path(unquote(parts.path), post_path, root))


def _post_or_shown(href: str, path: Path | None) -> LinkTarget:
    if path is None:
        return LinkTarget(LinkKind.SHOWN_ONLY, href)
    return LinkTarget(LinkKind.POST, href, path)


def _is_post_file(path: Path) -> bool:
    return path.suffix.lower() in POST_SUFFIXES and path.is_file()


def _normal(path: Path) -> Path:
    # Normalised, not resolved: the path keeps the form the library's paths have.
    return Path(os.path.normpath(path))


def _candidates(post_path: Path, root: Path | None) -> tuple[Site | None, list[Path]]:
    """The post's site and every post file that a link from it may name."""
    site = site_of_file(post_path)
    if site is not None:
        return site, site_post_files(site)
    folder = root if root is not None else post_path.parent
    return None, [file for file, _ in find_post_files([folder])]


def _resolve_site_reference(
    scheme: str, reference: str, post_path: Path, root: Path | None
) -> Path | None:
    reference = unquote(reference.strip().split("#", 1)[0])
    if not reference:
        return None
    site, files = _candidates(post_path, root)
    if scheme == "post_url":
        return _by_post_name(reference, files)
    if scheme == "link":
        base = site.root if site is not None else post_path.parent
        direct = _normal(base / reference.lstrip("/"))
        return direct if _is_post_file(direct) else _by_relative_path(reference, files)
    return _by_ref(reference, post_path, site, files)


def _by_post_name(name: str, files: list[Path]) -> Path | None:
    """Jekyll's ``post_url``: a post's file name without its extension, maybe in a subfolder."""
    *folders, stem = name.strip("/").split("/")
    for file in files:
        if file.stem == stem and (
            not folders or file.parent.parts[-len(folders) :] == tuple(folders)
        ):
            return file
    return None


def _by_relative_path(reference: str, files: list[Path]) -> Path | None:
    """A post whose path ends with ``reference`` (a ``link`` path, ``_posts/`` dropped)."""
    wanted = Path(reference.strip("/")).parts
    for file in files:
        if file.parts[-len(wanted) :] == wanted:
            return file
    return None


def _page_variants(path: Path) -> list[Path]:
    """The files a Hugo or Zola page path may be: itself, with ``.md``, or a bundle's index."""
    if path.suffix.lower() in POST_SUFFIXES:
        return [path]
    return [path.with_name(path.name + ".md"), path / "index.md", path / "_index.md"]


def _by_ref(reference: str, post_path: Path, site: Site | None, files: list[Path]) -> Path | None:
    """Hugo's ``ref``/``relref``: from the page's folder, else from the content folders."""
    bases = [] if reference.startswith("/") else [post_path.parent]
    bases += list(site.content) if site is not None else []
    for base in bases:
        for variant in _page_variants(_normal(base / reference.lstrip("/"))):
            if _is_post_file(variant):
                return variant
    return _by_relative_path(reference, files) if "/" in reference else _by_stem(reference, files)


def _by_stem(reference: str, files: list[Path]) -> Path | None:
    """A post named as a bare file name (Hugo finds ``ref "x.md"`` anywhere in content)."""
    stem = Path(reference).stem if Path(reference).suffix in POST_SUFFIXES else reference
    return next((file for file in files if file.stem == stem), None)


def _resolve_path(path: str, post_path: Path, root: Path | None) -> Path | None:
    """A path href: relative to the post, Zola ``@/``, a bare legacy name, or site-absolute."""
    if path.startswith("@/"):
        site = site_of_file(post_path)
        bases = list(site.content) if site is not None else [post_path.parent]
        for base in bases:
            candidate = _normal(base / path[2:])
            if _is_post_file(candidate):
                return candidate
        return None
    if not path.startswith("/"):
        candidate = _normal(post_path.parent / path)
        if _is_post_file(candidate):
            return candidate
    site, files = _candidates(post_path, root)
    if path.startswith("/"):
        return _by_url(path, site, files)
    # Bare forms: a post_url NAME, or a link path without "_posts/".
    return (
        _by_post_name(path, files) or _by_relative_path(path, files) or _by_url(path, site, files)
    )


def _url_parts(url: str) -> list[str]:
    """The segments of a page URL, without ``index.html``, a page ending or empty parts."""
    parts = [part for part in url.split("/") if part]
    if parts and parts[-1].lower() in {"index.html", "index.htm", "index.md"}:
        parts.pop()
    if parts:
        last = parts[-1]
        for ending in _PAGE_ENDINGS:
            if last.lower().endswith(ending):
                parts[-1] = last[: -len(ending)]
                break
    return parts


def _name_slug(file: Path) -> tuple[str, date | None]:
    """The slug and date a file's name gives (a bundle's: its folder's)."""
    stem = file.stem.split(".", 1)[0]
    name = file.parent.name if stem in _INDEX_STEMS else file.stem
    found, slug = split_file_name_date(name)
    if found is None:
        found, slug = split_file_name_date(name, zola=True)
    return slug, found.date() if found else None


def _by_url(url: str, site: Site | None, files: list[Path]) -> Path | None:
    """The post a site-absolute URL names: by its permalink, URL keys, date and slug.

    The posts whose file name gives the URL's last part are tried first, so that most
    links are found without reading every post's front matter.
    """
    parts = _url_parts(url)
    if not parts:
        return None
    wanted = "/".join(parts).lower()
    in_url = date_in_url(url)
    url_date = in_url.date() if in_url else None
    by_name = []
    for file in files:
        slug, day = _name_slug(file)
        if slug.lower() == parts[-1].lower() and (url_date is None or day in (None, url_date)):
            by_name.append(file)
    heads = {file: _head_metadata(file) for file in by_name}
    for file, metadata in heads.items():
        if _permalink(site, file, metadata) == wanted:
            return file
    for file, metadata in heads.items():
        if url_date is None or _date_of(file, metadata) in (None, url_date):
            return file
    # The URL may come from front matter alone (Zola "path", Hugo "url", "slug", "title").
    for file in files:
        metadata = _head_metadata(file)
        if _permalink(site, file, metadata) == wanted:
            return file
        for key in _URL_KEYS:
            value = metadata.get(key)
            if not isinstance(value, str) or not value.strip():
                continue
            if key == "slug":
                day = _date_of(file, metadata)
                if value.lower() == parts[-1].lower() and url_date in (None, day):
                    return file
            elif "/".join(_url_parts(value)).lower() == wanted:
                return file
    return None


def _permalink(site: Site | None, file: Path, metadata: dict[str, Any]) -> str | None:
    """The post's URL by its site's permalink setting (as ``_url_parts`` joins it), if set."""
    if site is None:
        return None
    values = _placeholder_values(site, file, metadata)
    template: Any = None
    if site.generator == "jekyll":
        template = site.config.get("permalink", "date")
        template = _JEKYLL_STYLES.get(template, template) if isinstance(template, str) else None
    elif site.generator == "hugo":
        settings = site.config.get("permalinks")
        if isinstance(settings, dict):
            # Hugo >= 0.114 nests them by kind: [permalinks.page].
            pages = settings.get("page", settings)
            template = pages.get(values["section"]) if isinstance(pages, dict) else None
    if not isinstance(template, str):
        return None
    url = _PLACEHOLDER.sub(lambda match: values.get(match[1], match[0]), template)
    return "/".join(_url_parts(url)).lower()


def _urlized(text: str) -> str:
    """Hugo's ``urlize`` of a title: lower case, punctuation dropped, spaces as hyphens."""
    return "-".join(_NOT_IN_SLUG.sub("", text).lower().split())


def _placeholder_values(site: Site, file: Path, metadata: dict[str, Any]) -> dict[str, str]:
    """What each ``:name`` of a Jekyll or Hugo permalink stands for in the post ``file``."""
    name_slug = _name_slug(file)[0]
    day = _date_of(file, metadata)
    title = metadata.get("title")
    content = next(
        (folder for folder in site.content if absolute(file).is_relative_to(folder)), None
    )
    sections = absolute(file).relative_to(content).parts[:-1] if content else ()
    if site.generator == "jekyll":
        slug = str(metadata.get("slug") or name_slug)
        title_part = slug
    else:
        title_part = _urlized(title) if isinstance(title, str) else name_slug
        slug = str(metadata.get("slug") or title_part)
    return {
        "categories": "/".join(site.folder_categories(file)),
        "title": title_part,
        "slug": slug,
        "filename": name_slug,
        "contentbasename": name_slug,
        "section": sections[0] if sections else "",
        "sections": "/".join(sections),
        "output_ext": ".html",
        "year": f"{day:%Y}" if day else "",
        "short_year": f"{day:%y}" if day else "",
        "month": f"{day:%m}" if day else "",
        "i_month": str(day.month) if day else "",
        "day": f"{day:%d}" if day else "",
        "i_day": str(day.day) if day else "",
    }


def _date_of(file: Path, metadata: dict[str, Any]) -> date | None:
    """The day of a post, from its name or its front matter's ``date``."""
    _, day = _name_slug(file)
    if day is not None:
        return day
    try:
        return parse_date(metadata.get("date")).date()
    except InvalidDateError:
        return None


def _head_metadata(file: Path) -> dict[str, Any]:
    """The front matter at the start of ``file`` (its first bytes only)."""
    from reader.model.front_matter import split_front_matter
    from reader.model.text import clean_text

    try:
        with open(absolute(file), "rb") as opened:
            head = opened.read(_HEAD_BYTES)
    except OSError:
        return {}
    return split_front_matter(clean_text(head.decode("utf-8", "replace"))).metadata
