"""Pictures as coloured half blocks (``▀``), which every colour terminal shows.

A cell shows two pixels: the upper one its foreground, the lower one its background.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.color import Color
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style

if TYPE_CHECKING:
    from PIL import Image

Line = list[Segment]
HALF_BLOCK = "▀"


@lru_cache(maxsize=4096)  # bounded: a photo has thousands of colours
def _truecolor(red: int, green: int, blue: int) -> Color:
    """One shared colour object per colour (diagrams and screenshots repeat theirs)."""
    return Color.from_rgb(red, green, blue)


def centring(columns: int, width: int) -> Line:
    """The margin that centres ``columns`` cells in ``width``."""
    return [Segment(" " * ((width - columns) // 2))] if width > columns else []


def half_block_row(picture: Image.Image, row: int, width: int) -> Line:
    """Row ``row`` of ``picture`` in half blocks, centred in ``width`` cells.

    The row shows the picture's pixel rows ``2 row`` (foreground) and ``2 row + 1``.
    """
    pixels = picture.load()
    assert pixels is not None
    columns, rows = picture.size
    top = 2 * row
    line = centring(columns, width)
    for x in range(columns):
        upper = pixels[x, top]
        lower = pixels[x, top + 1] if top + 1 < rows else None
        assert isinstance(upper, tuple)
        line.append(
            Segment(
                HALF_BLOCK,
                Style.from_color(
                    _truecolor(*upper[:3]),
                    _truecolor(*lower[:3]) if isinstance(lower, tuple) else None,
                ),
            )
        )
    return line


def half_block_lines(picture: Image.Image, width: int) -> list[Line]:
    """``picture`` (RGB) as lines of half blocks, centred in ``width`` cells."""
    return [half_block_row(picture, row, width) for row in range(math.ceil(picture.height / 2))]


@dataclass
class LaidOutLines:
    """Lines already laid out, as a renderable."""

    lines: list[Line]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Each line, then a line break."""
        for line in self.lines:
            yield from line
            yield Segment.line()


@dataclass
class HalfBlockPicture:
    """A decoded picture as a Rich renderable of half blocks (the full-screen view)."""

    picture: Image.Image

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """The rows of half blocks, centred in the width given."""
        yield LaidOutLines(half_block_lines(self.picture, options.max_width))
