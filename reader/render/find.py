"""Find text in a laid-out post as a reader sees it, whatever the line breaks.

The lines of one block (a paragraph, a list, a quote) are read as one text: a match that
a wrap cuts in two is found, and highlighted on every line it spans, so the count is the
same at every width. Matching ignores case, full-width and half-width forms (Unicode
NFKC: ``ＡＩ`` is ``AI``, ``ｶﾅ`` is ``カナ``) and white space next to Japanese and
Chinese text, which a wrap or a soft break in the source adds or takes away.
Hiragana and katakana are different letters: ``かな`` does not find ``カナ``.
Decorations drawn before a line (list marks, quote bars) are not part of the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from reader.model.text import is_cjk

DECORATION = Style.from_meta({"decoration": True})
"""Added to the style of what is drawn around text (list marks, quote bars): never found."""

_LINK_TARGET = re.compile(r"\]\([^)]*\)|<[^>]*>")
_NOT_COMPARED = re.compile(r"[\s*_~`\[\]\\]+")


@dataclass(frozen=True)
class Span:
    """Part of a match on one line: the line and its first and last-plus-one cells."""

    line: int
    start: int
    end: int


@dataclass(frozen=True)
class Match:
    """One match, in one piece or cut by line breaks into several."""

    spans: tuple[Span, ...]

    @property
    def line(self) -> int:
        """The line the match starts on."""
        return self.spans[0].line


@cache
def _fold(character: str) -> str:
    """How a character is compared: NFKC, then case folded."""
    return unicodedata.normalize("NFKC", character).casefold()


class _FoldedText:
    """Text folded for matching, each folded character knowing the cells it came from."""

    def __init__(self) -> None:
        self.characters: list[str] = []
        self.places: list[Span] = []
        self._space_pending = False

    def add(self, character: str, place: Span) -> None:
        """Add one character of the text, drawn at ``place``."""
        if character.isspace():
            self._space_pending = bool(self.characters)
            return
        for folded in _fold(character):
            self._add_folded(folded, place)

    def break_line(self) -> None:
        """A line ends: it joins the next as white space would."""
        self._space_pending = bool(self.characters)

    def _add_folded(self, folded: str, place: Span) -> None:
        if unicodedata.combining(folded) and self.characters:
            # A sound mark that stood alone (half-width ﾞ): joined to its letter.
            composed = unicodedata.normalize("NFC", self.characters[-1] + folded)
            if len(composed) == 1:
                self.characters[-1] = composed
                last = self.places[-1]
                if last.line == place.line:
                    self.places[-1] = Span(last.line, last.start, max(last.end, place.end))
                return
        if self._space_pending:
            self._space_pending = False
            # Spaces next to CJK text come and go with line breaks: they are not compared.
            if not (is_cjk(self.characters[-1]) or is_cjk(folded)):
                self.characters.append(" ")
                self.places.append(self.places[-1])
        self.characters.append(folded)
        self.places.append(place)

    @property
    def text(self) -> str:
        """The folded text."""
        return "".join(self.characters)


@lru_cache(maxsize=64)
def fold_query(query: str) -> str:
    """A query as it is compared with the text ("" when it holds nothing to find).

    Remembered: a find folds its query once for each block of the post.
    """
    folded = _FoldedText()
    for character in query:
        folded.add(character, Span(0, 0, 0))
    return folded.text


def may_hold(source: str, query: str) -> bool:
    """Whether Markdown ``source`` may show ``query`` once rendered (never wrongly False).

    Cheap: marks, link targets and white space are left out of both, nothing parsed.
    """
    needle = _NOT_COMPARED.sub("", unicodedata.normalize("NFKC", query).casefold())
    compact = _NOT_COMPARED.sub(
        "", _LINK_TARGET.sub("", unicodedata.normalize("NFKC", source).casefold())
    )
    return needle in compact


def block_text(lines: Sequence[Sequence[Segment]]) -> tuple[str, list[Span]]:
    """The folded text of a block's lines, and where each of its characters is drawn."""
    folded = _FoldedText()
    for number, line in enumerate(lines):
        cell = 0
        for segment in line:
            style = segment.style
            decoration = style is not None and style.meta.get("decoration")
            for character in segment.text:
                width = cell_len(character)
                if not decoration:
                    folded.add(character, Span(number, cell, cell + width))
                cell += width
        folded.break_line()
    return folded.text, folded.places


def find_in_block(text: str, places: Sequence[Span], query: str) -> list[Match]:
    """Every match of ``query`` in a block's folded ``text`` (from ``block_text``)."""
    needle = fold_query(query)
    if not needle:
        return []
    matches: list[Match] = []
    position = text.find(needle)
    while position != -1:
        matches.append(_match(places[position : position + len(needle)]))
        position = text.find(needle, position + len(needle))
    return matches


def _match(places: Sequence[Span]) -> Match:
    """One match from the places of its characters: a span for each line it is on."""
    spans: list[Span] = []
    for place in places:
        if spans and spans[-1].line == place.line:
            last = spans[-1]
            spans[-1] = Span(last.line, min(last.start, place.start), max(last.end, place.end))
        else:
            spans.append(place)
    return Match(tuple(spans))
