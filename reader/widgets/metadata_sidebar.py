"""The sidebar with a post's front matter, reading time and problems."""

from __future__ import annotations

import re
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from reader.model.details import detail_rows
from reader.model.health.finding import Severity
from reader.model.health.report import finding_text
from reader.model.post import PostSummary
from reader.render.wrap import WrappedText

_LABEL = Style(bold=True, color="bright_cyan")
_PROBLEMS = Style(bold=True, color="red")
SEVERITY_STYLES = {
    Severity.ERROR: Style(color="red", bold=True),
    Severity.WARNING: Style(color="yellow"),
    Severity.NOTE: Style(dim=True),
}
# A file name may break after these, so no line ends inside a word of it.
_PATH_BREAK = re.compile(r"(?<=[/\\_.-])")


class PathText:
    """A file path wrapped after ``/``, ``-``, ``_`` or ``.``, never inside a word.

    Only a word wider than the whole line is folded where the line ends.
    """

    def __init__(self, path: str) -> None:
        self.path = path

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """As narrow as its longest piece, as wide as the whole path."""
        pieces = _PATH_BREAK.split(self.path)
        return Measurement(max(map(cell_len, pieces), default=0), cell_len(self.path))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width)
        line = ""
        for piece in _PATH_BREAK.split(self.path):
            if line and cell_len(line + piece) > width:
                yield from (Segment(line), Segment.line())
                line = ""
            line += piece
            while cell_len(line) > width:  # one word wider than the line
                head = Text(line)
                head.truncate(width)
                yield from (Segment(head.plain), Segment.line())
                line = line[len(head.plain) :]
        yield from (Segment(line), Segment.line())


def details_table(post: PostSummary) -> Table:
    """The post's details, a label over each value so narrow sidebars still read well.

    Its problems are a section, "Problems", each with its severity and place.
    """
    table = Table.grid(padding=(0, 0))
    table.add_column(overflow="fold")
    for label, value in detail_rows(post):
        if label == "File":
            table.add_row(Text(label, style=_LABEL))
            table.add_row(PathText(value))
        elif label != "Problem":
            table.add_row(Text(label, style=_LABEL))
            table.add_row(WrappedText(Text(value)))
        elif value == finding_text(post.problems[0]):  # the section, in the first one's place
            _add_problems(table, post)
    return table


def _add_problems(table: Table, post: PostSummary) -> None:
    table.add_row(Text(f"Problems ({len(post.problems)})", style=_PROBLEMS))
    for finding in post.problems:
        line = Text.assemble(
            (f"{finding.severity.value}: ", SEVERITY_STYLES[finding.severity]),
            finding_text(finding),
        )
        table.add_row(WrappedText(line))


class MetadataSidebar(VerticalScroll):
    """Shows one post's metadata; ``show_post`` replaces it."""

    DEFAULT_CSS = """
    MetadataSidebar {
        width: 38;
        border-left: vkey $panel-lighten-2;
        padding: 0 1;
        background: $surface;

        &:focus {
            border-left: vkey $accent;
        }
    }
    """

    BINDINGS = [
        Binding("j,down", "scroll_lines(1)", "Down", show=False),
        Binding("k,up", "scroll_lines(-1)", "Up", show=False),
        Binding("space,pagedown", "scroll_pages(1)", "Page down", show=False),
        Binding("b,pageup", "scroll_pages(-1)", "Page up", show=False),
        Binding("g,home", "scroll_to_end(0)", "Top", show=False),
        Binding("G,end", "scroll_to_end(1)", "Bottom", show=False),
    ]

    def action_scroll_lines(self, count: int) -> None:
        """Scroll ``count`` lines down (negative: up), at once."""
        self.scroll_to(y=self.scroll_y + count, animate=False)

    def action_scroll_pages(self, pages: int) -> None:
        """Scroll a page down (negative: up), at once: a long list of problems reads fast."""
        height = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_y + pages * height, animate=False)

    def action_scroll_to_end(self, end: int) -> None:
        """Go to the top (0) or the bottom (1), at once."""
        self.scroll_to(y=self.max_scroll_y if end else 0, animate=False)

    def compose(self) -> ComposeResult:
        """The one Static that holds the details."""
        yield Static(id="details")

    def show_post(self, post: PostSummary | None) -> None:
        """Show ``post``'s details (or nothing)."""
        details = self.query_one("#details", Static)
        details.update(details_table(post) if post else Text("No post selected", style="dim"))
        self.scroll_home(animate=False)


def toggle_sidebar(screen: Screen[Any]) -> bool:
    """Hide the screen's sidebar if it shows, else show it; return whether it shows now.

    The choice overrides the automatic rule (hidden under 100 columns) until toggled
    again, whatever the terminal's width does meanwhile.
    """
    visible = screen.query_one(MetadataSidebar).display
    screen.set_class(visible, "-sidebar-hidden")
    screen.set_class(not visible, "-sidebar-shown")
    return not visible
