"""Full-text search in the library: a box to type words into, and the hits, best first."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Input

from reader.model.library import Library
from reader.model.post import Post
from reader.model.search import SearchHit, match_expression, query_terms, search
from reader.model.text import one_line
from reader.widgets.search_results import SearchResults

SEARCH_HINT = "Search the text of every post (Japanese too); enter to go to the results"
SEARCH_PAUSE_SECONDS = 0.3  # after the last key typed


class SearchPane(Vertical):
    """The search box over the hits; searches run in a thread once typing pauses.

    Its owner keeps ``library`` up to date and calls ``index_ready`` once the full-text
    index is built; until then only queries the index cannot answer anyway (words of
    one or two letters, read from the files) run.
    """

    def __init__(self, library: Library, *, searchable: bool, use_index: bool) -> None:
        super().__init__()
        self.library = library
        self._searchable = searchable
        self._use_index = use_index
        self._timer: Timer | None = None
        self._searched = ""  # the query of the hits shown or on their way

    def compose(self) -> ComposeResult:
        """The search box, then the hits."""
        yield Input(placeholder=SEARCH_HINT, id="search")
        yield SearchResults(id="results")

    @property
    def highlighted_post(self) -> Post | None:
        """The found post under the cursor, if any."""
        return self.query_one(SearchResults).highlighted_post

    def start(self) -> None:
        """Show the pane and put the keyboard in the search box."""
        self.display = True
        self.screen.set_focus(self.query_one(Input))
        self._search()

    def show_index_progress(self, done: int, total: int) -> None:
        """Say how far indexing the text has got, while a search waits for it."""
        if self.display and not self._searchable:
            self.query_one(SearchResults).show_message(
                f"Indexing the text of the posts: {done:,} of {total:,}… the search starts after."
            )

    def index_ready(self) -> None:
        """The full-text index is built: run the search that waited for it, if any."""
        self._searchable = True
        if self.display and self.query_one(SearchResults).highlighted_post is None:
            self._search()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Search once typing pauses."""
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_PAUSE_SECONDS, self._search)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter searches now (unless it already has) and goes to the hits."""
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        if event.value != self._searched:
            self._search()
        self.screen.set_focus(self.query_one(SearchResults))

    def _search(self) -> None:
        query = self._searched = self.query_one(Input).value
        results = self.query_one(SearchResults)
        if not query.strip():
            results.show_message("Type words to find in the text of every post.")
        elif self._searchable or match_expression(query_terms(query)) is None:
            # Short words are looked for in the files: they never wait for the index.
            results.show_message(f"Searching for {one_line(query, 60)!r}…")
            self._run_search(query)
        else:
            results.show_message("Indexing the text of the posts… the search starts after.")

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _run_search(self, query: str) -> None:
        hits = search(self.library, query, use_index=self._use_index)
        self.app.call_from_thread(self._show_hits, query, hits)

    def _show_hits(self, query: str, hits: list[SearchHit]) -> None:
        """Show hits, unless the query changed since (a slow search ending late)."""
        if self.query_one(Input).value == query:
            self.query_one(SearchResults).show_hits(query, hits)
