"""A dialog asking for a folder (or a post file) to open instead of the library on screen."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reader.model.text import clean_text


class OpenFolderScreen(ModalScreen[Path | None]):
    """Type a folder's path; enter opens it, escape goes back."""

    DEFAULT_CSS = """
    OpenFolderScreen {
        align: center middle;
    }
    #open-folder-dialog {
        width: 64;
        max-width: 90%;
        height: auto;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    """

    BINDINGS = [Binding("escape", "dismiss", "Cancel")]

    def compose(self) -> ComposeResult:
        """A path box and a line for what is wrong with the path typed."""
        with Vertical(id="open-folder-dialog") as dialog:
            dialog.border_title = "Open a folder of posts"
            dialog.border_subtitle = "enter opens · escape goes back"
            yield Input(placeholder="~/blog/_posts", id="folder-path")
            yield Label("", id="folder-problem", markup=False)

    @on(Input.Submitted)
    def _open(self, event: Input.Submitted) -> None:
        folder = Path(event.value.strip()).expanduser()
        if not event.value.strip():
            return
        if not folder.exists():
            problem = f"No such folder: {clean_text(str(folder))}"
            self.query_one("#folder-problem", Label).update(problem)
            return
        self.dismiss(folder.resolve())
