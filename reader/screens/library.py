"""The library: posts grouped by category, date or tag, a filter, and a preview sidebar."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, ProgressBar

from reader.app_state import AppState
from reader.model.filters import Drafts, PostFilter, SortOrder, sort_posts
from reader.model.grouping import Grouping, group_posts, reading_order, with_bookmarks
from reader.model.library import Library
from reader.model.no_posts import no_posts_lines
from reader.model.post import Post, PostSummary
from reader.model.post_loader import whole_post
from reader.model.state import LibraryView
from reader.model.text import one_line
from reader.screens.reader_screen import ReaderScreen
from reader.widgets.metadata_sidebar import MetadataSidebar, toggle_sidebar
from reader.widgets.post_list import PostList
from reader.widgets.search_pane import SearchPane
from reader.widgets.search_results import SearchResults

ARRIVALS_SECONDS = 0.3
FILTER_HINT = "Filter by words, or tag:x category:x author:x year:2024 is:draft"
# The library keeps no front matter; the sidebar reads the file once the cursor rests.
PREVIEW_SECONDS = 0.1
# How the library is shown (grouping, filter, selected post) is saved at most this often.
VIEW_SECONDS = 1.0
# A list slower than this to redo (a big library) is filtered once typing pauses, for
# FILTER_PAUSE_SECONDS: redoing it at each key made the filter box lag behind the keys.
QUICK_REFRESH_SECONDS = 0.1
FILTER_PAUSE_SECONDS = 0.2


class LibraryScreen(ReaderScreen):
    """Every post of the library, grouped, with a filter and the highlighted post's details.

    The app loads the library and hands it over with ``show_library``.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("slash", "filter", "Filter"),
        Binding("ctrl+f", "search", "Search"),
        Binding("escape", "clear", "Clear filter or search", show=False),
        Binding("v", "next_grouping", "Group"),
        Binding("o", "next_post_order", "Order"),
        Binding("s", "toggle_sidebar", "Sidebar"),
        Binding("U", "next_unread", "Next unread", show=False),
        Binding("m", "toggle_read", "Read/unread", show=False),
        Binding("asterisk", "toggle_bookmark", "Bookmark", show=False),
        # Shown in the footer only for an empty folder (check_action), where it is what
        # there is to do; the other works everywhere, unshown.
        Binding("ctrl+o", "open_folder('empty')", "Open another folder"),
        Binding("ctrl+o", "open_folder", "Open another folder", show=False),
    ]
    _NOTHING_TO_ACT_ON = frozenset(
        {"filter", "search", "next_grouping", "next_post_order", "toggle_sidebar"}
    )

    @dataclass
    class FolderChosen(Message):
        """The reader asked to open ``folder`` instead of this library."""

        folder: Path

    grouping: reactive[Grouping] = reactive(Grouping.CATEGORY, init=False)
    filter_text: reactive[str] = reactive("", init=False)
    post_order: reactive[SortOrder] = reactive(SortOrder.DATE, init=False)

    def __init__(
        self,
        state: AppState,
        library: Library,
        loaded: bool = False,
        expected: int = 0,
        select: Path | None = None,
        searchable: bool = False,
        use_index: bool = True,
    ) -> None:
        super().__init__(state)
        self.library = library
        self._loaded = loaded
        self._expected = expected  # the posts loading will bring, when known
        self._select = select
        # Full-text search waits for the index (searchable) unless it reads the files.
        self._searchable = searchable
        self._use_index = use_index
        self._arrivals_pending = False
        self._arrived_unsorted = False
        self._shown_posts: list[PostSummary] = []  # the library's posts the list last showed
        self._preview_timer: Timer | None = None
        self._filter_timer: Timer | None = None
        self._refresh_seconds = 0.0  # how long the list took to redo, last time
        # The view as last saved, the post to select from it, and the one selected now.
        self._saved_view: LibraryView | None = None
        self._selected_key: str | None = None
        self._to_restore: str | None = None  # the saved view's post, until it is shown
        self._view_timer: Timer | None = None
        self._bookmarked_shown: set[Path] = set()

    def compose(self) -> ComposeResult:
        """Header, filter box, progress, list and sidebar, footer."""
        yield Header()
        yield Input(placeholder=FILTER_HINT, id="filter")
        yield ProgressBar(id="progress", show_eta=False)
        with Horizontal(id="library-panes"):
            yield PostList(id="posts")
            yield SearchPane(
                self.library,
                searchable=self._searchable,
                use_index=self._use_index,
                drafts=self._drafts,
            )
            yield MetadataSidebar(id="sidebar")
        yield Footer()

    def on_mount(self) -> None:
        """Show what is loaded so far and put the keyboard on the list."""
        self.title = "reader"
        self.sub_title = f"loading {one_line(self.library.name, 60)}…"
        self.set_focus(self.query_one(PostList))
        self._restore_view()
        if self.library.posts:  # all of them, or what the cache knew
            self.show_library(self.library, complete=self._loaded)

    def show_progress(self, done: int, total: int, arrived: bool = True) -> None:
        """Show how far loading has got, and soon the posts loaded so far.

        ``arrived`` is False when loading only checks posts already shown (from the cache).
        """
        self.query_one(ProgressBar).update(total=total, progress=done)
        self._expected = total
        if arrived:
            self._arrived_unsorted = True  # in the order their files were read
            if not self._arrivals_pending:
                # A few refreshes a second at most: regrouping a big library takes a while.
                self._arrivals_pending = True
                self.set_timer(ARRIVALS_SECONDS, self._show_arrivals)

    def _show_arrivals(self) -> None:
        self._arrivals_pending = False
        if not self._loaded:
            self._refresh_list()

    def show_library(self, library: Library, complete: bool = True) -> None:
        """Show the library, highlighting the post asked for, if any.

        ``complete`` is False for what the cache knew, shown while loading goes on.
        """
        # The posts the cache knew are often all still true: then there is nothing to
        # regroup (a big library takes a while to).
        shown_already = (
            not self._loaded
            and bool(library.posts)  # an empty library still needs to say so
            and _same_posts(library.posts, self._shown_posts)
        )
        self.library = library
        self.query_one(SearchPane).library = library
        self._loaded = complete
        self.refresh_bindings()  # an empty folder's footer differs
        self.query_one(ProgressBar).display = not complete
        if not shown_already:
            self._refresh_list()
        if self._select is not None:
            self.select_path(self._select)
            self._select = None
        elif self._to_restore is not None:
            key, wanted = self.reading.key, self._to_restore
            post = next((post for post in library.posts if key(post.path) == wanted), None)
            if post is not None:
                # Once: after that, the cursor is the reader's, who may have moved it
                # while the rest of the library loaded.
                self.query_one(PostList).highlight_post(post)
                self._to_restore = None

    def _shown(self) -> tuple[list[PostSummary], list[tuple[str, list[PostSummary]]]]:
        """The posts that pass the filter, and the groups that show them."""
        posts = PostFilter.parse(self.filter_text, self._drafts).apply(self.library.posts)
        if self._arrived_unsorted and not self._loaded:
            posts.sort(key=lambda post: post.sort_key)
        return posts, group_posts(sort_posts(posts, self.post_order), self.grouping)

    def _refresh_list(self) -> None:
        started = time.perf_counter()
        self._shown_posts = list(self.library.posts)
        posts, groups = self._shown()
        if self.library.posts:
            empty = "No post matches the filter (escape clears it)."
        elif not self._loaded:
            empty = "Looking for posts…"
        else:
            empty = "\n".join(no_posts_lines(self.library.roots))
        read, self._bookmarked_shown = self.reading.marks(self.library.posts)
        bookmarked = (
            [post for post in reading_order(groups) if post.path in self._bookmarked_shown]
            if self._bookmarked_shown
            else []
        )
        post_list = self.query_one(PostList)
        post_list.show_groups(with_bookmarks(groups, bookmarked), empty)
        post_list.set_marks(read, self._bookmarked_shown)
        if not posts and not self._searching:
            self._preview(None)  # no post left to show
        count = len(self.library.posts)
        total = count if self._loaded else max(count, self._expected)  # while loading
        noun = "post" if total == 1 else "posts"
        if self.filter_text:  # of the posts loaded so far: the others are not looked at
            counted = f"{len(posts)} of {count}" + (" loaded" if total > count else "")
        else:
            counted = f"{count} of {total}" if total > count else f"{count}"
        self.sub_title = (
            f"{one_line(self.library.name, 60)} · {counted} {noun} · {self.grouping.label}"
            f" · {self.post_order.label}"
        )
        self._refresh_seconds = time.perf_counter() - started

    def watch_grouping(self) -> None:
        """Regroup the list; later libraries start grouped so too."""
        self.state.remember(grouping=self.grouping.value)
        self._refresh_list()
        self._view_changed()

    def watch_filter_text(self) -> None:
        """Filter the list."""
        self._refresh_list()
        self._view_changed()

    def watch_post_order(self) -> None:
        """Sort the list again; later libraries start in this order too."""
        self.state.remember(order=self.post_order.name.lower())
        self._refresh_list()

    @property
    def posts_in_order(self) -> list[PostSummary]:
        """The posts in the order the list shows them."""
        return reading_order(self._shown()[1])

    def select_path(self, path: Path) -> None:
        """Highlight the post read from ``path``."""
        target = next((post for post in self.library.posts if post.path == path), None)
        self.query_one(PostList).highlight_post(target)

    def on_post_list_highlighted(self, message: PostList.Highlighted) -> None:
        """Preview the highlighted post in the sidebar; remember it as the selection."""
        self._selected_key = self.reading.key(message.post.path)
        self._view_changed()
        self._preview(message.post)

    def on_search_results_highlighted(self, message: SearchResults.Highlighted) -> None:
        """Preview the highlighted search hit in the sidebar."""
        self._preview(message.post)

    def _preview(self, post: PostSummary | None) -> None:
        """What the library knows shows at once; the whole front matter once the cursor rests."""
        self.query_one(MetadataSidebar).show_post(post)
        if self._preview_timer is not None:
            self._preview_timer.stop()
        if post is not None:
            self._preview_timer = self.set_timer(
                PREVIEW_SECONDS, partial(self._read_whole_post, post)
            )

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False)
    def _read_whole_post(self, post: PostSummary) -> None:
        # In a thread: a post of megabytes takes a tenth of a second to read.
        whole = whole_post(post, self.library.speeds)
        self.app.call_from_thread(self._show_whole_post, post, whole)

    def _show_whole_post(self, post: PostSummary, whole: Post) -> None:
        if self._current_post() is post:  # still under the cursor
            self.query_one(MetadataSidebar).show_post(whole)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as the reader types (when typing pauses, if the list is slow to redo)."""
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        if self._refresh_seconds < QUICK_REFRESH_SECONDS:
            self.filter_text = event.value
        else:
            self._filter_timer = self.set_timer(FILTER_PAUSE_SECONDS, self._apply_filter)

    def _apply_filter(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        self.filter_text = self.query_one("#filter", Input).value

    def on_input_submitted(self) -> None:
        """Enter in the filter applies it at once and goes back to the list."""
        self._apply_filter()
        self.set_focus(self.query_one(PostList))

    def show_search_progress(self, done: int, total: int) -> None:
        """Show how far indexing the text has got, while a search waits for it."""
        self.query_one(SearchPane).show_index_progress(done, total)

    def search_ready(self) -> None:
        """The full-text index is built: searching can start."""
        self.query_one(SearchPane).index_ready()

    def action_filter(self) -> None:
        """Show the filter box and type into it (leaving a search: it filters the list)."""
        if self._searching:
            self._leave_search()
        filter_box = self.query_one("#filter", Input)
        filter_box.display = True
        self.set_focus(filter_box)

    def action_search(self) -> None:
        """Search the full text of every post, in place of the list."""
        self.query_one(PostList).display = False
        self.query_one(SearchPane).start()

    @property
    def _searching(self) -> bool:
        """Whether the search is shown instead of the list."""
        return bool(self.query_one(SearchPane).display)

    def _leave_search(self) -> None:
        self.query_one(SearchPane).display = False
        post_list = self.query_one(PostList)
        post_list.display = True
        self._preview(post_list.highlighted_post)  # not the last hit any more

    def _current_post(self) -> PostSummary | None:
        """The post under the cursor: in the search hits when they are shown."""
        if self._searching:
            return self.query_one(SearchPane).highlighted_post
        return self.query_one(PostList).highlighted_post

    def action_clear(self) -> None:
        """Leave the search, else clear and hide the filter."""
        if self._searching:
            self._leave_search()
        else:
            filter_box = self.query_one("#filter", Input)
            filter_box.value = ""
            filter_box.display = False
            self._apply_filter()
        self.set_focus(self.query_one(PostList))

    def action_next_grouping(self) -> None:
        """Group by the next way: category, date, tag, all."""
        self.grouping = self.grouping.next()

    def action_next_post_order(self) -> None:
        """List posts in the next order: newest first, by title, shortest first."""
        self.post_order = self.post_order.next()

    def action_toggle_sidebar(self) -> None:
        """Show or hide the preview sidebar."""
        self.state.remember(sidebar=toggle_sidebar(self))

    @property
    def _drafts(self) -> Drafts:
        """What happens to drafts when a filter or a search does not say: the setting."""
        return "include" if self.state.settings.drafts else "exclude"

    # --- reading state ---------------------------------------------------------------

    def _show_marks(self) -> None:
        """Mark unread and bookmarked posts; regroup when the bookmarks changed."""
        read, bookmarked = self.reading.marks(self.library.posts)
        if bookmarked != self._bookmarked_shown:
            self._bookmarked_shown = bookmarked
            self._refresh_list()  # the bookmarks group changed
            return
        self.query_one(PostList).set_marks(read, bookmarked)

    def on_screen_resume(self) -> None:
        """Back from a post (or another reader's changes): show the marks as they are now."""
        self.reading.reload()
        self._show_marks()

    def _restore_view(self) -> None:
        """Group and filter the library the way it was last left."""
        settings = self.state.settings
        self.post_order = SortOrder[settings.order.upper()]
        view = self._saved_view = self.reading.view(self.library.roots)
        if view is None:
            self.grouping = Grouping(settings.grouping)
            return
        self._to_restore = view.selected_path
        self.grouping = next((g for g in Grouping if g.value == view.grouping), self.grouping)
        if view.filter_text:
            filter_box = self.query_one("#filter", Input)
            filter_box.value = self.filter_text = view.filter_text
            filter_box.display = True

    def _view_changed(self) -> None:
        """Save the view soon (never while loading: the selection is not the reader's yet)."""
        if self._loaded and self._view_timer is None:
            self._view_timer = self.set_timer(VIEW_SECONDS, self._save_view)

    def _save_view(self) -> None:
        if self._view_timer is not None:
            self._view_timer.stop()
            self._view_timer = None
        view = LibraryView(self.grouping.value, self.filter_text, self._selected_key)
        if self._loaded and view != self._saved_view:
            self.reading.save_view(self.library.roots, view)
            self._saved_view = view

    def on_unmount(self) -> None:
        """Save the view as the screen closes (quitting)."""
        self._save_view()

    def action_next_unread(self) -> None:
        """Move to the next unread post (in the list: a search is left)."""
        if self._searching:
            self._leave_search()
        if not self.query_one(PostList).next_unread():
            self.notify("No unread post left.", timeout=2)

    def action_toggle_read(self) -> None:
        """Mark the highlighted post unread if it is read, else read."""
        post = self._current_post()
        if post is not None:
            self.reading.toggle_read(post)
            self._show_marks()

    def action_toggle_bookmark(self) -> None:
        """Bookmark the highlighted post, or remove its bookmark."""
        post = self._current_post()
        if post is not None:
            on = self.reading.toggle_bookmark(post)
            self._show_marks()
            self.notify("Bookmarked" if on else "Bookmark removed", timeout=2)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """An empty folder's footer offers to open another, not to filter nothing."""
        empty = self._loaded and not self.library.posts
        if action == "open_folder" and parameters:
            return empty
        return not (empty and action in self._NOTHING_TO_ACT_ON)

    def action_open_folder(self, shown_when: str = "") -> None:
        """Ask for another folder of posts and open it in place of this library.

        ``shown_when`` ("empty") only tells the footer's binding from the other.
        """
        from reader.screens.open_folder import OpenFolderScreen

        def opened(folder: Path | None) -> None:
            if folder is not None:
                self.post_message(self.FolderChosen(folder))

        self.app.push_screen(OpenFolderScreen(), opened)


def _same_posts(posts: list[PostSummary], shown: list[PostSummary]) -> bool:
    """Whether ``posts`` are the very objects ``shown``, in the same order."""
    return len(posts) == len(shown) and all(a is b for a, b in zip(posts, shown, strict=True))
