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
from reader.model.health.finding import Severity
from reader.model.health.report import finding_text
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
        if label != "Problem":  # listed under the table
            grid.add_row(Text(label), WrappedText(Text(value)))
    return grid


def problems_table(post: Post) -> Table:
    """The post's findings, one a line: severity, message and place."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for finding in post.problems:
        style = Style(color="red", bold=finding.severity is Severity.ERROR)
        grid.add_row(
            Text(finding.severity.value, style=style), WrappedText(Text(finding_text(finding)))
        )
    return grid


PicturePrinter = Callable[[ImageBlock], RenderableType]


def post_renderables(
    post: Post, draw_picture: PicturePrinter | None = None
) -> list[RenderableType]:
    """The metadata header, its problems, a rule, then each block of the body.

    A blank line stands between blocks. With ``draw_picture``, each image standing alone
    is drawn by it (else a placeholder).
    """
    renderables: list[RenderableType] = [metadata_table(post)]
    if post.problems:
        renderables += [
            Text(f"Problems ({len(post.problems)})", style="bold"),
            problems_table(post),
        ]
    renderables.append(Rule(style=Style(dim=True)))
    for block in markdown_blocks(clean_markdown(post.body, post.metadata), page=post.metadata):
        renderable = block.renderable
        if draw_picture is not None and isinstance(renderable, ImageBlock):
            renderable = draw_picture(renderable)
        renderables.extend([renderable, Text()])
    return renderables
