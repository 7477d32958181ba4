"""Across a library: posts with the same title or the same body, reported on each."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from reader.model.health.digest import BODY_START, whole_body_digest
from reader.model.health.finding import Finding, Severity
from reader.model.post import Post, PostSummary
from reader.model.text import one_line

LIBRARY_KINDS = frozenset({"duplicate-title", "duplicate-body"})


_LANGUAGE = re.compile(r"\.([a-z]{2,3}(?:-[A-Za-z]{2,4})?)$")


def _title_key(post: PostSummary) -> tuple[str, str]:
    """The title, and the language of a Hugo or Zola translation (``index.ca.md``).

    A translation may keep the title of the page it translates.
    """
    language = _LANGUAGE.search(post.path.stem)
    return " ".join(post.title.split()).casefold(), language.group(1) if language else ""


def library_findings(posts: Iterable[PostSummary]) -> dict[Path, list[Finding]]:
    """The files of posts that share a title or a body with another, with their findings.

    Bodies are compared by ``PostSummary.body_digest`` (whitespace normalised; empty bodies
    have none); two posts with the same body are not said to share their title as well.
    Linear in the number of posts; posts whose long bodies start alike are read again to
    compare them whole.
    """
    by_title: dict[tuple[str, str], list[PostSummary]] = {}
    by_body: dict[str, list[PostSummary]] = {}
    for post in posts:
        if post.binary:
            continue
        by_title.setdefault(_title_key(post), []).append(post)
        if post.body_digest:
            by_body.setdefault(post.body_digest, []).append(post)
    found: dict[Path, list[Finding]] = {}
    same_bodies = [same for group in by_body.values() for same in _same_bodies(group)]
    same_body_as = {
        id(post): {id(other) for other in group} for group in same_bodies for post in group
    }
    for kind, groups in (("title", list(by_title.values())), ("body", same_bodies)):
        for group in groups:
            if len(group) < 2:
                continue
            for post in group:
                # The same body says the same title too: one finding per other post.
                said = same_body_as.get(id(post), set()) if kind == "title" else set()
                others = [other for other in group if other is not post and id(other) not in said]
                if not others:
                    continue
                names = ", ".join(one_line(str(other.path_in_library), 80) for other in others[:3])
                more = f" and {len(others) - 3} more" if len(others) > 3 else ""
                found.setdefault(post.path, []).append(
                    Finding(
                        f"duplicate-{kind}",
                        Severity.WARNING,
                        f"the same {kind} as {names}{more}",
                        line=1 if kind == "body" else None,
                        field="title" if kind == "title" else None,
                    )
                )
    return found


def _same_bodies(group: list[PostSummary]) -> list[list[PostSummary]]:
    """The posts of ``group`` (of one digest) in groups of the very same body.

    A digest of the start of a long body (see ``body_digest``) is checked on the whole
    body, read from the file again unless the post holds it.
    """
    if len(group) < 2 or not group[0].body_digest.startswith(BODY_START):
        return [group]
    from reader.model.post_loader import whole_post  # seldom needed: not at start-up
    from reader.model.reading_time import DEFAULT_SPEEDS  # any: only the body is used

    by_digest: dict[str, list[PostSummary]] = {}
    for post in group:
        body = post.body if isinstance(post, Post) else whole_post(post, DEFAULT_SPEEDS).body
        digest = whole_body_digest(body)
        if digest:
            by_digest.setdefault(digest, []).append(post)
    return list(by_digest.values())


def add_library_findings(posts: list[PostSummary]) -> list[PostSummary]:
    """Replace each post's library-wide findings with those of ``posts`` as they are now.

    Returns the posts whose findings changed.
    """
    found = library_findings(posts)
    changed = []
    for post in posts:
        own = [finding for finding in post.problems if finding.kind not in LIBRARY_KINDS]
        updated = own + found.get(post.path, [])
        if updated != post.problems:
            post.problems = updated
            changed.append(post)
    return changed
