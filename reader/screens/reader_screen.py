"""What the library and post screens have in common: the shared state they are given."""

from __future__ import annotations

from textual.screen import Screen

from reader.app_state import AppState
from reader.model.session import ReadingSession


class ReaderScreen(Screen[None]):
    """A screen of reader, made with the app's shared state; its sidebar starts as set."""

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.set_class(not state.settings.sidebar, "-sidebar-hidden")

    @property
    def reading(self) -> ReadingSession:
        """Read marks, places, bookmarks, history and views."""
        return self.state.reading
