"""Pictures in the post body, as lines of half blocks, with their caption under them.

An image standing alone in a paragraph (or a figure) is an ``ImageBlock``. Drawn by Rich
alone (``reader show`` to a pipe, images off) it is today's placeholder line. In the post
view, a ``PictureBook`` lays it out: the placeholder until the picture is decoded (in a
worker, never on the UI thread), then the picture as rows of ``▀`` cells whose
foreground is the upper pixel and background the lower one, centred, the caption
under it, dimmed. Decoded pictures are kept at the size they are shown at.

The body is drawn line by line (Textual's line API), so terminal graphics protocols are
not used in it: Kitty's and iTerm2's images and Sixel are written to the terminal
outside Textual's frame, and a Sixel picture must be encoded anew for every scroll
offset. The full-screen view (screens/picture.py) uses them through textual-image.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from rich.color import Color
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from reader.model.image_decode import ImageProblem, decode_image, read_image_bytes
from reader.model.image_fetch import fetch_image
from reader.model.image_source import ImageFolders, ImageSource, resolve_image_source
from reader.render.wrap import WrappedText

Line = list[Segment]
CAPTION_STYLE = Style(dim=True, italic=True)
REASON_STYLE = Style(dim=True)
HALF_BLOCK = "▀"
KEPT_PICTURES = 128


@dataclass
class ImageBlock:
    """An image that stands alone as a block: where it is, its words, and its placeholder."""

    source: str
    alt: str
    caption: str
    placeholder: Text

    @property
    def words(self) -> str:
        """The text under the picture: the caption, else the alt text, else the file name."""
        return self.caption or self.alt or Path(self.source).name or self.source

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Without pictures, the placeholder line."""
        yield WrappedText(self.placeholder)


@dataclass(frozen=True)
class PictureRequest:
    """One picture to decode: its source, and the box (in pixels) it must fit."""

    source: ImageSource
    box: tuple[int, int]


def picture_box(width: int, max_rows: int) -> tuple[int, int]:
    """The pixels a half-block picture may take: a pixel a cell wide, half a line high."""
    return max(1, width), max(2, max_rows * 2)


def load_picture(
    request: PictureRequest, cache_folder: Path, remote: bool
) -> Image.Image | ImageProblem:
    """Fetch (if remote and allowed), read and decode one picture; for a worker thread."""
    source = request.source
    if source.refusal is not None:
        return ImageProblem(source.refusal)
    path = source.path
    if source.url is not None:
        if not remote:
            return ImageProblem("remote images are off (images.remote = true fetches them)")
        fetched = fetch_image(source.url, cache_folder)
        if isinstance(fetched, ImageProblem):
            return fetched
        path = fetched
    assert path is not None
    data = read_image_bytes(path)
    if isinstance(data, ImageProblem):
        return data
    return decode_image(data, request.box, name=source.url or str(path))


def drawn_picture(
    request: PictureRequest, cache_folder: Path, remote: bool
) -> list[Line] | ImageProblem:
    """``load_picture``, then its half-block lines at the request's width; for a worker.

    Building the lines (a style a cell) is done here too, off the UI thread, once.
    """
    picture = load_picture(request, cache_folder, remote)
    if isinstance(picture, ImageProblem):
        return picture
    return half_block_lines(picture, request.box[0], {"image": request.source.written})


