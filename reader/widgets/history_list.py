"""The list of recently opened posts, with when each was opened."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model.state import HistoryEntry
from reader.model.text import one_line
from reader.widgets.keyboard_option_list import KeyboardOptionList


class HistoryOption(Option):
    """A row of the history: when the post was opened (local time), and its title."""

    def __init__(self, entry: HistoryEntry) -> None:
        when = entry.opened_at.astimezone().strftime("%Y-%m-%d %H:%M")
        title = one_line(entry.title or entry.path, 200)
        super().__init__(Text.assemble((when, "dim"), "  ", title))
        self.entry = entry


class HistoryList(KeyboardOptionList):
    """History entries in the order given; choosing one asks for its post."""

    BINDINGS = [Binding("enter", "select", "Open the post", show=False)]

    @dataclass
    class Chosen(Message):
        """A post was picked to read again; ``path`` as the reading state names it."""

        path: str

    def show_entries(self, entries: list[HistoryEntry]) -> None:
        """Replace the rows with ``entries``."""
        self.clear_options()
        if entries:
            self.add_options([HistoryOption(entry) for entry in entries])
            self.highlighted = 0
        else:
            self.add_option(Option(Text("No post read yet.", style="dim"), disabled=True))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Ask for the chosen post (enter or a click)."""
        event.stop()
        if isinstance(event.option, HistoryOption):
            self.post_message(self.Chosen(event.option.entry.path))
