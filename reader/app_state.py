"""What the screens, widgets and commands share with the app, handed to them when made.

Screens never reach into the app: they are given an ``AppState`` and watch or change
it; they ask the app for anything else with messages (``OpenPost``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from textual.dom import DOMNode
from textual.message import Message
from textual.reactive import var

from reader.model.config import DEFAULT_READING_WIDTH, Settings
from reader.model.post import PostSummary
from reader.model.session import ReadingSession


@dataclass
class OpenPost(Message):
    """Someone asked to read ``post`` (at its first match of ``find``, if given)."""

    post: PostSummary
    find: str = ""


class AppState(DOMNode):
    """The settings, the reading session and the library's order, observable by screens.

    A node that is never mounted: it only holds reactive variables that screens and
    widgets ``watch``.
    """

    settings: var[Settings] = var(Settings, init=False)
    """The settings, with the choices made in the app (theme, sidebar, ...) since."""

    def __init__(
        self,
        settings: Settings,
        reading: ReadingSession,
        posts_in_order: Callable[[], list[PostSummary]],
    ) -> None:
        super().__init__()
        self.settings = settings
        self.reading = reading
        """Read marks, places, bookmarks, history and views."""
        self._posts_in_order = posts_in_order
        # The width "w" brings back after a reading width of 0 (the whole width).
        self._reading_width = settings.reading_width or DEFAULT_READING_WIDTH

    def remember(self, **choices: object) -> None:
        """Keep choices made in the app (theme, sidebar, ...) for "Save settings" to write."""
        self.settings = replace(self.settings, **choices)  # type: ignore[arg-type]

    def toggle_reading_width(self) -> int:
        """Keep posts' lines to the reading width, or let them fill the pane: the new width."""
        width = 0 if self.settings.reading_width else self._reading_width
        self.remember(reading_width=width)
        return width

    def posts_in_order(self) -> list[PostSummary]:
        """The library's posts in the order the library list shows them."""
        return self._posts_in_order()
