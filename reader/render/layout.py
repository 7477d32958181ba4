"""A post laid out into terminal lines, a section at a time, so huge posts open at once.

A body is cut into sections between blocks. Each section is laid out only when it is
first needed (on screen, or in the background); until then its height is estimated from
its source. A body short enough is parsed whole, with full Markdown context (footnotes,
reference links across the whole post), then cut; a long one is cut first, and each
section parsed when first needed.
"""

from __future__ import annotations

import math
import re
import time
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from rich.console import Console
from rich.segment import Segment

from reader.model.cleanup import clean_markdown
from reader.model.markdown_parser import loose_anchor
from reader.render.find import Span, block_text, find_in_block, may_hold
from reader.render.image_block import ImageBlock
from reader.render.markdown import Block, markdown_blocks

if TYPE_CHECKING:
    from reader.render.pictures import PictureBook

SPLIT_ABOVE_CHARACTERS = 64 * 1024
SECTION_CHARACTERS = 4 * 1024

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]^][^\]]*\]:\s+\S.*$", re.MULTILINE)
_LINE_BREAK = re.compile(r"\r\n?|\n")  # as markdown-it counts lines

Line = list[Segment]
_LINK_MARKS = ("](", "]:", "<http", "<mailto", "href", "<img", "![")


@dataclass
class Heading:
    """A heading of the post and the line it starts on at the current width."""

    level: int
    text: str
    line: int
    anchor: str = ""


@dataclass(frozen=True)
class SectionMatch:
    """A find match: its section, and its spans (lines counted within the section)."""

    section: int
    spans: tuple[Span, ...]

    @property
    def line(self) -> int:
        """The line within the section the match starts on."""
        return self.spans[0].line


@dataclass(frozen=True)
class Link:
    """A link on screen: its line, first and last-plus-one cells, and target."""

    line: int
    start: int
    end: int
    href: str


def links_in_line(line: Line, number: int) -> list[Link]:
    """The links in one laid-out line (segments carrying an ``href`` in their meta)."""
    links: list[Link] = []
    column = 0
    for segment in line:
        width = segment.cell_length
        href = segment.style.meta.get("href") if segment.style else None
        if isinstance(href, str) and href:
            if links and links[-1].href == href and links[-1].end == column:
                links[-1] = Link(number, links[-1].start, column + width, href)
            else:
                links.append(Link(number, column, column + width, href))
        column += width
    return links


@dataclass
class Section:
    """A run of whole Markdown blocks, parsed and laid out on demand."""

    source: str
    blocks: list[Block] | None = None
    lines: list[Line] | None = None
    block_starts: list[int] = field(default_factory=list)  # first line of each block
    estimate: int = 0
    find_texts: list[tuple[str, list[Span]]] | None = None
    """The folded text of each block as laid out (for find), made when first needed."""
    pictures: set[str] = field(default_factory=set)  # image sources drawn as pictures

    @property
    def height(self) -> int:
        """Lines this section takes: exact once laid out, estimated before."""
        return len(self.lines) if self.lines is not None else self.estimate


def lines_moved(changes: list[tuple[int, int]], line: int) -> int:
    """How far ``line`` moved when pictures changed height.

    ``changes`` comes from ``DocumentLayout.redraw_pictures``, in the order of the lines.
    """
    shift = 0
    for first_line, moved in changes:
        if first_line > line:
            break
        shift = moved
    return shift


def split_sections(markdown: str) -> list[str]:
    """Cut a long body between blocks (never inside a code fence or an indented line)."""
    if len(markdown) <= SPLIT_ABOVE_CHARACTERS:
        return [markdown]
    sections: list[str] = []
    current: list[str] = []
    size = 0
    fence: str | None = None
    previous_blank = False
    for line in markdown.splitlines(keepends=True):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)[0] * 3
        elif fence is not None and line.lstrip().startswith(fence):
            fence = None
        starts_block = previous_blank and fence is None and line[:1] not in (" ", "\t", "\n", "")
        if starts_block and size >= SECTION_CHARACTERS:
            sections.append("".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line)
        previous_blank = not line.strip()
    sections.append("".join(current))
    return _with_definitions(sections, markdown)


