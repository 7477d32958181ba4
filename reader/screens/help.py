"""Every key of the screen underneath, grouped by what the keys act on, in a dialog."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

KeyRows = list[tuple[str, str]]
"""(keys, what they do), one row a command."""

# What the keys of each of reader's classes act on: the help's group headings.
GROUP_TITLES = {
    "ReaderApp": "Everywhere",
    "LibraryScreen": "The library",
    "PostList": "The list of posts",
    "SearchPane": "The search",
    "SearchResults": "The search's hits",
    "KeyboardOptionList": "Lists",
    "PostScreen": "This post",
    "PostBody": "Reading: scrolling and links",
    "MetadataSidebar": "The sidebar (tab to it)",
    "TableOfContents": "The table of contents",
    "HistoryScreen": "The history",
    "HistoryList": "The history",
}

# When a key does one thing or another by what is going on (n: next match, or next post).
WHEN = {
    "next_problem(1)": "after !",
    "next_problem(-1)": "after !",
    "next_match(1)": "while a find is active",
    "next_match(-1)": "while a find is active",
    "step(1)": "when no find is active, nor !",
    "step(-1)": "when no find is active",
}


def key_groups(screen: Screen[object]) -> list[tuple[str, KeyRows]]:
    """The keys of the app, the screen and every widget on it, grouped by what they act on.

    Bindings are read from reader's own classes that declare them, so the help cannot
    drift from what the keys really do (Textual's generic ones are left out).
    """
    groups: dict[str, dict[str, list[str]]] = {}
    nodes: list[DOMNode] = [screen.app, screen, *screen.query("*")]
    for node in nodes:
        for cls in type(node).__mro__:
            if not cls.__module__.startswith("reader."):
                continue
            # A base class's keys (ReaderScreen's) are the keys of the screen inheriting them.
            owner = GROUP_TITLES.get(type(node).__name__, cls.__name__)
            rows = groups.setdefault(GROUP_TITLES.get(cls.__name__, owner), {})
            for binding in vars(cls).get("BINDINGS", []):
                description = binding.description or binding.action
                if binding.action in WHEN:
                    description = f"{description} ({WHEN[binding.action]})"
                keys = rows.setdefault(description, [])
                for key in binding.key.split(","):
                    display = screen.app.get_key_display(Binding(key.strip(), ""))
                    if display not in keys:
                        keys.append(display)
    return [
        (title, [(" ".join(keys), description) for description, keys in rows.items()])
        for title, rows in groups.items()
        if rows
    ]


class HelpScreen(ModalScreen[None]):
    """A scrollable table of keys by group; j k space b g G scroll it; escape, q or ? close it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    #help-dialog {
        width: 72;
        max-width: 90%;
        height: auto;
        max-height: 85%;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    """

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("j,down", "scroll('down')", "Down", show=False),
        Binding("k,up", "scroll('up')", "Up", show=False),
        Binding("space,pagedown", "scroll('page_down')", "Page down", show=False),
        Binding("b,pageup", "scroll('page_up')", "Page up", show=False),
        Binding("g,home", "scroll('home')", "Top", show=False),
        Binding("G,end", "scroll('end')", "Bottom", show=False),
    ]

    def __init__(self, groups: list[tuple[str, KeyRows]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        """A heading over each group's table of keys; the keys line up across groups."""
        key_width = max((cell_len(keys) for _, rows in self.groups for keys, _ in rows), default=0)
        parts: list[RenderableType] = []
        for number, (title, rows) in enumerate(self.groups):
            heading = Text(title, style="bold underline")
            if number:
                parts.append(Text())
            parts.append(heading)
            table = Table.grid(padding=(0, 2))
            table.add_column(style="bold", no_wrap=True, min_width=key_width)
            table.add_column()
            for keys, description in rows:
                table.add_row(Text(keys), Text(description))
            parts.append(table)
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            dialog.border_subtitle = "j k space b scroll · escape closes"
            yield Static(Group(*parts))

    def action_scroll(self, where: str) -> None:
        """Scroll the table: ``down``, ``up``, ``page_down``, ``page_up``, ``home``, ``end``."""
        dialog = self.query_one("#help-dialog", VerticalScroll)
        getattr(dialog, f"scroll_{where}")(animate=False)
