"""A whole post for ``reader show``: a metadata header, then the rendered body."""

from __future__ import annotations

from rich.console import RenderableType
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text

from reader.model.cleanup import clean_markdown
from reader.model.details import detail_rows
from reader.model.post import Post
from reader.render.markdown import markdown_blocks
from reader.render.wrap import WrappedText


def metadata_table(post: Post) -> Table:
    """The post's details as a two-column grid of labels and values."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style=Style(bold=True), no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in detail_rows(post):
        style = Style(color="red") if label == "Problem" else Style()
        grid.add_row(Text(label), WrappedText(Text(value, style=style)))
    return grid


def post_renderables(post: Post) -> list[RenderableType]:
    """The metadata header, a rule, then each block of the body with a blank line between."""
    renderables: list[RenderableType] = [metadata_table(post), Rule(style=Style(dim=True))]
    for block in markdown_blocks(clean_markdown(post.body, post.metadata)):
        renderables.extend([block.renderable, Text()])
    return renderables
