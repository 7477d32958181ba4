"""The history: recently opened posts, newest first, to open again."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from reader.model.state import HistoryEntry
from reader.widgets.history_list import HistoryList


class HistoryScreen(Screen[None]):
    """The posts opened last, newest first; enter opens one, escape goes back."""

    BINDINGS = [Binding("escape", "dismiss", "Back")]

    def __init__(self, entries: list[HistoryEntry]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        """Header, the list of posts, footer."""
        yield Header()
        yield HistoryList(id="history")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the list, name the screen and put the keyboard on the list."""
        self.title = "History"
        self.sub_title = "recently read, newest first"
        history = self.query_one(HistoryList)
        history.show_entries(self.entries)
        self.set_focus(history)
