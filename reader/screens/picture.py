"""One picture of a post, full-screen, fitted to the window; escape goes back.

Kitty pictures are sent through the app's driver and drawn as Kitty's placeholders
(render/kitty_placeholders.py), half blocks while a dialog is over them; Sixel ones
through textual-image's widget; half blocks elsewhere.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader.model.image_fetch import image_cache_folder
from reader.model.image_problem import ImageProblem
from reader.model.image_settings import ImageMode
from reader.model.image_source import ImageSource
from reader.model.system_viewer import open_image_outside
from reader.render.half_blocks import HalfBlockPicture
from reader.render.kitty_placeholders import (
    MAX_CELLS,
    PlaceholderPicture,
    colours_survive,
    delete_sequence,
    new_image_id,
    upload_sequence,
)
from reader.render.pictures import KittyPicture, PictureRequest, kitty_encoded, load_picture
from reader.render.terminal_graphics import cell_pixels

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
        self._half_blocks: HalfBlockPicture | None = None
        self._placeholders: PlaceholderPicture | None = None  # once Kitty has the picture
        self._image_id = new_image_id()

    def compose(self) -> ComposeResult:
        """The picture's frame, its words, the keys."""
        with Middle(id="picture-frame"), Center():
            yield Static("…", id="picture", markup=False)
        yield Static(self.words, id="picture-words", markup=False)
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        """Decode the picture for the window's size (less its words and keys), in a worker."""
        self._decode(event.size.width, max(1, event.size.height - 2))

    @property
    def _kitty(self) -> bool:
        """Whether the picture is sent to a Kitty terminal and drawn as placeholders."""
        app = self.app
        return self.graphics == "kitty" and colours_survive(app.console.color_system, app.no_color)

    def on_mount(self) -> None:
        """Follow the screens in front: a dialog's shade would rename Kitty's picture."""
        if self._kitty:
            self.app.screen_change_signal.subscribe(self, self._show_picture, immediate=True)

    def on_unmount(self) -> None:
        """Let the terminal free the picture sent to it."""
        driver = self.app._driver  # as App.copy_to_clipboard writes its own escapes
        if self._placeholders is not None and driver is not None:
            driver.write(delete_sequence(self._image_id))

    @work(thread=True, exclusive=True)
    def _decode(self, columns: int, rows: int) -> None:
        kitty = self._kitty
        if kitty:
            cell = cell_pixels()
            box = (columns * cell[0], rows * cell[1])
        elif self.graphics == "sixel":
            # Enough pixels for the largest cells (textual-image scales them to the
            # terminal's own, which it measured before the app ran).
            box = (columns * LARGEST_CELL[0], rows * LARGEST_CELL[1])
        else:
            box = (columns, rows * 2)
        result = load_picture(PictureRequest(self.source, box), self.cache_folder, self.remote)
        sharp = None
        if kitty and not isinstance(result, ImageProblem):
            cells = (
                min(MAX_CELLS, math.ceil(result.width / cell[0])),
                min(MAX_CELLS, math.ceil(result.height / cell[1])),
            )
            sharp = kitty_encoded(result, *cells)
            result.thumbnail((columns, rows * 2))  # half blocks, for behind a dialog
        self.app.call_from_thread(self._show, result, sharp)

    def _show(self, result: Image.Image | ImageProblem, sharp: KittyPicture | None = None) -> None:
        placeholder = self.query_one("#picture", Static)
        if isinstance(result, ImageProblem):
            placeholder.update(f"{self.words} ({result.reason})")
            return
        if self.graphics == "sixel":
            # textual-image is imported here, not at the top: importing it asks the
            # terminal, which only detect_graphics may do (before the app runs).
            from textual_image.widget import SixelImage

            placeholder.display = False
            drawn = self.query(SixelImage)
            if drawn:  # decoded again for a new window size
                drawn.first().image = result
            else:
                self.query_one("#picture-frame Center").mount(SixelImage(result, classes="picture"))
            return
        self._half_blocks = HalfBlockPicture(result)
        driver = self.app._driver
        if sharp is not None and driver is not None:
            # Sent again at another size, the same id replaces the picture.
            driver.write(upload_sequence(self._image_id, sharp.png, sharp.columns, sharp.rows))
            self._placeholders = PlaceholderPicture(self._image_id, sharp.columns, sharp.rows)
        self._show_picture()

    def _show_picture(self, front: Screen[object] | None = None) -> None:
        """Kitty's placeholders while this screen is in front, else half blocks."""
        front = front if front is not None else self.app.screen
        shown = self._placeholders if front is self else None
        picture = shown or self._half_blocks
        if picture is not None:
            self.query_one("#picture", Static).update(picture)

    def action_open_outside(self) -> None:
        """Open the picture in the system's image viewer."""
        problem = open_image_outside(self.source, self.cache_folder)
        if problem:
            self.notify(f"{self.words}: {problem}", markup=False, timeout=4)