def _with_definitions(sections: list[str], markdown: str) -> list[str]:
    """Reference-style links may be defined anywhere: every section of several gets them."""
    if len(sections) == 1:
        return sections
    definitions = "\n\n" + "\n".join(_REFERENCE_DEFINITION.findall(markdown))
    return [section + definitions for section in sections]


def parsed_sections(
    markdown: str, generator: str = "", page: Mapping[str, Any] | None = None
) -> list[Section]:
    """A body parsed whole, cut between blocks into sections of about SECTION_CHARACTERS.

    Each section keeps the Markdown of its blocks, to estimate its height and to look for
    text before laying it out. Footnotes, gathered at the end from anywhere, keep a body
    in one section.
    """
    blocks = markdown_blocks(markdown, generator, page)
    line_starts = [0, *(match.end() for match in _LINE_BREAK.finditer(markdown))]
    starts = [0]  # where each section's Markdown starts
    groups: list[list[Block]] = [[]]
    for block in blocks:
        if block.first_line is None:
            return [Section(markdown, blocks)]
        start = line_starts[block.first_line]
        if groups[-1] and start - starts[-1] >= SECTION_CHARACTERS:
            starts.append(start)
            groups.append([])
        groups[-1].append(block)
    sources = [markdown[start:end] for start, end in pairwise([*starts, len(markdown)])]
    return [
        Section(source, group)
        for source, group in zip(_with_definitions(sources, markdown), groups, strict=True)
    ]


def _estimate_height(source: str, width: int) -> int:
    lines = 0
    for line in source.splitlines():
        cells = len(line) * (1 if line.isascii() else 2)
        lines += max(1, math.ceil(cells / max(width, 1)))
    return lines


