"""One picture of a post, full-screen, fitted to the window; escape goes back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from reader.model.image_fetch import image_cache_folder
from reader.model.image_problem import ImageProblem
from reader.model.image_settings import ImageMode
from reader.model.image_source import ImageSource
from reader.model.system_viewer import open_image_outside
from reader.render.half_blocks import HalfBlockPicture
from reader.render.pictures import PictureRequest, load_picture

if TYPE_CHECKING:
    from PIL import Image


LARGEST_CELL = (16, 32)  # pixels of a terminal cell, at most


class PictureScreen(Screen[None]):
    """A picture fitted to the window, its words under it; ``o`` opens the system viewer."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("o", "open_outside", "Open in viewer"),
    ]

    def __init__(
        self,
        source: ImageSource,
        words: str,
        graphics: ImageMode,
        *,
        remote: bool = False,
        cache_folder: Path | None = None,
    ) -> None:
        super().__init__()
        self.source = source
        self.words = words
        self.graphics = graphics
        self.remote = remote
        self.cache_folder = cache_folder or image_cache_folder()

    def compose(self) -> ComposeResult:
        """The picture's frame, its words, the keys."""
        with Middle(id="picture-frame"), Center():
            yield Static("…", id="picture", markup=False)
        yield Static(self.words, id="picture-words", markup=False)
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        """Decode the picture for the window's size (less its words and keys), in a worker."""
        self._decode(event.size.width, max(1, event.size.height - 2))

    @work(thread=True, exclusive=True)
    def _decode(self, columns: int, rows: int) -> None:
        if self.graphics in ("kitty", "sixel"):
            # Enough pixels for the largest cells (textual-image scales them to the
            # terminal's own, which it measured before the app ran).
            box = (columns * LARGEST_CELL[0], rows * LARGEST_CELL[1])
        else:
            box = (columns, rows * 2)
        result = load_picture(PictureRequest(self.source, box), self.cache_folder, self.remote)
        self.app.call_from_thread(self._show, result)

    def _show(self, result: Image.Image | ImageProblem) -> None:
        placeholder = self.query_one("#picture", Static)
        if isinstance(result, ImageProblem):
            placeholder.update(f"{self.words} ({result.reason})")
            return
        # textual-image is imported here, not at the top: importing it asks the terminal,
        # which only detect_graphics may do (before the app runs).
        shown: Widget
        if self.graphics == "kitty":
            from textual_image.widget import TGPImage

            shown = TGPImage(result, classes="picture")
        elif self.graphics == "sixel":
            from textual_image.widget import SixelImage

            shown = SixelImage(result, classes="picture")
        else:
            placeholder.update(HalfBlockPicture(result))
            return
        placeholder.remove()
        self.query_one("#picture-frame Center").mount(shown)

    def action_open_outside(self) -> None:
        """Open the picture in the system's image viewer."""
        problem = open_image_outside(self.source, self.cache_folder)
        if problem:
            self.notify(f"{self.words}: {problem}", markup=False, timeout=4)
