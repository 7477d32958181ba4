"""Command palette entries that open a post by its title."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import Hit, Hits, Provider
from textual.content import Content

from reader.model.text import one_line

if TYPE_CHECKING:
    from reader.app import ReaderApp


class OpenPostCommands(Provider):
    """Offers every post of the library by its title."""

    async def startup(self) -> None:
        """Take the library's posts once per palette, not once per keystroke."""
        app = cast("ReaderApp", self.app)
        self._posts = [(one_line(post.title, 120), post) for post in app.library_posts()]

    async def search(self, query: str) -> Hits:
        """Posts whose title matches ``query``, best first."""
        app = cast("ReaderApp", self.app)
        matcher = self.matcher(query)
        for title, post in self._posts:
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    # Not matcher.highlight(): it reads the title as markup.
                    Content(title),
                    partial(app.open_post, post),
                    help=f"Open this post ({post.reading_minutes} min)",
                )