class DocumentLayout:
    """The lines of a post at one width, laid out lazily, section by section."""

    def __init__(
        self,
        markdown: str,
        console: Console,
        pictures: PictureBook | None = None,
        generator: str = "",
        page: Mapping[str, Any] | None = None,
    ) -> None:
        """Lay out ``markdown``, the body of a post with front matter ``page``.

        ``generator`` ("jekyll", "hugo", "zola", or "" when unknown) gives the rule for
        heading ids; ``pictures`` draws the images standing alone, when given.
        """
        self.console = console
        self.pictures = pictures
        self.generator = generator
        self.page = page
        sources = split_sections(clean_markdown(markdown, page))
        self._parsed_whole = len(sources) == 1
        self.sections = (
            parsed_sections(sources[0], generator, page)
            if self._parsed_whole
            else [Section(source) for source in sources]
        )
        self.width = 0
        self._starts: list[int] = [0]
        self.version = 0  # counts changes of line positions, for caches of them

    def set_width(self, width: int) -> None:
        """Forget the lines laid out at another width (the parsed blocks are kept)."""
        if width == self.width:
            return
        self.width = width
        for section in self.sections:
            section.lines = None
            section.estimate = _estimate_height(section.source, width)
        self._recount()

    def _recount(self) -> None:
        self.version += 1
        starts = [0]
        for section in self.sections:
            starts.append(
                starts[-1] + section.height + (1 if section is not self.sections[-1] else 0)
            )
        self._starts = starts

    @property
    def height(self) -> int:
        """Total lines (estimated where sections are not laid out yet)."""
        return self._starts[-1]

    @property
    def complete(self) -> bool:
        """Whether every section is laid out at the current width."""
        return all(section.lines is not None for section in self.sections)

    def section_index(self, line: int) -> int:
        """The section that line ``line`` is in."""
        return self._section_at(line)

    def may_hold_links(self, index: int) -> bool:
        """Whether section ``index`` can show a link (laid out sections are simply read)."""
        section = self.sections[index]
        return section.lines is not None or any(mark in section.source for mark in _LINK_MARKS)

    def section_start(self, index: int) -> int:
        """The first line of section ``index`` (one past the last: the end of the post)."""
        return self._starts[index]

    def _section_at(self, line: int) -> int:
        return min(bisect_right(self._starts, line) - 1, len(self.sections) - 1)

    def lay_out_section(self, index: int) -> int:
        """Lay out section ``index``; return how many lines its height changed by."""
        section = self.sections[index]
        if section.lines is not None:
            return 0
        before = section.height
        blocks = self._parse_section(section)
        options = self.console.options.update(
            width=self.width, min_width=self.width, max_width=self.width, height=None
        )
        lines: list[Line] = []
        starts: list[int] = []
        section.pictures = set()
        for block in blocks:
            if lines:
                lines.append([])
            starts.append(len(lines))
            if self.pictures is not None and isinstance(block.renderable, ImageBlock):
                section.pictures.add(block.renderable.source)
                lines.extend(self.pictures.lines(block.renderable, self.console, self.width))
                continue
            lines.extend(
                self.console.render_lines(block.renderable, options, pad=False, new_lines=False)
            )
        section.lines = lines
        section.block_starts = starts
        section.find_texts = None
        self._recount()
        return section.height - before

    def redraw_pictures(self, sources: set[str] | None = None) -> list[tuple[int, int]]:
        """Lay out again the sections showing ``sources`` (None: every picture).

        Returns where lines moved, for ``lines_moved``: from each block's old first line
        on (and from the end of each section), how far the lines went down.
        """
        changes: list[tuple[int, int]] = []
        moved = 0  # the growth of the sections laid out again so far
        for index, section in enumerate(self.sections):
            if section.lines is None or not section.pictures:
                continue
            if sources is not None and not section.pictures & sources:
                continue
            old_start = self._starts[index] - moved
            old_height, old_block_starts = section.height, section.block_starts
            section.lines = None
            delta = self.lay_out_section(index)
            if not delta:
                continue
            changes += [
                (old_start + old, moved + new - old)
                for old, new in zip(old_block_starts, section.block_starts, strict=True)
            ]
            moved += delta
            changes.append((old_start + old_height, moved))
        return changes

    def _parse_section(self, section: Section) -> list[Block]:
        if section.blocks is None:
            section.blocks = markdown_blocks(section.source, self.generator, self.page)
        return section.blocks

    def heading_line(self, anchor: str) -> int | None:
        """The line of the heading with id ``anchor``, laid out; None when there is none.

        An id written for another generator's slugs (or by hand) is matched loosely
        when no heading has it exactly. An empty anchor (``#``, ``#top``) is the top.
        """
        wanted = unquote(anchor)
        if wanted in ("", "top"):
            return 0
        loose = loose_anchor(wanted)
        near: tuple[int, int] | None = None
        for index, section in enumerate(self.sections):
            for number, block in enumerate(self._parse_section(section)):
                if not block.heading_level:
                    continue
                if block.heading_id == wanted:
                    return self._block_line(index, number)
                if near is None and loose in {
                    loose_anchor(block.heading_id),
                    loose_anchor(block.heading_text),
                }:
                    near = (index, number)
        return self._block_line(*near) if near is not None and loose else None

    def _block_line(self, index: int, number: int) -> int:
        self.lay_out_section(index)
        return self._starts[index] + self.sections[index].block_starts[number]

    def lay_out_lines(self, first: int, count: int) -> None:
        """Lay out every section that lines ``first`` to ``first + count`` fall in."""
        index = self._section_at(first)
        while index < len(self.sections) and self._starts[index] < first + count:
            self.lay_out_section(index)
            index += 1

    def lay_out_place(self, line: int, count: int) -> None:
        """Lay out lines ``line`` to ``line + count`` to show a place kept from a visit.

        A body parsed whole is laid out down to there, so that the place shows the text it
        did when kept (the body was laid out in full by then). In a long body the place is
        where the estimates put it: laying out all that is above could take seconds.
        """
        first = 0 if self._parsed_whole else line
        self.lay_out_lines(first, line + count - first)

    def lay_out_next(self, view_top: int) -> int | None:
        """Lay out the first section not laid out yet.

        Returns how many lines it added above ``view_top`` (0 when it is below), so a
        view can keep showing the same text; None when everything is laid out.
        """
        for index, section in enumerate(self.sections):
            if section.lines is None:
                above = self._starts[index] + section.height <= view_top
                delta = self.lay_out_section(index)
                return delta if above else 0
        return None

    def find(
        self, query: str, budget_seconds: float | None = None
    ) -> tuple[list[SectionMatch], bool]:
        """Matches of ``query`` in the text as shown, and whether every section was searched.

        A match may span lines (cut by a wrap, a soft break or markup); see
        reader.render.find. Only the sections whose source may hold the query are laid
        out, so a rare word in a huge post costs a section's layout, not the whole
        post's. With a budget, sections not laid out yet are skipped once it is spent
        (search again when they are).
        """
        if not query.strip():
            return [], True
        deadline = None if budget_seconds is None else time.monotonic() + budget_seconds
        complete = True
        found: list[SectionMatch] = []
        for index, section in enumerate(self.sections):
            if not may_hold(section.source, query):
                continue
            if section.lines is None and deadline is not None and time.monotonic() > deadline:
                complete = False
                continue
            self.lay_out_section(index)
            for first_line, (text, places) in zip(
                section.block_starts, self._find_texts(section), strict=True
            ):
                found.extend(
                    SectionMatch(
                        index,
                        tuple(
                            Span(first_line + span.line, span.start, span.end)
                            for span in match.spans
                        ),
                    )
                    for match in find_in_block(text, places, query)
                )
        return found, complete

    @staticmethod
    def _find_texts(section: Section) -> list[tuple[str, list[Span]]]:
        """The folded text of each block of a laid-out section, kept until laid out anew."""
        if section.find_texts is None:
            lines = section.lines or []
            ends = [*section.block_starts[1:], len(lines) + 1]
            section.find_texts = [
                block_text(lines[start : end - 1])
                for start, end in zip(section.block_starts, ends, strict=True)
            ]
        return section.find_texts

    def anchor(self, line: int) -> tuple[int, int, float]:
        """Where ``line`` is in the text: (section, block, how far into the block).

        The same text can be found again after the post is laid out at another width.
        """
        index = self._section_at(line)
        section = self.sections[index]
        offset = line - self._starts[index]
        if section.lines is None or not section.block_starts:
            return index, -1, offset / max(1, section.height)
        block = bisect_right(section.block_starts, offset) - 1
        start = section.block_starts[block]
        ends = [*section.block_starts[1:], len(section.lines) + 1]
        return index, block, (offset - start) / max(1, ends[block] - 1 - start)

    def line_at(self, anchor: tuple[int, int, float]) -> int:
        """The line an anchor from ``anchor`` is on now (laying out its section)."""
        index, block, fraction = anchor
        index = min(index, len(self.sections) - 1)
        self.lay_out_section(index)
        section = self.sections[index]
        if block < 0 or block >= len(section.block_starts):
            return self._starts[index] + round(fraction * section.height)
        start = section.block_starts[block]
        ends = [*section.block_starts[1:], len(section.lines or []) + 1]
        return self._starts[index] + start + round(fraction * (ends[block] - 1 - start))

    def line_of(self, match: SectionMatch) -> int:
        """The line a match starts on now (it moves as sections above it are laid out)."""
        return self._starts[match.section] + match.line

    def span_lines(self, match: SectionMatch) -> list[tuple[int, Span]]:
        """The line each span of a match is on now, with the span."""
        start = self._starts[match.section]
        return [(start + span.line, span) for span in match.spans]

    def line(self, index: int) -> Line:
        """Line ``index``, laying out its section if needed; blank past the end."""
        if not 0 <= index < self.height:
            return []
        section_index = self._section_at(index)
        self.lay_out_section(section_index)
        section = self.sections[section_index]
        offset = index - self._starts[section_index]
        assert section.lines is not None
        return section.lines[offset] if offset < len(section.lines) else []

    def headings(self) -> list[Heading]:
        """The headings of the sections laid out so far, with their lines."""
        return [
            Heading(
                block.heading_level,
                block.heading_text,
                self._starts[index] + offset,
                block.heading_id,
            )
            for index, section in enumerate(self.sections)
            for block, offset in zip(section.blocks or [], section.block_starts, strict=False)
            if block.heading_level
        ]
