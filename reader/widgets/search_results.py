"""The posts a full-text search found, best first, each with a line of its text."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model.details import short_date, short_minutes
from reader.model.post import Post
from reader.model.search import SearchHit
from reader.model.text import one_line
from reader.widgets.keyboard_option_list import KeyboardOptionList


class SearchResults(KeyboardOptionList):
    """Search hits: the title (with date and reading time) over a dim snippet."""

    BINDINGS = [Binding("enter", "select", "Read the post", show=False)]

    @dataclass
    class Highlighted(Message):
        """The cursor moved to a found post."""

        post: Post

    @dataclass
    class Chosen(Message):
        """A found post was picked to read, to be shown at the first match of ``query``."""

        post: Post
        query: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hits: list[SearchHit] = []
        self._query = ""

    def show_hits(self, query: str, hits: list[SearchHit]) -> None:
        """List ``hits`` for ``query`` (or say that nothing was found)."""
        self._query = query
        self._hits = hits
        self.clear_options()
        if not hits:
            self.show_message(f"No post holds {one_line(query, 60)!r}.")
            return
        self.add_options(Option(_hit_row(hit)) for hit in hits)
        self.highlighted = 0

    @property
    def highlighted_post(self) -> Post | None:
        """The found post under the cursor, if any."""
        index = self.highlighted
        return self._hits[index].post if index is not None and index < len(self._hits) else None

    def show_message(self, message: str) -> None:
        """Show a line of news instead of hits (indexing, nothing found)."""
        self._hits = []
        self.clear_options()
        self.add_option(Option(Text(message, style="italic"), disabled=True))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Tell the screen which found post is under the cursor."""
        event.stop()
        if event.option_index < len(self._hits):
            self.post_message(self.Highlighted(self._hits[event.option_index].post))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Tell the screen which post was picked."""
        event.stop()
        if event.option_index < len(self._hits):
            self.post_message(self.Chosen(self._hits[event.option_index].post, self._query))


def _hit_row(hit: SearchHit) -> Text:
    post = hit.post
    return Text.assemble(
        (short_date(post.date), "dim"),
        (f"{short_minutes(post.reading_minutes)}  ", "dim"),
        (one_line(post.title, 200), "bold"),
        "\n",
        (one_line(hit.snippet, 300) or " ", "dim"),
    )
