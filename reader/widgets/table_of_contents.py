"""The post's headings, to jump to."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model.text import one_line
from reader.render.layout import Heading
from reader.widgets.keyboard_option_list import KeyboardOptionList


class HeadingOption(Option):
    """A row of the contents that holds its heading."""

    def __init__(self, heading: Heading) -> None:
        indent = "  " * (heading.level - 1)
        style = "bold" if heading.level <= 2 else ""
        super().__init__(Text.assemble(indent, (one_line(heading.text, 120), style)))
        self.heading = heading


class TableOfContents(KeyboardOptionList):
    """A list of the post's headings; choosing one scrolls the body to it."""

    DEFAULT_CSS = """
    TableOfContents {
        width: 32;
        max-width: 30%;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        border: none;
        border-right: vkey $panel-lighten-2;
    }
    """

    BINDINGS = [Binding("enter", "select", "Jump to the heading", show=False)]

    @dataclass
    class HeadingChosen(Message):
        """A heading was picked; ``line`` is where it starts in the body."""

        line: int

    def show_headings(self, headings: list[Heading]) -> None:
        """Replace the contents with ``headings``."""
        highlighted = self.highlighted
        self.clear_options()
        if headings:
            self.add_options([HeadingOption(heading) for heading in headings])
            self.highlighted = min(highlighted or 0, len(headings) - 1)
        else:
            self.add_option(Option(Text("No headings", style="dim"), disabled=True))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Tell the screen which heading to jump to."""
        event.stop()
        if isinstance(event.option, HeadingOption):
            self.post_message(self.HeadingChosen(event.option.heading.line))
