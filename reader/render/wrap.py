"""Line breaking for Japanese and other CJK text, which Rich breaks only at spaces.

Rich treats a run without spaces as one word and folds it wherever the width runs
out, so Latin words inside Japanese text are split (``Sup|erintelligence``) and lines
start with ``、`` or ``。``. Here a line may break between any two CJK characters or
between CJK and Latin text, never inside a Latin word, and the Japanese line-breaking
rules (kinsoku) keep closing punctuation off the start of a line and opening brackets
off its end.
"""

from __future__ import annotations

import re
from functools import cache

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from reader.model.text import CJK_CLASS, is_cjk


# A unit is a run of white space, a run of other non-CJK text (a Latin word with any
# punctuation stuck to it), or one CJK character.
@cache
def _unit_pattern() -> re.Pattern[str]:
    # Compiled on first use: posts without CJK text never pay for its large classes.
    return re.compile(f"\\s+|[^\\s{CJK_CLASS}]+|[{CJK_CLASS}]")


NO_LINE_START = frozenset(
    "、。，．・：；？！‼⁇⁈⁉ー―‐〜～…‥’”）〕］｝〉》」』】〙〗〟｠»%‰℃"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻ゝゞヽヾ"
    ",.:;?!)]}"
)
NO_LINE_END = frozenset("‘“（〔［｛〈《「『【〘〖〝｟«([{")


def _units(text: str) -> list[tuple[int, int]]:
    """(start, end) of each unbreakable unit, with kinsoku applied."""
    units: list[tuple[int, int]] = []
    end = 0
    after_space = True  # nothing before the first unit to join
    for piece in _unit_pattern().findall(text):
        start, end = end, end + len(piece)
        space = piece.isspace()
        joins_previous = not (space or after_space) and (
            piece[0] in NO_LINE_START or text[start - 1] in NO_LINE_END
        )
        if joins_previous:
            units[-1] = (units[-1][0], end)
        elif after_space and len(units) > 1 and piece[0] in NO_LINE_START and is_cjk(piece[0]):
            # "foo ，bar": the comma stays with the word before it, space and all.
            units[-2:] = [(units[-2][0], end)]
        else:
            units.append((start, end))
        after_space = space
    return units


def wrap_offsets(text: str, width: int) -> list[int]:
    """Where to break ``text`` (one line of it, no newlines) to fit in ``width`` cells."""
    width = max(1, width)
    breaks: list[int] = []
    line_cells = 0
    for start, end in _units(text):
        piece = text[start:end]
        cells = cell_len(piece)
        if piece.isspace():
            line_cells += cells  # trailing spaces are dropped at the break
            continue
        if line_cells and line_cells + cells > width:
            breaks.append(start)
            line_cells = 0
        if cells > width:  # a word wider than the line: fold it by cells
            for index, character in enumerate(piece):
                character_cells = cell_len(character)
                if line_cells and line_cells + character_cells > width:
                    breaks.append(start + index)
                    line_cells = 0
                line_cells += character_cells
            continue
        line_cells += cells
    return breaks


class WrappedText:
    """A Text that wraps with the rules above when it holds CJK characters."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """As Rich measures text, but CJK text can break between its characters."""
        measured = Measurement.get(console, options, self.text)
        plain = self.text.plain
        if plain.isascii() or not any(map(is_cjk, plain)):
            return measured
        narrowest = max(
            (
                cell_len(line[start:end].rstrip())
                for line in plain.split("\n")
                for start, end in _units(line)
            ),
            default=0,
        )
        return Measurement(min(narrowest, measured.minimum), measured.maximum)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        plain = self.text.plain
        if plain.isascii() or not any(map(is_cjk, plain)):
            yield self.text
            return
        width = options.max_width
        for paragraph in self.text.split("\n", allow_blank=True):
            offsets = wrap_offsets(paragraph.plain, width)
            for line in paragraph.divide(offsets):
                line.rstrip()
                yield from line.render(console)
                yield Segment.line()
