"""Said when a web link cannot be opened here: the link, and a key to copy it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label

from reader.model.text import one_line


class NoBrowserScreen(ModalScreen[None]):
    """No browser to open ``url``: show it, ``c`` copies it, ``escape``/``q`` close."""

    DEFAULT_CSS = """
    NoBrowserScreen {
        align: center middle;
    }
    #no-browser-dialog {
        width: 72;
        max-width: 90%;
        height: auto;
        border: round $warning;
        padding: 0 1;
        background: $surface;
    }
    #no-browser-dialog Label {
        width: 100%;
    }
    #no-browser-url {
        color: $text-primary;
        margin: 1 0;
    }
    """

    BINDINGS = [
        Binding("c,y", "copy", "Copy the link"),
        Binding("escape,q", "dismiss", "Close"),
    ]

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def compose(self) -> ComposeResult:
        """Why nothing opened, the link, and what can be done."""
        with Vertical(id="no-browser-dialog") as dialog:
            dialog.border_title = "No web browser here"
            dialog.border_subtitle = "c copies the link · escape closes"
            yield Label(
                "No browser can open this link from here (over SSH, or without a desktop)."
                " Copy it, then paste it into a browser elsewhere.",
                markup=False,
            )
            # Post text is data: a link is shown as plain text, never read as markup.
            yield Label(Content(one_line(self.url, 2000)), id="no-browser-url")

    def action_copy(self) -> None:
        """Copy the link to the clipboard through the terminal (OSC 52), and close."""
        self.app.copy_to_clipboard(self.url)
        message = "Link copied (if the terminal lets programs set the clipboard)"
        self.app.notify(message, markup=False, timeout=4)
        self.dismiss()
