"""Every key of the screen underneath, in a dialog."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def key_rows(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, what they do) for the app, the screen and every widget on it.

    Bindings are read from reader's own classes that declare them, so the help cannot
    drift from what the keys really do (Textual's generic ones are left out).
    """
    rows: dict[str, list[str]] = {}
    nodes: list[DOMNode] = [screen.app, screen, *screen.query("*")]
    for node in nodes:
        for cls in type(node).__mro__:
            if not cls.__module__.startswith("reader."):
                continue
            for binding in vars(cls).get("BINDINGS", []):
                keys = rows.setdefault(binding.description or binding.action, [])
                for key in binding.key.split(","):
                    display = screen.app.get_key_display(Binding(key.strip(), ""))
                    if display not in keys:
                        keys.append(display)
    return [(" ".join(keys), description) for description, keys in rows.items()]


class HelpScreen(ModalScreen[None]):
    """A scrollable table of keys; escape, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        """The table of keys."""
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for keys, description in self.rows:
            table.add_row(Text(keys), Text(description))
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            dialog.border_subtitle = "escape to close"
            yield Static(table)
