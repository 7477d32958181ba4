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
    """Offers every post of the library as "Open: <title>"."""

    async def search(self, query: str) -> Hits:
        """Posts whose title matches ``query``, best first."""
        app = cast("ReaderApp", self.app)
        matcher = self.matcher(query)
        for post in app.library_posts():
            title = one_line(post.title, 120)
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    # Not matcher.highlight(): it reads the title as markup.
                    Content(title),
                    partial(app.open_post, post),
                    help=f"Open this post ({post.reading_minutes} min)",
                )
