"""The library: posts grouped by category, date or tag, a filter, and a preview sidebar."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, ProgressBar
from textual.worker import get_current_worker

from reader.model.grouping import Grouping, matches_query
from reader.model.library import Library, LibraryError, load_library
from reader.model.post import Post
from reader.model.text import one_line
from reader.widgets.metadata_sidebar import MetadataSidebar
from reader.widgets.post_list import PostList


class LibraryScreen(Screen[None]):
    """Every post of the library, grouped, with a filter and the highlighted post's details."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("slash", "filter", "Filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("v", "next_grouping", "Group"),
        Binding("s", "toggle_sidebar", "Sidebar"),
    ]

    grouping: reactive[Grouping] = reactive(Grouping.CATEGORY, init=False)
    filter_text: reactive[str] = reactive("", init=False)

    @dataclass
    class Loaded(Message):
        """The library finished loading."""

        library: Library

    def __init__(self, paths: list[Path], select: Path | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.library = Library(roots=paths)
        self._select = select

    def compose(self) -> ComposeResult:
        """Header, filter box, progress, list and sidebar, footer."""
        yield Header()
        yield Input(placeholder="Filter by title, category, tag or author", id="filter")
        yield ProgressBar(id="progress", show_eta=False)
        with Horizontal(id="library-panes"):
            yield PostList(id="posts")
            yield MetadataSidebar(id="sidebar")
        yield Footer()

    def on_mount(self) -> None:
        """Start loading the posts without blocking the screen."""
        self.title = "reader"
        self.sub_title = f"loading {one_line(self.library.name, 60)}…"
        self.query_one(PostList).focus()
        self._load()

    @work(thread=True, exclusive=True)
    def _load(self) -> None:
        worker = get_current_worker()
        progress = self.query_one(ProgressBar)

        def report(done: int, total: int) -> None:
            if not worker.is_cancelled and (done % 50 == 0 or done == total):
                self.app.call_from_thread(progress.update, total=total, progress=done)

        try:
            library = load_library(self.paths, on_progress=report)
        except LibraryError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.post_message(self.Loaded(library))

    def on_library_screen_loaded(self, message: Loaded) -> None:
        """Show the posts once they are loaded."""
        self.library = message.library
        self.query_one(ProgressBar).display = False
        self._refresh_list()
        if self._select is not None:
            self.select_path(self._select)
            self._select = None

    def _visible_posts(self) -> list[Post]:
        return [post for post in self.library.posts if matches_query(post, self.filter_text)]

    def _refresh_list(self) -> None:
        posts = self._visible_posts()
        self.query_one(PostList).show_posts(posts, self.grouping)
        count = len(self.library.posts)
        shown = f"{len(posts)} of {count}" if self.filter_text else f"{count}"
        noun = "post" if count == 1 else "posts"
        self.sub_title = (
            f"{one_line(self.library.name, 60)} · {shown} {noun} · {self.grouping.label}"
        )

    def watch_grouping(self) -> None:
        """Regroup the list."""
        self._refresh_list()

    def watch_filter_text(self) -> None:
        """Filter the list."""
        self._refresh_list()

    @property
    def posts_in_order(self) -> list[Post]:
        """The posts in the order the list shows them."""
        return self.query_one(PostList).posts_in_order

    def select_path(self, path: Path) -> None:
        """Highlight the post read from ``path``."""
        post_list = self.query_one(PostList)
        target = next((post for post in self.library.posts if post.path == path), None)
        post_list.highlight_post(target)

    def on_post_list_highlighted(self, message: PostList.Highlighted) -> None:
        """Preview the highlighted post in the sidebar."""
        self.query_one(MetadataSidebar).show_post(message.post)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as the reader types."""
        self.filter_text = event.value

    def on_input_submitted(self) -> None:
        """Enter in the filter goes back to the list."""
        self.query_one(PostList).focus()

    def action_filter(self) -> None:
        """Show the filter box and type into it."""
        filter_box = self.query_one("#filter", Input)
        filter_box.display = True
        filter_box.focus()

    def action_clear_filter(self) -> None:
        """Clear and hide the filter."""
        filter_box = self.query_one("#filter", Input)
        filter_box.value = ""
        filter_box.display = False
        self.query_one(PostList).focus()

    def action_next_grouping(self) -> None:
        """Group by the next way: category, date, tag, all."""
        self.grouping = self.grouping.next()

    def action_toggle_sidebar(self) -> None:
        """Show or hide the preview sidebar."""
        self.toggle_class("-sidebar-toggled")
