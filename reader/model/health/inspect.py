"""Every check of one post, run as it is loaded."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from reader.model.health.broken import broken_text, cut_fields
from reader.model.health.finding import Finding
from reader.model.health.front import front_matter_findings, reading_time_findings
from reader.model.health.parts import part_findings
from reader.model.health.place import PostText
from reader.model.health.repeats import find_repeats, repeat_findings
from reader.model.post import Post
from reader.model.reading_time import DEFAULT_SPEEDS, ReadingSpeeds, estimate_minutes
from reader.model.site import Site

_READING_TIME_KEYS = ("reading_time", "readingTime", "read_time")
_EXCERPT_KEYS = ("excerpt", "summary", "description")


def inspect_post(
    post: Post,
    raw: str,
    text: str,
    metadata: dict[str, Any],
    has_front_matter: bool,
    *,
    site: Site | None = None,
    now: datetime | None = None,
    speeds: ReadingSpeeds = DEFAULT_SPEEDS,
) -> list[Finding]:
    """What is wrong with ``post``, read from ``text`` (``raw`` before cleaning).

    ``site`` is the site the post belongs to (``find_site``), whose generator's rules
    the front matter is checked by. Its reading time was estimated at ``speeds``.
    """
    post_text = PostText(text, post.body)
    findings = broken_text(post_text, raw)
    findings += cut_fields(post_text, metadata, ("title", *_EXCERPT_KEYS))
    findings += part_findings(post_text)
    repeats = find_repeats(post.body)
    once = None
    if repeats is not None:
        once = estimate_minutes(repeats.text_once, speeds)
        findings += repeat_findings(post_text, repeats, post.estimated_minutes, once)
    if post.stated_minutes is not None:
        key = next((key for key in _READING_TIME_KEYS if key in metadata), None)
        findings += reading_time_findings(
            post_text, post.stated_minutes, post.estimated_minutes, key, once
        )
    if has_front_matter:
        findings += front_matter_findings(post_text, metadata, post, site, now or datetime.now(UTC))
    if len(findings) > 1:
        findings.sort(key=lambda finding: finding.line or 0)
    return findings
