"""Front matter a site generator would trip on, and a stated reading time far off."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.model.dates import split_file_name_date
from reader.model.health.finding import Finding, Severity
from reader.model.health.place import PostText

READING_TIME_FACTOR = 2
# Minutes: a post of one or two minutes' text may well say 4, counting its pictures or
# code; 8 against 24 is an error.
MIN_READING_TIME_GAP = 4
_DATE_KEYS = ("date", "publishDate", "pubdate", "published")


def front_matter_findings(
    post_text: PostText,
    metadata: dict[str, Any],
    path: Path,
    date: datetime | None,
    now: datetime,
) -> list[Finding]:
    """No title where Hugo needs one, no date where Jekyll does, a date in the future.

    Jekyll makes a title of the file name, Zola leaves it out; Hugo, whose posts are
    under ``content/``, shows an empty one.
    """
    findings = []
    title = metadata.get("title")
    in_hugo_content = f"{os.sep}content{os.sep}" in str(path)
    if in_hugo_content and (title is None or (isinstance(title, str) and not title.strip())):
        findings.append(
            Finding(
                "no-title",
                Severity.WARNING,
                "the front matter has no title: Hugo shows an empty one",
                line=post_text.field_line("title") or 1,
                field="title",
            )
        )
    in_posts = f"{os.sep}_posts{os.sep}" in str(path)  # path.parts takes ten times longer
    if in_posts and split_file_name_date(path.stem)[0] is None:
        findings.append(
            Finding(
                "no-date",
                Severity.ERROR,
                "the file name does not start with a date: Jekyll skips a post in _posts"
                " without one",
                line=1,
            )
        )
    if date is not None and _aware(date) > now:
        key = next((key for key in _DATE_KEYS if key in metadata), None)
        findings.append(
            Finding(
                "future-date",
                Severity.WARNING,
                f"dated {date.date().isoformat()}, in the future: Jekyll and Hugo do not"
                " publish it until then",
                line=post_text.field_line(key) if key else 1,
                field=key,
            )
        )
    return findings


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
