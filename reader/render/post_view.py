"""A whole post for ``reader show``: a metadata header, then the rendered body."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import RenderableType
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text

from reader.model.cleanup import clean_markdown
from reader.model.details import detail_rows
from reader.model.post import Post
from reader.render.image_block import ImageBlock
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


PicturePrinter = Callable[[ImageBlock], RenderableType]


def post_renderables(
    post: Post, draw_picture: PicturePrinter | None = None
) -> list[RenderableType]:
    """The metadata header, a rule, then each block of the body with a blank line between.

    With ``draw_picture``, each image standing alone is drawn by it (else a placeholder).
    """
    renderables: list[RenderableType] = [metadata_table(post), Rule(style=Style(dim=True))]
    for block in markdown_blocks(clean_markdown(post.body)):
        renderable = block.renderable
        if draw_picture is not None and isinstance(renderable, ImageBlock):
            renderable = draw_picture(renderable)
        renderables.extend([renderable, Text()])
    return renderables
