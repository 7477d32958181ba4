"""Paragraphs and sentences a body says more than once, and the body with them folded."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.model.cleanup import PLACEHOLDER_TAG
from reader.model.health.blocks import Block, blocks, source_end
from reader.model.health.blocks import passage as blocks_passage
from reader.model.health.finding import Finding, Severity
from reader.model.health.place import PostText
from reader.model.text import one_line

MIN_REPEAT_CHARACTERS = 20
# A share of repeated text worth a warning; one worth a note (below it, the repeats
# are reported one by one only).
WARNING_SHARE = 0.10
NOTE_SHARE = 0.05
# Sentence ends: Western ones before a space, CJK ones anywhere, a closing quote or
# bracket staying with its sentence.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'”’)]?\s+|(?<=[。！？])[」』）”]*\s*")


@dataclass
class Occurrences:
    """Where one repeated passage is: the body offset of each time it is said."""

    text: str
    offsets: list[int] = field(default_factory=list)


@dataclass
class Repeats:
    """The repeated paragraphs and sentences of a body, and how much of it they are."""

    paragraphs: list[Occurrences]
    sentences: list[Occurrences]
    repeated_characters: int
    total_characters: int
    text_once: str  # the body's text with each repeat left out

    @property
    def share(self) -> float:
        """The part of the body's characters that repeat earlier text (0 to 1)."""
        return self.repeated_characters / self.total_characters if self.total_characters else 0


def _sentences(normal: str) -> list[str]:
    return [sentence for sentence in _SENTENCE_BREAK.split(normal) if sentence]


def _sentence_offset(block: Block, sentence: str, cursor: int) -> int:
    """Where ``sentence`` starts in the block's text, looking from ``cursor``."""
    first_word = sentence.split(" ", 1)[0][:12]
    found = block.text.find(first_word, cursor)
    return found if found != -1 else cursor


def may_repeat(body: str) -> bool:
    """Whether ``body`` may say a sentence or a paragraph twice: a quick test of every post.

    The text between sentence ends (。 in Japanese and Chinese, else .), or paragraphs,
    that occur twice as written. A repeat written with other line breaks each time is
    missed; one that passes is looked at closer by ``find_repeats``. Paragraphs, not
    lines: code says its lines again far more often than prose, and only prose counts.
    """
    return _said_twice(body.split("。" if "。" in body else ".")) or _said_twice(body.split("\n\n"))


def _said_twice(pieces: list[str]) -> bool:
    long = [piece.strip() for piece in pieces if len(piece) >= MIN_REPEAT_CHARACTERS]
    return len(set(long)) < len(long)


def find_repeats(body: str) -> Repeats | None:
    """The paragraphs and sentences of prose said more than once (None when none are).

    Compared with whitespace normalised; at least MIN_REPEAT_CHARACTERS long. A
    repeated paragraph's sentences are not counted again.
    """
    if not may_repeat(body):
        return None
    paragraph_places: dict[str, Occurrences] = {}
    sentence_places: dict[str, Occurrences] = {}
    kept: list[str] = []
    repeated = total = 0
    for block in blocks(body):
        normal = block.normal
        total += len(normal)
        if not block.prose or len(normal) < MIN_REPEAT_CHARACTERS:
            kept.append(normal)
            continue
        seen = paragraph_places.get(normal)
        if seen is not None:
            seen.offsets.append(block.offset)
            repeated += len(normal)
            continue
        paragraph_places[normal] = Occurrences(normal, [block.offset])
        cursor = 0
        for sentence in _sentences(normal):
            cursor = _sentence_offset(block, sentence, cursor)
            if len(sentence) < MIN_REPEAT_CHARACTERS:
                kept.append(sentence)
                continue
            places = sentence_places.setdefault(sentence, Occurrences(sentence))
            places.offsets.append(block.offset + cursor)
            if len(places.offsets) > 1:
                repeated += len(sentence)
            else:
                kept.append(sentence)
    if not repeated:
        return None
    paragraphs = [places for places in paragraph_places.values() if len(places.offsets) > 1]
    sentences = [
        places
        for places in sentence_places.values()
        if len(places.offsets) > 1 and places.text not in paragraph_places
    ]
    return Repeats(paragraphs, sentences, repeated, total, "\n\n".join(kept))


