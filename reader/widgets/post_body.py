"""The rendered Markdown body of a post, drawn line by line.

Only the lines on screen are drawn (Textual's line API); the Markdown is laid out once
per width, not once per block widget as the stock Markdown widget does.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.render.markdown import Block, markdown_blocks


@dataclass
class Heading:
    """A heading of the post and the line it starts on at the current width."""

    level: int
    text: str
    line: int


class PostBody(ScrollView, can_focus=True):
    """A scrollable, keyboard-driven view of one post's Markdown."""

    BINDINGS = [
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
        Binding("space,pagedown", "page_down", "Page down", show=False),
        Binding("b,pageup", "page_up", "Page up", show=False),
        Binding("d", "half_page(1)", "Half page down", show=False),
        Binding("u", "half_page(-1)", "Half page up", show=False),
        Binding("g,home", "scroll_home", "Top", show=False),
        Binding("G,end", "scroll_end", "Bottom", show=False),
    ]

    @dataclass
    class LaidOut(Message):
        """The body was laid out at a new width; headings carry their lines."""

        body: PostBody
        headings: list[Heading]

    def __init__(self, markdown: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._blocks: list[Block] = markdown_blocks(markdown)
        self._lines: list[Strip] = []
        self._laid_out_width = 0
        self.headings: list[Heading] = []

    def show_markdown(self, markdown: str) -> None:
        """Replace the body (on reload), keeping the scroll position where it can."""
        self._blocks = markdown_blocks(markdown)
        self._laid_out_width = 0
        self._lay_out(self.scrollable_content_region.width)

    def _lay_out(self, width: int) -> None:
        if width <= 0 or width == self._laid_out_width:
            return
        console = self.app.console
        options = console.options.update(width=width, min_width=width, max_width=width, height=None)
        lines: list[Strip] = []
        headings: list[Heading] = []
        for block in self._blocks:
            if lines:
                lines.append(Strip.blank(width))
            if block.heading_level:
                headings.append(Heading(block.heading_level, block.heading_text, len(lines)))
            rendered = console.render_lines(block.renderable, options, pad=False, new_lines=False)
            lines.extend(Strip(line) for line in rendered)
        self._lines = lines
        self.headings = headings
        self._laid_out_width = width
        self.virtual_size = Size(width, len(lines))
        self.refresh()
        self.post_message(self.LaidOut(self, headings))

    def on_resize(self) -> None:
        """Lay the text out again for the new width."""
        self._lay_out(self.scrollable_content_region.width)

    def render_line(self, y: int) -> Strip:
        """Draw line ``y`` of the visible region."""
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        style = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, style)
        strip = self._lines[index].apply_style(style)
        return strip.crop_extend(scroll_x, scroll_x + width, style).apply_offsets(scroll_x, index)

    @property
    def line_count(self) -> int:
        """How many lines the body has at the current width."""
        return len(self._lines)

    def line_text(self, index: int) -> str:
        """The plain text of laid-out line ``index`` (for tests and search)."""
        return self._lines[index].text if 0 <= index < len(self._lines) else ""

    def action_half_page(self, direction: int) -> None:
        """Scroll half a screen down (1) or up (-1)."""
        self.scroll_relative(y=direction * max(1, self.size.height // 2), animate=False)

    def scroll_to_line(self, line: int) -> None:
        """Put ``line`` at the top of the view."""
        self.scroll_to(y=line, animate=False)
