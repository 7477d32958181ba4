"""Posts written in parts: parts that stop mid-sentence, parts that say again what was said."""

from __future__ import annotations

import re

from reader.model.health.blocks import (
    FENCE_MARKS,
    blocks,
    passage,
    source_end,
)
from reader.model.health.finding import Finding, Severity
from reader.model.health.place import PostText
from reader.model.text import is_cjk, one_line

# "---END---", "=== END ===", "***END OF PART 2***", "[END]".
_PART_MARKER = re.compile(
    r"^[ \t]*(?:[-=*_~#]{3,}[ \t]*END\b[^\n]*?[-=*_~#]{3,}|[\[<(]END[\]>)])[ \t]*$",
    re.MULTILINE,
)
# Letters and the marks that go on a sentence: what a sentence does not end with.
_GOES_ON = frozenset(",、，;；-–—")
# A last paragraph shorter than this may be a sign-off ("Cheers"), not a cut sentence.
_MIN_CUT_PARAGRAPH = 40
_SENTENCE_END = re.compile(r"[.!?。！？]")
_MIN_RESTART = 10  # characters said again at a part's start worth a finding
_LOOK = 400  # characters of a part's start compared with what came before


def _parts(body: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the body's parts, the last ending where the body ends."""
    spans = []
    start = 0
    for marker in _PART_MARKER.finditer(body):
        spans.append((start, marker.start()))
        start = marker.end()
    spans.append((start, len(body)))
    return spans


def _stops_mid_sentence(text: str, cjk_only: bool = False) -> int | None:
    """The offset in ``text`` of where its last prose paragraph stops short, or None.

    With ``cjk_only``, only a paragraph stopping on a Japanese or Chinese character.
    """
    end = len(text)
    while end and text[end - 1].isspace():  # not rstrip(): that copies every post's body
        end -= 1
    if not end or not (text[end - 1].isalpha() or text[end - 1] in _GOES_ON):
        return None
    if cjk_only and not is_cjk(text[end - 1]):
        return None
    text = text[:end]
    if sum(text.count(mark) for mark in FENCE_MARKS) % 2:
        return None  # inside a code block left open
    if not _SENTENCE_END.search(text):
        return None  # not written in sentences (a list of words, a generated filler)
    start = text.rfind("\n\n") + 2 if "\n\n" in text else 0
    last = next(blocks(text[start:]), None)
    if last is None or not last.prose or len(last.normal) < _MIN_CUT_PARAGRAPH:
        return None
    return len(text) - 1


def part_findings(post_text: PostText) -> list[Finding]:
    """Parts that stop mid-sentence, and parts that start by repeating earlier text.

    The end of a post without markers is checked only in Japanese or Chinese, whose
    sentences always close with a mark: a Western post may well end on a signature,
    a list of names or an emoji code.
    """
    body = post_text.body
    spans = _parts(body) if "END" in body else []
    if len(spans) < 2:
        cut = _stops_mid_sentence(body, cjk_only=True)
        return [] if cut is None else [_cut_finding(post_text, cut, None)]
    findings = []
    for number, (start, end) in enumerate(spans, start=1):
        if not body[start:end].strip():
            continue
        cut = _stops_mid_sentence(body[start:end])
        if cut is not None:
            findings.append(_cut_finding(post_text, start + cut, number))
        if number > 1:
            finding = _restart_finding(post_text, spans, number)
            if finding is not None:
                findings.append(finding)
    return findings


def _cut_finding(post_text: PostText, offset: int, part: int | None) -> Finding:
    body = post_text.body
    line_start = body.rfind("\n", 0, offset) + 1
    ending = body[max(line_start, offset - 11) : offset + 1]
    line, column = post_text.body_place(offset)
    what = f"part {part}" if part else "the post"
    return Finding(
        "cut-part" if part else "cut-end",
        Severity.WARNING,
        f"{what} stops mid-sentence: …{one_line(ending, 20)}",
        line,
        column,
        passage=passage(ending, at_end=True),
        passage_at=offset,
        passage_ends=True,  # the match ending at the cut
    )


def _restart_finding(
    post_text: PostText, spans: list[tuple[int, int]], number: int
) -> Finding | None:
    """Part ``number`` starts with text already said: the end of the last part, or earlier."""
    body = post_text.body
    start, end = spans[number - 1]
    skipped = len(body[start:end]) - len(body[start:end].lstrip())
    opening = " ".join(body[start + skipped : start + skipped + _LOOK].split())
    before = " ".join(body[: spans[number - 2][1]].split())
    low, high = 0, len(opening)
    while low < high:  # the longest start of the part said before (any shorter one is too)
        middle = (low + high + 1) // 2
        if opening[:middle] in before:
            low = middle
        else:
            high = middle - 1
    if low < _MIN_RESTART:
        return None
    said = opening[:low]
    length = f"{low}+" if low == len(opening) and end - start > _LOOK else str(low)
    previous = " ".join(body[spans[number - 2][0] : spans[number - 2][1]].split())
    where = (
        f"the end of part {number - 1}"
        if previous.endswith(said)
        else f"line {post_text.body_place(_said_offset(body, said))[0]}"
    )
    line, column = post_text.body_place(start + skipped)
    # The highlight covers what is said again (cut at a mark, or at PASSAGE_CHARACTERS).
    shown = passage(body[start + skipped : source_end(body, start + skipped, said)])
    return Finding(
        "repeated-start",
        Severity.WARNING,
        f"part {number} starts by saying again {length} characters of {where}:"
        f" {one_line(said, 30)}",
        line,
        column,
        passage=shown,
        passage_at=start + skipped,
    )


def _said_offset(body: str, said: str) -> int:
    """Where in the body ``said`` (whitespace normalised) was first said, near enough."""
    found = body.find(said[:10])
    return max(found, 0)
