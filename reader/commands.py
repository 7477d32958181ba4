"""Command palette entries that open a post by its title."""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits, Provider
from textual.content import Content

from reader.app_state import OpenPost
from reader.model.post import PostSummary
from reader.model.text import one_line
from reader.screens.reader_screen import ReaderScreen


class OpenPostCommands(Provider):
    """Offers every post of the library by its title."""

    async def startup(self) -> None:
        """Take the library's posts once per palette, not once per keystroke."""
        screen = self.screen
        posts = screen.state.posts_in_order if isinstance(screen, ReaderScreen) else []
        self._posts = [(one_line(post.title, 120), post) for post in posts]

    async def search(self, query: str) -> Hits:
        """Posts whose title matches ``query``, best first."""
        matcher = self.matcher(query)
        for title, post in self._posts:
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    # Not matcher.highlight(): it reads the title as markup.
                    Content(title),
                    partial(self._open, post),
                    help=f"Open this post ({post.reading_minutes} min)",
                )

    def _open(self, post: PostSummary) -> None:
        self.app.post_message(OpenPost(post))
