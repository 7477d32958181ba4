"""Full-text search in the library: a box to type words into, and the hits, best first."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input
from textual.worker import get_current_worker

from reader.app_state import AppState, Phase
from reader.model.filters import Drafts
from reader.model.post import PostSummary
from reader.model.search import SearchQuery, SearchResult, search, with_snippets
from reader.widgets.delayed_call import DelayedCall
from reader.widgets.search_results import SearchResults

SEARCH_HINT = (
    'Search every post: words, "a phrase", -left-out, tag: category: year: author:;'
    " enter goes to the hits"
)
SEARCH_PAUSE_SECONDS = 0.02  # after the last key typed: keys typed together search once
SCAN_PAUSE_SECONDS = 0.3  # the same, for words too short for the index (files are read)
SHOWN_HITS = 25  # a screen or two: each hit's snippet reads its file


class SearchPane(Vertical):
    """The search box over the hits; each search runs in a thread as the reader types.

    It searches the shared state's library, and watches the full-text index being
    built: until it is, searches read the files of the posts not indexed yet, with a
    line saying how far indexing has got.
    """

    DEFAULT_CSS = """
    SearchPane {
        display: none;
        width: 1fr;
        height: 1fr;

        & > Input {
            margin: 0 0;
        }
        /* Two lines a hit: the title, and a line of text around the match cut with "...". */
        & > SearchResults {
            height: 1fr;
            border: none;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
    }
    """

    def __init__(self, state: AppState, *, drafts: Drafts = "include") -> None:
        super().__init__()
        self.state = state
        self.drafts: Drafts = drafts
        """What happens to drafts when the query does not say (``is:draft``)."""
        self._use_index = state.use_index
        self._search_later = DelayedCall(self, SEARCH_PAUSE_SECONDS, self._search)
        self._searched = ""  # the query of the hits shown or on their way
        self._progress = ""
        self._by_path: tuple[list[PostSummary], dict[str, PostSummary]] | None = None

    def on_mount(self) -> None:
        """Follow the full-text index as it is built."""
        self.watch(self.state, "index_progress", self._show_index_progress, init=False)
        self.watch(self.state, "phase", self._index_ready, init=False)

    def compose(self) -> ComposeResult:
        """The search box, then the hits."""
        yield Input(placeholder=SEARCH_HINT, id="search")
        yield SearchResults(id="results")

    @property
    def highlighted_post(self) -> PostSummary | None:
        """The found post under the cursor, if any."""
        return self.query_one(SearchResults).highlighted_post

    def start(self) -> None:
        """Show the pane and put the keyboard in the search box."""
        self.display = True
        self.screen.set_focus(self.query_one(Input))
        self._search()

    def _show_index_progress(self, progress: tuple[int, int]) -> None:
        """Say how far indexing the text has got (searches read the files meanwhile)."""
        if self.state.searchable:
            return
        done, total = progress
        self._progress = f"Indexing the text of the posts: {done:,} of {total:,}…"
        # Hidden, nothing is looked up: progress may come while the app closes.
        if self.display and not self.query_one(Input).value.strip():
            self.query_one(SearchResults).show_message(self._progress)

    def _index_ready(self, phase: Phase) -> None:
        """Once the full-text index is built, search again with it."""
        if phase is not Phase.INDEXED:
            return
        self._progress = ""
        if self.display and self.query_one(Input).value.strip():
            self._search()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Search as the reader types."""
        event.stop()
        indexed = SearchQuery.parse(event.value).fulltext_expression() is not None
        pause = SEARCH_PAUSE_SECONDS if indexed and self._use_index else SCAN_PAUSE_SECONDS
        self._search_later.restart(pause)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter searches now (unless it already has) and goes to the hits."""
        event.stop()
        self._search_later.cancel()
        if event.value != self._searched:
            self._search()
        self.screen.set_focus(self.query_one(SearchResults))

    def _search(self) -> None:
        query = self._searched = self.query_one(Input).value
        results = self.query_one(SearchResults)
        if not query.strip():
            results.show_message(self._progress or "Type words to find in the text of every post.")
        else:
            self._run_search(query)

    def _posts_by_path(self) -> dict[str, PostSummary]:
        """The library's posts by path as text, made again only when the library changes."""
        posts = self.state.library.posts
        if self._by_path is None or self._by_path[0] is not posts:
            self._by_path = (posts, {str(post.path): post for post in posts})
        return self._by_path[1]

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _run_search(self, query: str) -> None:
        worker = get_current_worker()
        result = search(
            self.state.library,
            SearchQuery.parse(query, self.drafts),
            SHOWN_HITS,
            use_index=self._use_index,
            by_path=self._posts_by_path(),
            snippets=False,
        )
        self.app.call_from_thread(self._show_hits, query, result)
        if any(not hit.snippet for hit in result.hits) and not worker.is_cancelled:
            # The titles first, at once; then each hit's line of text, read from its file.
            self.app.call_from_thread(
                self._show_hits, query, with_snippets(result, query, self.state.library.speeds)
            )

    def _show_hits(self, query: str, result: SearchResult) -> None:
        """Show hits, unless the query changed since (a slow search ending late)."""
        if self.query_one(Input).value == query:
            self.query_one(SearchResults).show_hits(query, result, self._progress)