def repeat_findings(
    post_text: PostText, repeats: Repeats, estimate: int, once: int
) -> list[Finding]:
    """A finding for each repeated paragraph and sentence, and one for their share.

    ``estimate`` and ``once`` are the body's reading times with and without its repeats.
    """
    findings = [
        _repeat_finding(post_text, places, "paragraph", Severity.WARNING)
        for places in repeats.paragraphs
    ]
    findings += [
        _repeat_finding(post_text, places, "sentence", Severity.NOTE)
        for places in repeats.sentences
    ]
    first = min(
        (places.offsets[1] for places in [*repeats.paragraphs, *repeats.sentences]), default=0
    )
    if repeats.share < NOTE_SHARE:
        return findings
    line, column = post_text.body_place(first)
    read_once = f"; read once it takes about {once} min, not {estimate}" if once < estimate else ""
    findings.append(
        Finding(
            "repeated-text",
            Severity.WARNING if repeats.share >= WARNING_SHARE else Severity.NOTE,
            f"{repeats.share:.0%} of the body repeats earlier text"
            f" ({repeats.repeated_characters:,} of {repeats.total_characters:,} characters)"
            f"{read_once}",
            line,
            column,
        )
    )
    return findings


def _repeat_finding(
    post_text: PostText, places: Occurrences, what: str, severity: Severity
) -> Finding:
    lines = [post_text.body_place(offset)[0] for offset in places.offsets]
    line, column = post_text.body_place(places.offsets[1])
    body, start = post_text.body, places.offsets[1]
    # The highlight covers the paragraph or sentence said again (its first run of text).
    passage = blocks_passage(body[start : source_end(body, start, places.text)])
    return Finding(
        f"repeated-{what}",
        severity,
        f"{what} said {len(places.offsets)} times (lines {', '.join(map(str, lines))}):"
        f" {one_line(places.text, 40)}",
        line,
        column,
        passage=passage,
        passage_at=start,
    )


@dataclass(frozen=True)
class FoldedBody:
    """A body with each run of repeated paragraphs shown as one line."""

    markdown: str
    paragraphs: int  # how many paragraphs were folded away
    characters: int  # and their characters


def fold_repeats(body: str, first_line: int = 1) -> FoldedBody:
    """The body with its repeated paragraphs folded: "repeats ¶ 12 (line 30) — 3 paragraphs".

    ¶ numbers count the body's blocks from 1, and the line is where that ¶ is in the
    file, whose body starts on ``first_line``; the line is dimmed (a placeholder).
    """
    first_number: dict[str, int] = {}
    first_offset: dict[int, int] = {}
    pieces: list[str] = []
    position = folded = characters = 0
    run: list[tuple[Block, int]] = []  # the repeated blocks in a row, with their first ¶

    def close_run() -> None:
        nonlocal position
        if not run:
            return
        start, end = run[0][0].offset, run[-1][0].offset + len(run[-1][0].text)
        count, number = len(run), run[0][1]
        line = first_line + body.count("\n", 0, first_offset[number])
        label = f"repeats ¶ {number} (line {line})" + (
            f" — {count} paragraphs" if count > 1 else ""
        )
        pieces.append(body[position:start])
        pieces.append(f"<{PLACEHOLDER_TAG}>{label}</{PLACEHOLDER_TAG}>")
        position = end
        run.clear()

    for number, block in enumerate(blocks(body), start=1):
        normal = block.normal
        earlier = first_number.get(normal)
        if block.prose and len(normal) >= MIN_REPEAT_CHARACTERS and earlier is not None:
            run.append((block, earlier))
            folded += 1
            characters += len(normal)
            continue
        close_run()
        if first_number.setdefault(normal, number) == number:
            first_offset[number] = block.offset
    close_run()
    pieces.append(body[position:])
    return FoldedBody("".join(pieces), folded, characters)
