"""ReaderApp: wires the library and post screens together; the screens do the work."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from reader.commands import OpenPostCommands
from reader.model.post import Post, load_post
from reader.screens.help import HelpScreen, key_rows
from reader.screens.library import LibraryScreen
from reader.screens.post import PostScreen
from reader.widgets.post_list import PostList


class ReaderApp(App[None]):
    """Browse a library of posts and read them."""

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    COMMANDS = App.COMMANDS | {OpenPostCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Keys"),
        Binding("tab", "focus_next", "Next pane", show=False),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False),
    ]

    def __init__(self, paths: list[Path], open_file: Path | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.open_file = open_file

    def on_mount(self) -> None:
        """Show the library, and the post on top of it for ``reader open``."""
        self.push_screen(LibraryScreen(self.paths, select=self.open_file))
        if self.open_file is not None:
            self.push_screen(PostScreen(load_post(self.open_file)))

    @property
    def library_screen(self) -> LibraryScreen:
        """The library screen, always at the bottom of the stack."""
        return next(screen for screen in self.screen_stack if isinstance(screen, LibraryScreen))

    def library_posts(self) -> list[Post]:
        """The library's posts in the order the list shows them."""
        return self.library_screen.posts_in_order

    def open_post(self, post: Post) -> None:
        """Read ``post``, replacing the post on screen if there is one."""
        if isinstance(self.screen, PostScreen):
            self.screen.show_post(post)
        else:
            self.push_screen(PostScreen(post))

    def on_post_list_chosen(self, message: PostList.Chosen) -> None:
        """Open the post picked in the library."""
        self.open_post(message.post)

    def on_post_screen_step_requested(self, message: PostScreen.StepRequested) -> None:
        """Move to the next or previous post in the library's order."""
        posts = self.library_posts()
        paths = [post.path for post in posts]
        if message.post.path not in paths:
            self.notify("This post is not in the library list.", severity="warning")
            return
        index = paths.index(message.post.path) + message.offset
        if 0 <= index < len(posts):
            self.open_post(posts[index])
        else:
            self.notify("No more posts this way.", timeout=2)

    def on_post_screen_back_requested(self, message: PostScreen.BackRequested) -> None:
        """Go back to the library with the post highlighted."""
        self.pop_screen()
        self.library_screen.select_path(message.post.path)

    def action_help(self) -> None:
        """Show every key of the current screen."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(key_rows(self.screen)))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Add reader's own commands to the palette."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Keys", "Show every key", self.action_help)
        if isinstance(screen, LibraryScreen | PostScreen):
            yield SystemCommand(
                "Toggle sidebar", "Show or hide the metadata", screen.action_toggle_sidebar
            )
        if isinstance(screen, LibraryScreen):
            yield SystemCommand(
                "Group posts", "By category, date, tag or all", screen.action_next_grouping
            )
        if isinstance(screen, PostScreen):
            yield SystemCommand(
                "Table of contents", "Show or hide the headings", screen.action_toggle_contents
            )
