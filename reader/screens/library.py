"""The library: posts grouped by category, date or tag, a filter, and a preview sidebar."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Footer, Header, Input, ProgressBar

from reader.app_state import AppState, Phase
from reader.model.filters import Drafts, SortOrder
from reader.model.grouping import Grouping, with_bookmarks
from reader.model.library import Library
from reader.model.listing import ListChoice, Listing
from reader.model.no_posts import no_posts_lines
from reader.model.post import Post, PostSummary
from reader.model.post_loader import whole_post
from reader.model.state import LibraryView
from reader.model.text import one_line
from reader.screens.reader_screen import ReaderScreen
from reader.widgets.delayed_call import DelayedCall
from reader.widgets.metadata_sidebar import MetadataSidebar
from reader.widgets.post_list import PostList
from reader.widgets.search_pane import SearchPane
from reader.widgets.search_results import SearchResults

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

    It watches the shared state: the library as it loads, its phase and progress, and
    the listing worked out for the grouping, order and filter chosen here.
    """

    BINDINGS = [
        Binding("slash", "filter", "Filter"),
        Binding("ctrl+f", "search", "Search"),
        Binding("escape", "clear", "Clear filter or search", show=False),
        Binding("v", "next_grouping", "Group"),
        Binding("o", "next_post_order", "Order"),
        Binding("s", "toggle_sidebar", "Sidebar"),
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

    def __init__(self, state: AppState, select: Path | None = None) -> None:
        super().__init__(state)
        self._select = select
        self._preview_later = DelayedCall(self, PREVIEW_SECONDS, self._read_current_post)
        self._filter_later = DelayedCall(self, FILTER_PAUSE_SECONDS, self._apply_filter)
        self._refresh_seconds = 0.0  # how long the list took to redo, last time
        # The view as last saved, the post to select from it, and the one selected now.
        self._saved_view: LibraryView | None = None
        self._selected_key: str | None = None
        self._to_restore: str | None = None  # the saved view's post, until it is shown
        self._view_later = DelayedCall(self, VIEW_SECONDS, self._save_view)
        self._bookmarked_shown: set[Path] = set()
        self._empty_footer = False  # whether the footer offers what an empty folder needs

    @property
    def library(self) -> Library:
        """The library as loaded so far."""
        return self.state.library

    @property
    def _loaded(self) -> bool:
        return self.state.phase.complete

    def compose(self) -> ComposeResult:
        """Header, filter box, progress, list and sidebar, footer."""
        yield Header()
        yield Input(placeholder=FILTER_HINT, id="filter")
        yield ProgressBar(id="progress", show_eta=False)
        with Horizontal(id="library-panes"):
            yield PostList(id="posts")
            yield SearchPane(self.state, drafts=self._drafts)
            yield MetadataSidebar(id="sidebar")
        yield Footer()

    def on_mount(self) -> None:
        """Show what is loaded so far, as the state says, and put the keyboard on the list."""
        self.title = "reader"
        self.sub_title = f"loading {one_line(self.library.name, 60)}…"
        self.set_focus(self.query_one(PostList))
        self._empty_footer = self._empty()  # as the footer is composed
        self._restore_view()
        self.watch(self.state, "listing", self._show_listing)
        self.watch(self.state, "progress", self._show_progress)
        self.watch(self.state, "phase", self._show_phase)

    def _show_progress(self, progress: tuple[int, int]) -> None:
        """Show how far loading has got."""
        done, total = progress
        self.query_one(ProgressBar).update(total=total or None, progress=done)
        self._show_counts()

    def _show_phase(self, phase: Phase) -> None:
        """Hide the progress once the library is loaded; an empty library says so then."""
        self.query_one(ProgressBar).display = not phase.complete
        if self._empty() != self._empty_footer:
            # An empty folder's footer differs; making the footer again for nothing took
            # a few milliseconds at each phase (cached, loaded, indexed).
            self._empty_footer = self._empty()
            self.refresh_bindings()
        if phase.complete and not self.library.posts:
            self._show_listing(self.state.listing)
        else:
            self._show_counts()

    def _show_listing(self, listing: Listing) -> None:
        """Show the posts the state lists, highlighting the post asked for, if any."""
        if self.library.posts:
            empty = "No post matches the filter (escape clears it)."
        elif not self._loaded:
            empty = "Looking for posts…"
        else:
            empty = "\n".join(no_posts_lines(self.library.roots))
        read, self._bookmarked_shown = self.reading.marks(self.library.posts)
        bookmarked = (
            [post for post in listing.order if post.path in self._bookmarked_shown]
            if self._bookmarked_shown
            else []
        )
        post_list = self.query_one(PostList)
        post_list.show_groups(with_bookmarks(listing.groups, bookmarked), empty)
        post_list.set_marks(read, self._bookmarked_shown)
        if not listing.order and not self._searching:
            self._preview(None)  # no post left to show
        self._show_counts()
        if self._select is not None:
            self.select_path(self._select)
            self._select = None
        elif self._to_restore is not None:
            key, wanted = self.reading.key, self._to_restore
            post = next((post for post in listing.order if key(post.path) == wanted), None)
            if post is not None:
                # Once: after that, the cursor is the reader's, who may have moved it
                # while the rest of the library loaded.
                post_list.highlight_post(post)
                self._to_restore = None

    def _show_counts(self) -> None:
        """Say in the title bar how many posts there are, and how they are listed."""
        count = len(self.library.posts)
        expected = max(self.state.progress[1], self.state.expected)
        total = count if self._loaded else max(count, expected)  # while loading
        noun = "post" if total == 1 else "posts"
        if self.filter_text:  # of the posts loaded so far: the others are not looked at
            shown = len(self.state.listing.order)
            counted = f"{shown} of {count}" + (" loaded" if total > count else "")
        else:
            counted = f"{count} of {total}" if total > count else f"{count}"
        self.sub_title = (
            f"{one_line(self.library.name, 60)} · {counted} {noun} · {self.grouping.label}"
            f" · {self.post_order.label}"
        )

    def _choose(self) -> None:
        """List the library as the reader chose (the state works it out once)."""
        started = time.perf_counter()
        self.state.choice = ListChoice(
            self.grouping, self.post_order, self.filter_text, self._drafts
        )
        self._refresh_seconds = time.perf_counter() - started

    def watch_grouping(self) -> None:
        """Regroup the list; later libraries start grouped so too."""
        self.state.remember(grouping=self.grouping.value)
        self._choose()
        self._view_changed()

    def watch_filter_text(self) -> None:
        """Filter the list."""
        self._choose()
        self._view_changed()

    def watch_post_order(self) -> None:
        """Sort the list again; later libraries start in this order too."""
        self.state.remember(order=self.post_order.name.lower())
        self._choose()

    def select_path(self, path: Path) -> None:
        """Highlight the post read from ``path``."""
        target = next((post for post in self.library.posts if post.path == path), None)
        self.query_one(PostList).highlight_post(target)

    @on(PostList.Highlighted)
    def _post_highlighted(self, message: PostList.Highlighted) -> None:
        """Preview the highlighted post in the sidebar; remember it as the selection."""
        self._selected_key = self.reading.key(message.post.path)
        self._view_changed()
        self._preview(message.post)

    @on(SearchResults.Highlighted)
    def _hit_highlighted(self, message: SearchResults.Highlighted) -> None:
        """Preview the highlighted search hit in the sidebar."""
        self._preview(message.post)

    def _preview(self, post: PostSummary | None) -> None:
        """What the library knows shows at once; the whole front matter once the cursor rests."""
        self.query_one(MetadataSidebar).show_post(post)
        if post is None:
            self._preview_later.cancel()
        else:
            self._preview_later.restart()

    def _read_current_post(self) -> None:
        if (post := self.current_post) is not None:
            self._read_whole_post(post)

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False)
    def _read_whole_post(self, post: PostSummary) -> None:
        # In a thread: a post of megabytes takes a tenth of a second to read.
        whole = whole_post(post, self.library.speeds)
        self.app.call_from_thread(self._show_whole_post, post, whole)

    def _show_whole_post(self, post: PostSummary, whole: Post) -> None:
        if self.current_post is post:  # still under the cursor
            self.query_one(MetadataSidebar).show_post(whole)

    @on(Input.Changed, "#filter")
    def _filter_typed(self, event: Input.Changed) -> None:
        """Filter as the reader types (when typing pauses, if the list is slow to redo)."""
        if self._refresh_seconds < QUICK_REFRESH_SECONDS:
            self._filter_later.cancel()
            self.filter_text = event.value
        else:
            self._filter_later.restart()

    def _apply_filter(self) -> None:
        self._filter_later.cancel()
        self.filter_text = self.query_one("#filter", Input).value

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        """Enter in the filter applies it at once and goes back to the list."""
        self._apply_filter()
        self.set_focus(self.query_one(PostList))

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

    @property
    def current_post(self) -> PostSummary | None:
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

    @property
    def _drafts(self) -> Drafts:
        """What happens to drafts when a filter or a search does not say: the setting."""
        return "include" if self.state.settings.drafts else "exclude"

    # --- reading state ---------------------------------------------------------------

    def _show_marks(self) -> None:
        """Mark unread and bookmarked posts; regroup when the bookmarks changed."""
        read, bookmarked = self.reading.marks(self.library.posts)
        if bookmarked != self._bookmarked_shown:
            self._show_listing(self.state.listing)  # the bookmarks group changed
            return
        self.query_one(PostList).set_marks(read, bookmarked)

    def on_screen_resume(self) -> None:
        """Back from a post (or another reader's changes): show the marks as they are now."""
        self.reading.reload()
        self._show_marks()

    def _restore_view(self) -> None:
        """Group and filter the library the way it was last left (listed once, not per choice)."""
        settings = self.state.settings
        grouping = Grouping(settings.grouping)
        view = self._saved_view = self.reading.view(self.library.roots)
        if view is not None:
            self._to_restore = view.selected_path
            grouping = next((g for g in Grouping if g.value == view.grouping), grouping)
            if view.filter_text:
                filter_box = self.query_one("#filter", Input)
                filter_box.value = view.filter_text
                filter_box.display = True
                self.set_reactive(LibraryScreen.filter_text, view.filter_text)
        self.set_reactive(LibraryScreen.grouping, grouping)
        self.set_reactive(LibraryScreen.post_order, SortOrder[settings.order.upper()])
        self.state.remember(grouping=grouping.value)
        self._choose()

    def _view_changed(self) -> None:
        """Save the view soon (never while loading: the selection is not the reader's yet)."""
        if self._loaded:
            self._view_later.soon()

    def _save_view(self) -> None:
        self._view_later.cancel()
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

    def marks_changed(self, said: str) -> None:
        """Show the marks in the list as they are now, and say what changed."""
        self._show_marks()
        super().marks_changed(said)

    def _empty(self) -> bool:
        """Whether the folder is loaded and holds no post."""
        return self._loaded and not self.library.posts

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """An empty folder's footer offers to open another, not to filter nothing."""
        empty = self._empty()
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
