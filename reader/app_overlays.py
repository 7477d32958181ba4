"""What is drawn over the app's frames, in the same synchronized update (Sixel pictures).

Textual writes a frame between the escapes of a synchronized update (DEC mode 2026)
where the terminal has them, so that the terminal shows the frame whole. A Sixel
picture is drawn over the cells after the text of a frame: written after that update,
the terminal could show the frame without it for a moment (a flicker at every scroll
step). Here the overlays of the frame being written are asked for at the end of its
update, before it closes. Textual has no public hook there: ``_display`` writes the
frame and ``_end_update`` closes the update (Textual 8.2).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual._compositor import CompositorUpdate
from textual.app import App

from reader.render.sixel import overlay

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.screen import Screen

FrameOverlay = Callable[["Screen[object]", CompositorUpdate], str]
"""Given the screen and the update just written, the escapes to draw over it (or "")."""


class OverlaidApp(App[None]):
    """An app whose frames can have pictures drawn over them (see ``add_overlay``)."""

    def __init__(self) -> None:
        super().__init__()
        self._overlays: list[FrameOverlay] = []
        self._frame: tuple[Screen[object], CompositorUpdate] | None = None

    def add_overlay(self, overlay: FrameOverlay) -> None:
        """Ask ``overlay`` what to draw after each frame from now on."""
        self._overlays.append(overlay)

    def remove_overlay(self, overlay: FrameOverlay) -> None:
        """Ask ``overlay`` no more."""
        if overlay in self._overlays:
            self._overlays.remove(overlay)

    def _display(self, screen: Screen[object], renderable: RenderableType | None) -> None:
        self._frame = (screen, renderable) if isinstance(renderable, CompositorUpdate) else None
        try:
            super()._display(screen, renderable)
        finally:
            self._frame = None

    def _end_update(self) -> None:
        frame, driver = self._frame, self._driver
        if frame is not None and driver is not None and self._overlays:
            drawn = "".join(draw(*frame) for draw in list(self._overlays))
            if drawn:
                driver.write(overlay(drawn))
        super()._end_update()