def half_block_lines(picture: Image.Image, width: int, meta: dict[str, object]) -> list[Line]:
    """``picture`` as lines of half blocks, centred in ``width`` cells."""
    rgb = picture if picture.mode == "RGB" else picture.convert("RGB")
    pixels = rgb.load()
    assert pixels is not None
    columns, rows = rgb.size
    margin = [Segment(" " * ((width - columns) // 2))] if width > columns else []
    lines: list[Line] = []
    for top in range(0, rows, 2):
        line = list(margin)
        for x in range(columns):
            upper = pixels[x, top]
            lower = pixels[x, top + 1] if top + 1 < rows else None
            assert isinstance(upper, tuple)
            style = Style(
                color=Color.from_rgb(*upper[:3]),
                bgcolor=Color.from_rgb(*lower[:3]) if isinstance(lower, tuple) else None,
                meta=meta,
            )
            line.append(Segment(HALF_BLOCK, style))
        lines.append(line)
    return lines


class PictureBook:
    """The pictures of the posts shown in one body: resolved, requested, decoded, kept.

    Lives on the UI side; only ``load_picture`` runs in workers. Decoded pictures are
    kept at display size, the most recently used ``KEPT_PICTURES`` of them.
    """

    def __init__(
        self,
        post_path: Path,
        folders: ImageFolders | None,
        *,
        remote: bool = False,
        max_height: int = 12,
    ) -> None:
        self.post_path = post_path
        self.folders = folders
        self.remote = remote
        self.max_height = max_height
        self._sources: dict[str, ImageSource] = {}
        self._pictures: OrderedDict[PictureRequest, list[Line] | ImageProblem] = OrderedDict()
        self._wanted: dict[PictureRequest, None] = {}
        self._drawn: dict[str, str] = {}  # sources shown as pictures, and their words

    def show_post(self, post_path: Path, folders: ImageFolders | None) -> None:
        """Resolve sources of another post from now on (decoded pictures are kept)."""
        self.post_path, self.folders = post_path, folders
        self._sources.clear()
        self._wanted.clear()
        self._drawn.clear()

    def drawn_words(self, written: str) -> str | None:
        """The words under the picture of the image ``written``; None if it is not drawn."""
        return self._drawn.get(written)

    def source(self, written: str) -> ImageSource:
        """The image ``written`` in the post, resolved once."""
        found = self._sources.get(written)
        if found is None:
            found = resolve_image_source(written, self.post_path, self.folders)
            self._sources[written] = found
        return found

    def take_wanted(self) -> list[PictureRequest]:
        """The pictures asked for since the last call, in the order met, remote ones last."""
        wanted = sorted(self._wanted, key=lambda request: request.source.url is not None)
        self._wanted.clear()
        return wanted

    def store(self, request: PictureRequest, result: list[Line] | ImageProblem) -> None:
        """Keep a drawn picture's lines (or why it cannot be shown)."""
        self._pictures[request] = result
        self._pictures.move_to_end(request)
        while len(self._pictures) > KEPT_PICTURES:
            self._pictures.popitem(last=False)

    def lines(self, block: ImageBlock, console: Console, width: int) -> list[Line]:
        """The lines of ``block`` at ``width``: the picture and its caption, or a placeholder."""
        source = self.source(block.source)
        request = PictureRequest(source, picture_box(width, self.max_height))
        result = self._pictures.get(request)
        options = console.options.update(width=width, min_width=width, max_width=width, height=None)
        if result is None and source.refusal is None:
            if source.url is None or self.remote:
                self._wanted[request] = None
            else:
                result = ImageProblem("remote images are off (images.remote = true fetches them)")
        if not isinstance(result, list):
            text = block.placeholder.copy()
            reason = source.refusal or (result.reason if result is not None else "")
            if reason:
                text.append(f" ({reason})", REASON_STYLE)
            return console.render_lines(WrappedText(text), options, pad=False, new_lines=False)
        self._pictures.move_to_end(request)
        self._drawn[block.source] = block.words
        caption = Text(block.words, style=CAPTION_STYLE + Style(meta={"href": block.source}))
        caption.justify = "center"
        return [
            *result,
            *console.render_lines(caption, options, pad=False, new_lines=False),
        ]


def printed_picture(
    book: PictureBook, console: Console, cache_folder: Path, block: ImageBlock
) -> RenderableType:
    """``block`` decoded now and drawn for printing (``reader show --images``)."""
    width = console.width
    book.lines(block, console, width)  # asks for the picture
    for request in book.take_wanted():
        book.store(request, drawn_picture(request, cache_folder, book.remote))
    return LaidOutLines(book.lines(block, console, width))


@dataclass
class LaidOutLines:
    """Lines already laid out, as a renderable."""

    lines: list[Line]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Each line, then a line break."""
        for line in self.lines:
            yield from line
            yield Segment.line()


def max_picture_rows(pane_height: int) -> int:
    """At most about half the pane's height (and at least a few lines)."""
    return max(4, math.ceil(pane_height / 2))


@dataclass
class HalfBlockPicture:
    """A decoded picture as a Rich renderable of half blocks (the full-screen view)."""

    picture: Image.Image

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """The rows of half blocks, centred in the width given."""
        yield LaidOutLines(half_block_lines(self.picture, options.max_width, {}))
