"""Front matter a site generator would trip on, and a stated reading time far off."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

from reader.model.dates import InvalidDateError, parse_date, split_file_name_date
from reader.model.health.finding import Finding, Severity
from reader.model.health.place import PostText
from reader.model.post import Post
from reader.model.site import Site, absolute

READING_TIME_FACTOR = 2
# Minutes: a post of one or two minutes' text may well say 4, counting its pictures or
# code; 8 against 24 is an error.
MIN_READING_TIME_GAP = 4
# Where the date Jekyll reads comes from: its "date" key, else the file name.
_JEKYLL_DATE_SOURCES = frozenset({"date", "file name", "folder name"})
# Hugo's publish date, by default (``[frontmatter] publishDate`` may say otherwise).
_HUGO_PUBLISH_KEYS = ("publishdate", "pubdate", "published", "date")


def front_matter_findings(
    post_text: PostText, metadata: dict[str, Any], post: Post, site: Site | None, now: datetime
) -> list[Finding]:
    """What the post's own generator trips on: no title (Hugo), no date (Jekyll), a future date.

    Gone by the site ``find_site`` gives the post: Jekyll makes a title of the file name
    and Zola leaves an absent one out, but Hugo shows it empty; Jekyll skips a post in
    ``_posts`` whose file name has no date; Jekyll (unless ``future: true``) and Hugo
    (unless ``buildFuture``) do not publish a post dated later, while Zola does. A post
    in no site has no generator to trip.
    """
    if site is None or site.generator == "zola":
        return []
    findings = []
    title = metadata.get("title")
    if site.generator == "hugo" and (
        title is None or (isinstance(title, str) and not title.strip())
    ):
        findings.append(
            Finding(
                "no-title",
                Severity.WARNING,
                "the front matter has no title: Hugo shows an empty one",
                line=post_text.field_line("title") or 1,
                field="title",
            )
        )
    if (
        site.generator == "jekyll"
        and split_file_name_date(post.path.stem)[0] is None  # before the dearer folder test
        and _in_posts_folder(site, post)
    ):
        findings.append(
            Finding(
                "no-date",
                Severity.ERROR,
                "the file name does not start with a date: Jekyll skips a post in _posts"
                " without one",
                line=1,
            )
        )
    future = _future_date(metadata, post, site, now)
    if future is not None:
        findings.append(_future_finding(post_text, site, *future))
    return findings


def _in_posts_folder(site: Site, post: Post) -> bool:
    """Whether the post is in a ``_posts`` folder of the Jekyll site (text: every post)."""
    folder, collections = os.path.dirname(absolute(post.path)), str(site.content[0])
    if not folder.startswith(collections + os.sep):
        return False
    return "_posts" in folder[len(collections) + 1 :].split(os.sep)


def _future_date(
    metadata: dict[str, Any], post: Post, site: Site, now: datetime
) -> tuple[datetime, str | None] | None:
    """The date the generator holds the post back until, and its key: None if published."""
    if site.generator == "jekyll":
        if site.config.get("future") is True or post.date_source not in _JEKYLL_DATE_SOURCES:
            return None
        date, key = post.date, ("date" if post.date_source == "date" else None)
    else:
        if site.config.get("buildfuture") is True:
            return None
        date, key = _hugo_publish_date(metadata, post, site)
    if date is None or _aware(date) <= now:
        return None
    return date, key


def _hugo_publish_date(
    metadata: dict[str, Any], post: Post, site: Site
) -> tuple[datetime | None, str | None]:
    """Hugo's publish date: the first of ``[frontmatter] publishDate``'s keys the post has."""
    settings = site.config.get("frontmatter")
    order = settings.get("publishdate") if isinstance(settings, dict) else None
    items = [str(item).lower() for item in order] if isinstance(order, list) else [":default"]
    lowered = {str(key).lower(): key for key in metadata}
    for item in items:
        for key in _HUGO_PUBLISH_KEYS if item == ":default" else (item,):
            if key == ":filename":
                name = (
                    post.path.parent.name if post.path.stem.startswith("index") else post.path.stem
                )
                found = split_file_name_date(name)[0]
                if found is not None:
                    return found, None
            elif key in lowered and metadata[lowered[key]] not in (None, ""):
                if key == "published" and isinstance(metadata[lowered[key]], bool):
                    continue
                try:
                    return parse_date(metadata[lowered[key]]), lowered[key]
                except InvalidDateError:
                    continue  # reported as an invalid date
    return None, None


def _future_finding(post_text: PostText, site: Site, date: datetime, key: str | None) -> Finding:
    if site.generator == "jekyll":
        rule = "Jekyll does not publish it until then (unless _config says future: true)"
    else:
        rule = "Hugo does not publish it until then (unless buildFuture is set)"
    return Finding(
        "future-date",
        Severity.WARNING,
        f"dated {date.date().isoformat()}, in the future: {rule}",
        line=(post_text.field_line(key) or 1) if key else 1,
        field=key,
    )


def _aware(date: datetime) -> datetime:
    return date if date.tzinfo is not None else date.replace(tzinfo=UTC)


def reading_time_findings(
    post_text: PostText, stated: int | None, estimated: int, key: str | None, once: int | None
) -> list[Finding]:
    """The front matter's reading time against the estimate of the text.

    Flagged beyond a factor of READING_TIME_FACTOR; ``once`` is the estimate without the
    repeated passages (None when nothing repeats).
    """
    if stated is None:
        return []
    low, high = sorted((stated, estimated))
    if high <= READING_TIME_FACTOR * low or high - low < MIN_READING_TIME_GAP:
        return []
    without = f" ({once} without its repeats)" if once is not None and once != estimated else ""
    return [
        Finding(
            "reading-time",
            Severity.WARNING,
            f"front matter says {stated} min to read;"
            f" the text takes about {estimated} min{without}",
            line=post_text.field_line(key) if key else None,
            field=key,
        )
    ]
