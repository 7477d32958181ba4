"""The posts a full-text search found, best first, each with a line of its text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model.details import shared_title_places, short_date, short_minutes
from reader.model.post import PostSummary
from reader.model.search import SearchHit, SearchQuery, SearchResult, fit
from reader.model.text import one_line
from reader.widgets.keyboard_option_list import KeyboardOptionList

MATCH_STYLE = Style(bold=True, color="black", bgcolor="yellow")


class SearchResults(KeyboardOptionList):
    """Search hits: the title (with date and reading time) over a dim snippet."""

    BINDINGS = [Binding("enter", "select", "Read the post", show=False)]

    @dataclass
    class Highlighted(Message):
        """The cursor moved to a found post."""

        post: PostSummary

    @dataclass
    class Chosen(Message):
        """A found post was picked to read, to be shown at the first match of ``find``."""

        post: PostSummary
        find: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hits: list[SearchHit] = []
        self._places: dict[Path, str] = {}  # where posts sharing a title are
        self._result = SearchResult([], 0)
        self._query = ""
        self._note = ""

    def show_hits(self, query: str, result: SearchResult, note: str = "") -> None:
        """List the hits of ``query`` under their count (or say that nothing was found).

        ``note`` is a line of news above them (how far indexing has got).
        """
        same = query == self._query and self._hits  # the same hits, completed: stay put
        highlighted = self.highlighted
        self._query = query
        self._result = result
        self._note = note
        self._list_hits()
        if same and highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted

    def _list_hits(self) -> None:
        hits = self._result.hits
        self._hits = []
        self.clear_options()
        if self._note:
            self.add_option(Option(Text(self._note, style="italic"), disabled=True))
        if not hits:
            no_post = f"No post holds {one_line(self._query, 60)!r}."
            self.add_option(Option(Text(no_post, style="italic"), disabled=True))
            return
        self.add_option(Option(Text(self._result.count_text, style="bold"), disabled=True))
        self._hits = hits
        self._places = shared_title_places(hit.post for hit in hits)
        # Options are counted from the first hit: the lines above are taken off below.
        self.add_options(Option(self._hit_row(hit)) for hit in hits)
        self.highlighted = self._first_hit

    @property
    def _first_hit(self) -> int:
        return self.option_count - len(self._hits)

    def on_resize(self) -> None:
        """Cut the snippets again to the new width, keeping each match in view."""
        if self._hits:
            highlighted = self.highlighted
            self._list_hits()
            self.highlighted = highlighted

    def _hit_row(self, hit: SearchHit) -> Text:
        """The hit's date, reading time and title over its snippet, the match highlighted."""
        post = hit.post
        width = max(20, self.scrollable_content_region.width - 2)
        line = Text(style="dim")
        if hit.match:
            text, start, end = fit(hit.snippet, *hit.match, width)
            line.append(text)
            line.stylize(MATCH_STYLE, start, end)
        else:
            line.append(one_line(hit.snippet, 300) or " ")
        return Text.assemble(
            (short_date(post.date), "dim"),
            (f"{short_minutes(post.reading_minutes)}  ", "dim"),
            (one_line(post.title, 200), "bold"),
            (f"  {one_line(self._places.get(post.path, ''), 200)}", "dim")
            if post.path in self._places
            else "",
            "\n",
            line,
        )

    @property
    def highlighted_post(self) -> PostSummary | None:
        """The found post under the cursor, if any."""
        hit = self._hit_at(self.highlighted)
        return hit.post if hit else None

    def _hit_at(self, option: int | None) -> SearchHit | None:
        """The hit shown as option ``option``, if it is one."""
        if option is None or not 0 <= option - self._first_hit < len(self._hits):
            return None
        return self._hits[option - self._first_hit]

    def show_message(self, message: str) -> None:
        """Show a line of news instead of hits (indexing, nothing found)."""
        self._hits = []
        self.clear_options()
        self.add_option(Option(Text(message, style="italic"), disabled=True))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Tell the screen which found post is under the cursor."""
        event.stop()
        if hit := self._hit_at(event.option_index):
            self.post_message(self.Highlighted(hit.post))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Tell the screen which post was picked."""
        event.stop()
        if hit := self._hit_at(event.option_index):
            self.post_message(self.Chosen(hit.post, hit.matched_text or self._longest_term()))

    def _longest_term(self) -> str:
        """What to find in a post whose snippet does not show the match."""
        terms = SearchQuery.parse(self._query).terms
        return max(terms, key=len) if terms else ""
