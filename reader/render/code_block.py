"""A code block that wraps with a mark, so a wrapped line never looks like two.

Each line of code too wide for the pane goes on over the next lines, each of them with
``↪`` in the two-column gutter at the left of the block (where other lines have spaces).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style

from reader.render.find import DECORATION

GUTTER = "  "
CONTINUED = "↪ "
THEME = "monokai"


class CodeBlock:
    """``code`` highlighted as ``language`` on the theme's background, wrapped with marks."""

    def __init__(self, code: str, language: str, mark_style: Style) -> None:
        self.code = code.rstrip("\n")
        self.language = language
        self.mark_style = mark_style + DECORATION  # a find looks past the gutter

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """At least a character beside the gutter; at most the longest line beside it."""
        longest = max((cell_len(line) for line in self.code.splitlines()), default=0)
        return Measurement(len(GUTTER) + 1, len(GUTTER) + max(1, longest))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Imported here: it brings Pygments, which posts without code never need.
        from rich.syntax import Syntax

        width = max(1, options.max_width - len(GUTTER))
        syntax = Syntax(self.code, self.language or "text", theme=THEME)
        background = Syntax.get_theme(THEME).get_background_style()
        text = syntax.highlight(self.code)
        text.rstrip()  # Pygments ends the code with a new line
        for line in text.split("\n", allow_blank=True):
            line.rstrip()
            pieces = line.wrap(console, width, overflow="fold", no_wrap=False)  # Syntax says no
            for number, piece in enumerate(pieces):
                yield Segment(CONTINUED if number else GUTTER, self.mark_style)
                piece.truncate(width, pad=True)
                piece.stylize(background)
                yield from piece.render(console)
                yield Segment.line()
