"""The paragraphs of a post's body, found cheaply enough to look at every post."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
FENCE_MARKS = ("```", "~~~")
# What starts a block that is not prose: a heading, list item, quote, table, HTML,
# site syntax, an indented line, a link or image on its own, a rule or a part marker.
_NOT_PROSE = re.compile(r"[#>|<{\[!=\-+ \t]|[*_]{3}|[*+] |\d+[.)][ \t]|---")


@dataclass(frozen=True, slots=True)
class Block:
    """A run of non-blank lines of the body, where it starts and whether it is prose."""

    offset: int
    text: str
    prose: bool

    @property
    def normal(self) -> str:
        """The text with each run of whitespace as one space."""
        return " ".join(self.text.split())


def blocks(body: str) -> Iterator[Block]:
    """The body's blocks in order; those inside fenced code are never prose."""
    start = 0
    in_fence = False
    for match in _BLANK_LINES.finditer(body):
        block = _block(body, start, match.start(), in_fence)
        if block is not None:
            in_fence = _still_in_fence(block.text, in_fence)
            yield block
        start = match.end()
    block = _block(body, start, len(body), in_fence)
    if block is not None:
        yield block


def _block(body: str, start: int, end: int, in_fence: bool) -> Block | None:
    text = body[start:end]
    stripped = text.lstrip("\n")
    if not stripped.strip():
        return None
    start += len(text) - len(stripped)
    prose = not in_fence and not _NOT_PROSE.match(stripped) and "```" not in stripped
    return Block(start, stripped.rstrip(), prose)


def _still_in_fence(text: str, in_fence: bool) -> bool:
    """Whether a fence is open after ``text`` (each fence line opens or closes one)."""
    marks = sum(text.count(mark) for mark in FENCE_MARKS)
    return in_fence != bool(marks % 2)


PASSAGE_CHARACTERS = 6  # short, so that a line break seldom cuts it on screen
_MARKUP = re.compile(r"[*_`\[\]<>#|~\\]")


def passage(text: str, at_end: bool = False) -> str:
    """A few characters of ``text`` as the post view shows them: its start (or end).

    Taken from a run without Markdown marks or line breaks, so that a find on the
    rendered text meets it.
    """
    runs = [run.strip() for part in _MARKUP.split(text) for run in part.split("\n")]
    runs = [run for run in runs if run]
    if not runs:
        return ""
    return runs[-1][-PASSAGE_CHARACTERS:] if at_end else runs[0][:PASSAGE_CHARACTERS]
