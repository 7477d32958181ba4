"""ReaderApp: loads the library and wires the screens together; the screens present.

The screens other than the post's, and search, are imported where first used:
``reader open`` draws the post before it needs any of them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerState, get_current_worker

from reader.ansi_palette import readable_ansi_theme
from reader.app_overlays import OverlaidApp
from reader.app_state import AppState, OpenPost, Phase
from reader.commands import OpenPostCommands
from reader.model.collector import freeze_survivors, thaw_survivors
from reader.model.config import ConfigError, Settings, save_settings
from reader.model.discovery import LibraryError
from reader.model.health.finding import next_with_problems
from reader.model.health.library import add_library_findings
from reader.model.library import (
    Library,
    LibraryChange,
    cached_posts,
    load_library,
)
from reader.model.listing import Listing
from reader.model.post import PostSummary
from reader.model.post_loader import load_post, whole_post
from reader.model.session import ReadingSession
from reader.model.state import ReadingState
from reader.model.text import one_line
from reader.model.watching import watch_library
from reader.screens.post import PostScreen
from reader.widgets.delayed_call import DelayedCall

if TYPE_CHECKING:
    from reader.screens.library import LibraryScreen
    from reader.widgets.history_list import HistoryList
    from reader.widgets.post_list import PostList
    from reader.widgets.search_results import SearchResults

FULLTEXT_DELAY_SECONDS = 1.0
# Posts arriving while the library loads are listed at most this often.
ARRIVALS_SECONDS = 0.3
# Cached posts shown at once, newest first, while the library loads: several screens
# of any view, and quick to build however big the library (100,000 posts take a second).
FIRST_POSTS = 2000


class ReaderApp(OverlaidApp):
    """Browse a library of posts and read them."""

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    COMMANDS = App.COMMANDS | {OpenPostCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Keys"),
        Binding("H", "history", "History", show=False),
        Binding("ctrl+p", "command_palette", "Commands", show=False),
        Binding("tab", "focus_next", "Next pane", show=False),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False),
    ]

    @dataclass
    class PostsArrived(Message):
        """More posts are loaded: ``done`` of ``total`` so far."""

        posts: list[PostSummary]
        done: int
        total: int

    @dataclass
    class LibraryLoaded(Message):
        """Every post of the library is loaded."""

        library: Library

    @dataclass
    class LibraryChanged(Message):
        """Posts were added, edited or removed on disk while the app was open."""

        change: LibraryChange

    @dataclass
    class FulltextProgress(Message):
        """``done`` of ``total`` posts are in the full-text index."""

        done: int
        total: int

    @dataclass
    class FulltextBuilt(Message):
        """Every post is in the full-text index (or the index cannot be had)."""

        notices: list[str]

    def __init__(
        self,
        paths: list[Path],
        open_file: Path | None = None,
        use_cache: bool = True,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.open_file = open_file
        self.use_cache = use_cache
        settings = settings or Settings()
        # Textual's ANSI themes, dark and light, whose normal colours stay.
        self._default_ansi_themes = {True: self.ansi_theme_dark, False: self.ansi_theme_light}
        self._arrived: list[PostSummary] = []  # loaded, not shown yet
        self._arrivals_later = DelayedCall(self, ARRIVALS_SECONDS, self._show_arrivals)
        self._stop_watching = threading.Event()
        state, self._state_notice = ReadingState.open()
        self.reading = ReadingSession(state, settings.mark_read, self._state_trouble)
        """Read marks, places, bookmarks, history and views, shared with the screens."""
        self.state = AppState(
            settings, self.reading, Library(paths, settings.reading_speeds), use_cache
        )
        """What the screens are given and watch: settings, reading session, the library."""

    @property
    def settings(self) -> Settings:
        """The settings, with the choices made in the app since it started."""
        return self.state.settings

    @property
    def library(self) -> Library:
        """The library as loaded so far."""
        return self.state.library

    @property
    def library_loaded(self) -> bool:
        """Whether every post of the library is loaded."""
        return self.state.phase.complete

    @property
    def searchable(self) -> bool:
        """Whether full-text search can start (the index is built, or files are read)."""
        return self.state.searchable

    def _state_trouble(self, message: str) -> None:
        self.notify(one_line(message), severity="warning", markup=False, timeout=8)

    def action_save_settings(self) -> None:
        """Write the choices made in the app to the config file, keeping its comments."""
        try:
            path = save_settings(self.settings)
        except ConfigError as error:
            self.notify(one_line(str(error)), severity="error", markup=False, timeout=8)
            return
        self.notify(one_line(f"Settings saved to {path}"), markup=False, timeout=4)

    def _use_readable_ansi_colours(self, theme: Theme | None = None) -> None:
        """Draw posts' ANSI colours in the current theme's own, readable on its background."""
        dark = self.current_theme.dark
        derived = readable_ansi_theme(self.get_css_variables(), self._default_ansi_themes[dark])
        if dark:
            self.ansi_theme_dark = derived
        else:
            self.ansi_theme_light = derived

    def _theme_chosen(self, theme: Theme) -> None:
        self.state.remember(theme=theme.name)

    def on_mount(self) -> None:
        """Show the library, or for ``reader open`` the post first and the library after."""
        if self._state_notice:
            self._state_trouble(self._state_notice)
        self.watch(self.state, "listing", self._listing_changed)
        theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._theme_chosen)
        self.theme_changed_signal.subscribe(self, self._use_readable_ansi_colours)
        self._use_readable_ansi_colours()
        if theme is not None and theme in self.available_themes:
            self.theme = theme
        elif theme is not None:
            message = f"No theme named {theme!r}; the command palette lists them."
            self.notify(one_line(message), severity="warning", markup=False, timeout=8)
        if self.open_file is None:
            if self.use_cache:
                # The newest posts the cache knew, shown at once; loading brings the rest
                # and puts right what changed. Read here, not in the loading thread: it
                # would contend with the first frames for the interpreter lock.
                posts, self.state.expected = cached_posts(
                    self.paths, FIRST_POSTS, self.library.speeds
                )
                if posts:
                    self.state.phase = Phase.CACHED
                    self.state.library = replace(self.library, posts=posts)
                freeze_survivors()  # see on_reader_app_library_loaded
            # Pushed once the app has started, as the post screen below.
            self.call_later(self.push_screen, self._new_library_screen())
            # Loading (in a thread, holding the interpreter lock by turns) waits for the
            # first frame: the cached posts, or a library never seen before with its
            # progress, which the first posts loaded then fill in at once.
            self.call_after_refresh(self._load_library)
        else:
            post = load_post(self.open_file, self.open_file.parent, self.library.speeds)
            # Pushed once the app has started: Textual holds the display while it starts,
            # so a screen pushed here would draw a first frame only to throw it away.
            self.call_later(self.push_screen, PostScreen(self.state, post))
            # The post is on screen before the folder is read, so a big folder never delays it.
            self.call_after_refresh(self._load_library)

    @work(thread=True, exclusive=True, group="library", exit_on_error=False)
    def _load_library(self) -> None:
        def report(posts: list[PostSummary], done: int, total: int) -> None:
            self.post_message(self.PostsArrived(posts, done, total))

        try:
            library = load_library(
                self.paths,
                speeds=self.library.speeds,
                on_progress=report,
                use_cache=self.use_cache,
                stop=get_current_worker().cancelled_event,  # set when the app quits
                known=self.library.posts if self.state.phase is Phase.CACHED else (),
            )
        except LibraryError as error:
            self.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        add_library_findings(library.posts)  # same titles and bodies: 10,000 posts ~0.3 s
        self.post_message(self.LibraryLoaded(library))

    def _listing_changed(self, listing: Listing) -> None:
        self._prepare_order(listing)

    # A description of its own: by default Textual's describes a worker with the repr()
    # of its arguments, here every post of the listing (3,000 posts: 0.27 s, 27 MB).
    @work(
        thread=True,
        exclusive=True,
        group="listing",
        exit_on_error=False,
        description="reading order",
    )
    def _prepare_order(self, listing: Listing) -> None:
        """Work out the new listing's reading order while the reader looks at its groups."""
        listing.prepare()

    @work(thread=True, exclusive=True, group="fulltext", exit_on_error=False)
    def _build_fulltext(self) -> None:
        from reader.model.search import build_fulltext

        def report(done: int, total: int) -> None:
            self.post_message(self.FulltextProgress(done, total))

        stop = get_current_worker().cancelled_event  # set when the app quits
        notices = build_fulltext(self.library, on_progress=report, stop=stop)
        if not stop.is_set():
            self.post_message(self.FulltextBuilt(notices))

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch_library(self) -> None:
        for change in watch_library(self.library, self._stop_watching, self.use_cache):
            self.post_message(self.LibraryChanged(change))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Say so when background work failed in an unforeseen way, instead of crashing."""
        if event.state is not WorkerState.ERROR:
            return
        doing = {
            "library": "load the library",
            "listing": "list the library",
            "fulltext": "index the text",
            "watch": "watch",
        }
        what = doing.get(event.worker.group, event.worker.group)
        message = one_line(f"Could not {what}: {event.worker.error}")
        self.notify(message, severity="error", markup=False, timeout=10)

    def _new_library_screen(self, select: Path | None = None) -> LibraryScreen:
        from reader.screens.library import LibraryScreen

        return LibraryScreen(self.state, select=select)

    def _library_screen(self) -> LibraryScreen | None:
        """The library screen, unless the app is closing (its widgets may be gone)."""
        from reader.screens.library import LibraryScreen

        screen = next((s for s in self.screen_stack if isinstance(s, LibraryScreen)), None)
        return screen if screen is not None and screen.is_attached else None

    def on_reader_app_posts_arrived(self, message: PostsArrived) -> None:
        """Show the posts loaded so far (unless cached ones are shown), and the progress."""
        if self.library_loaded:
            return  # a message that arrived after the whole library
        if self.state.phase is Phase.LOADING:
            self._arrived.extend(message.posts)
            if not self._arrivals_later.waiting:
                self._show_arrivals()
        self.state.progress = (message.done, message.total)

    def _show_arrivals(self) -> None:
        """Add the posts loaded so far to the library: at once, then a few times a second.

        Listing a big library again takes a while: arrivals wait for the next turn.
        """
        if self._arrived and not self.library_loaded:
            posts, self._arrived = self._arrived, []
            self.state.library = replace(self.library, posts=[*self.library.posts, *posts])
            self._arrivals_later.soon()

    def on_reader_app_library_loaded(self, message: LibraryLoaded) -> None:
        """Keep the loaded library and show it; pass on what went wrong with the cache."""
        self._arrived = []
        self.reading.adopt_moved(message.library.posts)
        self.state.phase = Phase.LOADED
        self.state.library = message.library
        # The posts live as long as the app: out of the cycle collector's sight, its
        # passes stay short however big the library (100,000 posts: a second each).
        freeze_survivors()
        for notice in message.library.notices:
            self.notify(notice, severity="warning", markup=False, timeout=8)
        if self.use_cache:
            # Once the list is drawn, never before: indexing 60 MB of text takes seconds,
            # and its thread would slow the first frames down.
            self.set_timer(FULLTEXT_DELAY_SECONDS, self._build_fulltext)
        self._watch_library()

    def on_reader_app_fulltext_progress(self, message: FulltextProgress) -> None:
        """Show how far indexing the text has got."""
        self.state.index_progress = (message.done, message.total)

    def on_reader_app_fulltext_built(self, message: FulltextBuilt) -> None:
        """Searching can start."""
        for notice in message.notices:
            self.notify(notice, severity="warning", markup=False, timeout=8)
        self.state.phase = Phase.INDEXED

    def on_reader_app_library_changed(self, message: LibraryChanged) -> None:
        """Take in posts changed on disk; reload the open post if it is one of them."""
        self.library.apply(message.change)
        self.state.library = self.library  # listed again
        if isinstance(self.screen, PostScreen):
            changed = {post.path for post in message.change.updated}
            if self.screen.post.path in changed:
                self.screen.show_post(whole_post(self.screen.post, self.library.speeds))
            elif self.screen.post.path in message.change.removed:
                # The text stays on screen to finish reading; say why it may not come back.
                message_text = "This post's file was removed or renamed on disk."
                self.notify(message_text, severity="warning", timeout=8)
        if self.use_cache and message.change.updated:
            self._build_fulltext()  # the edited posts' new text

    def on_library_screen_folder_chosen(self, message: LibraryScreen.FolderChosen) -> None:
        """Open another folder in place of the library on screen."""
        self.paths = [message.folder]
        self._arrived = []
        self.state.expected = 0
        self.state.progress = (0, 0)
        self.state.phase = Phase.LOADING
        self.state.library = Library(self.paths, self.library.speeds)
        self._stop_watching.set()  # the old library's folders
        self._stop_watching = threading.Event()
        self.switch_screen(self._new_library_screen())
        self._load_library()

    def library_posts(self) -> list[PostSummary]:
        """The library's posts in the order the library list shows them."""
        return self.state.listing.order

    def open_post(self, post: PostSummary, find: str = "") -> None:
        """Read ``post``, replacing the post on screen if there is one.

        The library keeps posts without their text: the file is read afresh here. With
        ``find``, the post opens at its first match of that text.
        """
        whole = whole_post(post, self.library.speeds)
        if isinstance(self.screen, PostScreen):
            self.screen.show_post(whole)
        else:
            self.push_screen(PostScreen(self.state, whole, find=find))

    def on_search_results_chosen(self, message: SearchResults.Chosen) -> None:
        """Open a post found by a search at its first match."""
        self.open_post(message.post, find=message.find)

    def on_open_post(self, message: OpenPost) -> None:
        """Open a post asked for by a command."""
        self.open_post(message.post, find=message.find)

    def on_post_list_chosen(self, message: PostList.Chosen) -> None:
        """Open the post picked in the library."""
        self.open_post(message.post)

    def on_post_screen_step_requested(self, message: PostScreen.StepRequested) -> None:
        """Move to the next or previous post in the library's order."""
        listing = self.state.listing
        if listing.position(message.post) is None:
            self.notify("This post is not in the library (yet).", severity="warning", timeout=3)
            return
        post = listing.step(message.post, message.offset)
        if post is not None:
            self.open_post(post)
        else:
            self.notify("No more posts this way.", timeout=2)

    def on_post_screen_back_requested(self, message: PostScreen.BackRequested) -> None:
        """Go back to the library with the post highlighted."""
        if screen := self._library_screen():
            self.pop_screen()
            screen.select_path(message.post.path)
        else:
            screen = self._new_library_screen(select=message.post.path)
            self.switch_screen(screen)

    def on_post_screen_next_unread_requested(self, message: PostScreen.NextUnreadRequested) -> None:
        """Open the next unread post after the one on screen, in the library's order."""
        post = self.state.listing.next_unread(message.post, self.reading.is_read)
        if post is None:
            self.notify("No unread post left.", timeout=2)
        else:
            self.open_post(post)

    def action_next_problem(self) -> None:
        """Go to the next post with problems: open it from a post, highlight it in the list."""
        from reader.screens.library import LibraryScreen
        from reader.widgets.post_list import PostList

        screen = self.screen
        current: PostSummary | None = screen.post if isinstance(screen, PostScreen) else None
        if isinstance(screen, LibraryScreen):
            current = screen.query_one(PostList).highlighted_post
        post = next_with_problems(self.library_posts(), current)
        if post is None:
            self.notify("No post with problems.", timeout=2)
        elif isinstance(screen, LibraryScreen):
            screen.select_path(post.path)
        else:
            self.open_post(post)

    def on_history_list_chosen(self, message: HistoryList.Chosen) -> None:
        """Open a post picked in the history."""
        self.pop_screen()
        key = self.reading.key
        post = next((post for post in self.library.posts if key(post.path) == message.path), None)
        path = Path(message.path)
        self.open_post(post or PostSummary(path=path, root=path.parent))

    def action_history(self) -> None:
        """Show the recently opened posts."""
        from reader.screens.help import HelpScreen
        from reader.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen | HelpScreen):
            self.push_screen(HistoryScreen(self.reading.history()))

    def on_unmount(self) -> None:
        """Stop watching the folders and close the reading state (screens saved theirs)."""
        self._stop_watching.set()
        self.reading.close()
        thaw_survivors()  # what was frozen with the library may be collected with it

    def action_help(self) -> None:
        """Show every key of the current screen."""
        from reader.screens.help import HelpScreen, key_groups

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(key_groups(self.screen)))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Add reader's own commands to the palette."""
        from reader.screens.library import LibraryScreen

        # Textual's "Keys" panel is left out: reader's Help lists every key, grouped.
        yield from (
            command for command in super().get_system_commands(screen) if command.title != "Keys"
        )
        yield SystemCommand("Help", "Every key of this screen, in a dialog", self.action_help)
        yield SystemCommand("History", "Recently read posts, newest first", self.action_history)
        yield SystemCommand(
            "Save settings",
            "Keep this theme, sidebar, reading width, grouping and order in config.toml",
            self.action_save_settings,
        )
        if isinstance(screen, LibraryScreen | PostScreen):
            yield SystemCommand(
                "Toggle sidebar", "Show or hide the metadata", screen.action_toggle_sidebar
            )
            yield SystemCommand(
                "Mark read or unread", _post_named(screen, "m"), screen.action_toggle_read
            )
            yield SystemCommand(
                "Bookmark or remove the bookmark",
                _post_named(screen, "*"),
                screen.action_toggle_bookmark,
            )
            yield SystemCommand(
                "Next unread post",
                "After this one, in the library's order (U)",
                screen.action_next_unread,
            )
            yield SystemCommand(
                "Next post with problems",
                "Cut titles, cut-off parts, repeats, broken text (reader check lists them)",
                self.action_next_problem,
            )
        if isinstance(screen, LibraryScreen):
            yield SystemCommand(
                "Group posts", "By category, date, tag or all (v)", screen.action_next_grouping
            )
            yield SystemCommand(
                "Order posts",
                "Newest first, by title, shortest first (o)",
                screen.action_next_post_order,
            )
            yield SystemCommand(
                "Search the text",
                "Find words in every post, Japanese too (ctrl+f)",
                screen.action_search,
            )
        if isinstance(screen, PostScreen):
            yield SystemCommand(
                "Table of contents", "Show or hide the headings", screen.action_toggle_contents
            )


def _post_named(screen: LibraryScreen | PostScreen, key: str) -> str:
    """The palette's help for a command on one post: the post's title, and its key."""
    from reader.widgets.post_list import PostList

    if isinstance(screen, PostScreen):
        post: PostSummary | None = screen.post
    else:
        post = screen.query_one(PostList).highlighted_post
    title = one_line(post.title, 60) if post is not None else "the highlighted post"
    # The palette reads a help text as markup, unless it is Content already: a title
    # such as "[/path]" is data, and no escaping of markup keeps every title intact.
    return cast(str, Content(f"{title} ({key})"))
