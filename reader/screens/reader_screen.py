"""What the library and post screens have in common: the shared state, keys on a post."""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen

from reader.app_state import AppState
from reader.model.post import PostSummary
from reader.model.session import ReadingSession
from reader.widgets.metadata_sidebar import toggle_sidebar


class ReaderScreen(Screen[None]):
    """A screen of reader, made with the app's shared state; its sidebar starts as set.

    ``m``, ``*`` and ``s`` act on ``current_post`` (the open or the highlighted one).
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("U", "next_unread", "Next unread", show=False),
        Binding("m", "toggle_read", "Read/unread", show=False),
        Binding("asterisk", "toggle_bookmark", "Bookmark", show=False),
    ]
    # "s" (action_toggle_sidebar) is bound by each screen: the library shows it in its
    # footer, where a binding here would come first.

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.set_class(not state.settings.sidebar, "-sidebar-hidden")

    @property
    def reading(self) -> ReadingSession:
        """Read marks, places, bookmarks, history and views."""
        return self.state.reading

    @property
    def current_post(self) -> PostSummary | None:
        """The post the keys act on."""
        raise NotImplementedError

    def marks_changed(self, said: str) -> None:
        """Show that a mark changed (``said`` tells which way)."""
        self.notify(said, timeout=2)

    def action_next_unread(self) -> None:
        """Go to the next unread post."""
        raise NotImplementedError

    def action_toggle_read(self) -> None:
        """Mark the post unread if it is read, else read."""
        post = self.current_post
        if post is not None:
            read = self.reading.toggle_read(post)
            self.marks_changed("Marked read" if read else "Marked unread")

    def action_toggle_bookmark(self) -> None:
        """Bookmark the post, or remove its bookmark."""
        post = self.current_post
        if post is not None:
            on = self.reading.toggle_bookmark(post)
            self.marks_changed("Bookmarked" if on else "Bookmark removed")

    def action_toggle_sidebar(self) -> None:
        """Show or hide the sidebar (narrow terminals start with it hidden)."""
        self.state.remember(sidebar=toggle_sidebar(self))
