"""A renderable drawn after a prefix: list markers and quote bars."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style

from reader.render.find import DECORATION


class Prefixed:
    """Render ``body`` in the width left after a prefix on each line.

    The first line gets ``first`` (a list marker such as ``"3. "``), the others ``rest``
    (spaces, or a quote bar), so wrapped lines stay aligned under the text.
    """

    def __init__(
        self, body: RenderableType, first: str, rest: str, style: Style | str = ""
    ) -> None:
        self.body = body
        self.first = first
        self.rest = rest
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width - cell_len(self.rest))
        style = console.get_style(self.style) if isinstance(self.style, str) else self.style
        style += DECORATION  # a find looks past it
        lines = console.render_lines(self.body, options.update_width(width), pad=False)
        for index, line in enumerate(lines):
            yield Segment(self.first if index == 0 else self.rest, style)
            yield from line
            yield Segment.line()
