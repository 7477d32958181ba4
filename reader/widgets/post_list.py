"""The library's list of posts, grouped, one row per post."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model.details import short_date
from reader.model.post import Post
from reader.model.text import one_line
from reader.widgets.keyboard_option_list import KeyboardOptionList


class PostOption(Option):
    """A row of the list that holds the post it shows."""

    def __init__(self, post: Post) -> None:
        # The title comes last, so a long one is cut (reader.tcss: text-overflow).
        row = Text.assemble(
            (short_date(post.date), "dim"),
            (f"{post.reading_minutes:>4} min  ", "dim"),
            ("draft " if post.draft else "", "italic yellow"),
            ("⚠ " if post.problems else "", "bold red"),
            one_line(post.title, 300),
        )
        super().__init__(row)
        self.post = post


class PostList(KeyboardOptionList):
    """Posts grouped under headings with counts, newest first inside each group."""

    BINDINGS = [Binding("enter", "select", "Read the post", show=False)]

    @dataclass
    class Highlighted(Message):
        """The cursor moved to a post."""

        post: Post

    @dataclass
    class Chosen(Message):
        """A post was picked to read (enter or click)."""

        post: Post

    def show_groups(self, groups: list[tuple[str, list[Post]]], empty: str) -> None:
        """Fill the list with named groups of posts, keeping the highlighted post.

        ``empty`` is what the list says when there is no group.
        """
        current = self.highlighted_post
        self.clear_options()
        options: list[Option | None] = (
            [] if groups else [Option(Text(empty, style="italic"), disabled=True)]
        )
        for name, posts in groups:
            heading = Text.assemble((one_line(name, 80), "bold"), (f"  {len(posts)}", "dim"))
            options.append(Option(heading, disabled=True))
            options.extend(PostOption(post) for post in posts)
        self.add_options(options)
        self.highlight_post(current)

    @property
    def highlighted_post(self) -> Post | None:
        """The post under the cursor, if any."""
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return option.post if isinstance(option, PostOption) else None

    def highlight_post(self, post: Post | None) -> None:
        """Move the cursor to ``post`` (its first row), or to the first post."""
        for index, option in enumerate(self.options):
            if isinstance(option, PostOption) and (post is None or option.post.path == post.path):
                self.highlighted = index
                return
        self.highlighted = None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Tell the screen which post is under the cursor."""
        event.stop()
        if isinstance(event.option, PostOption):
            self.post_message(self.Highlighted(event.option.post))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Tell the screen a post was chosen."""
        event.stop()
        if isinstance(event.option, PostOption):
            self.post_message(self.Chosen(event.option.post))
