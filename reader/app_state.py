"""What the screens, widgets and commands share with the app, handed to them when made.

Screens never reach into the app: they are given an ``AppState`` and watch or change
it; they ask the app for anything else with messages (``OpenPost``). The app loads the
library into it; the state works out, once per change, what the library lists.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from textual.dom import DOMNode
from textual.message import Message
from textual.reactive import var

from reader.model.config import DEFAULT_READING_WIDTH, Settings
from reader.model.filters import Drafts, SortOrder
from reader.model.grouping import Grouping
from reader.model.library import Library
from reader.model.listing import ListChoice, Listing
from reader.model.post import PostSummary
from reader.model.reading_time import DEFAULT_SPEEDS
from reader.model.session import ReadingSession


@dataclass
class OpenPost(Message):
    """Someone asked to read ``post`` (at its first match of ``find``, if given)."""

    post: PostSummary
    find: str = ""


class Phase(Enum):
    """How far the library has got, from the first frame to searchable text."""

    CACHED = "cached"
    """Posts the cache knew are shown; loading checks them and brings the rest."""
    LOADING = "loading"
    """Posts arrive as their files are read (nothing was cached)."""
    LOADED = "loaded"
    """Every post is loaded; the full-text index may be on its way."""
    INDEXED = "indexed"
    """The full-text index holds every post: searching can start."""

    @property
    def complete(self) -> bool:
        """Whether every post of the library is loaded."""
        return self in (Phase.LOADED, Phase.INDEXED)


class AppState(DOMNode):
    """The settings, the reading session and the library as it loads, observable by screens.

    A node that is never mounted: it only holds reactive variables that screens and
    widgets ``watch``; ``listing`` follows ``library`` and ``choice`` by itself.
    """

    settings: var[Settings] = var(Settings, init=False)
    """The settings, with the choices made in the app (theme, sidebar, ...) since."""
    library: var[Library] = var(lambda: Library([], DEFAULT_SPEEDS), init=False, always_update=True)
    """The library as loaded so far (set again whenever its posts change)."""
    phase: var[Phase] = var(Phase.LOADING, init=False)
    progress: var[tuple[int, int]] = var((0, 0), init=False)
    """Posts loaded (or checked, when cached ones are shown), and how many there are."""
    index_progress: var[tuple[int, int]] = var((0, 0), init=False)
    """Posts in the full-text index so far, and how many there are."""
    choice: var[ListChoice] = var(ListChoice, init=False)
    """How the library is filtered, ordered and grouped."""
    listing: var[Listing] = var(Listing, init=False, always_update=True)
    """What the library lists for ``choice``: made once per change, read by every key."""

    def __init__(
        self, settings: Settings, reading: ReadingSession, library: Library, use_index: bool
    ) -> None:
        super().__init__()
        self.settings = settings
        self.reading = reading
        """Read marks, places, bookmarks, history and views."""
        self.use_index = use_index
        """Whether the library is cached and its text indexed (else search reads files)."""
        self.searchable = not use_index
        """Whether full-text search can start (the index is built, or files are read)."""
        self.expected = 0
        """How many posts the library will have once loaded, when known beforehand."""
        drafts: Drafts = "include" if settings.drafts else "exclude"
        self.choice = ListChoice(
            Grouping(settings.grouping), SortOrder[settings.order.upper()], "", drafts
        )
        self.library = library
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

    def _watch_library(self, old: Library, new: Library) -> None:
        # A loaded library equal to the cached one shown needs no new listing (loading
        # keeps the cached posts it checked, and list equality looks at identity first).
        if new.posts is old.posts or new.posts != old.posts:
            self._relist()

    def _watch_choice(self) -> None:
        self._relist()

    def _watch_phase(self, phase: Phase) -> None:
        if phase is Phase.INDEXED:
            self.searchable = True

    def _relist(self) -> None:
        # Posts that arrive as their files are read come in no order.
        unsorted = self.phase is Phase.LOADING
        self.listing = Listing.of(self.library.posts, self.choice, unsorted=unsorted)

    @property
    def posts_in_order(self) -> list[PostSummary]:
        """The library's posts in the order the library list shows them."""
        return self.listing.order
