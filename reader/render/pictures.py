"""Pictures in the post body: half blocks, or Kitty images, with their caption under them.

An image standing alone on its line (or in a figure) is an ``ImageBlock``
(render/image_block.py). In the post view, a ``PictureBook`` lays it out: the
placeholder until the picture is decoded (in a worker, never on the UI thread), then
the picture as rows of half blocks, centred, the caption under it, dimmed. Decoded
pictures are kept at the size they are shown at.

In a terminal with Kitty's graphics protocol the same rows are drawn as Kitty's Unicode
placeholders once the image is sent (render/kitty_placeholders.py): the rows stay text,
so scrolling and cropping cost nothing, and the layout is the same cell for cell. The
body keeps half blocks wherever Textual would change the placeholders' colour (which
names the image): behind another screen or dialog, without 24-bit colour, with
``NO_COLOR``.

Sixel pictures (and so iTerm2's, which speaks Sixel) are pixels drawn over cells, not
text: the body keeps their half blocks as its lines, and each picture is encoded once
at the cells it covers (render/sixel.py), then written over them after a frame, while
whole in view. The full-screen view (screens/picture.py) uses textual-image's Sixel
widget.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from reader.model.image_fetch import fetch_image
from reader.model.image_problem import ImageProblem
from reader.model.image_source import ImageFolders, ImageSource, resolve_image_source
from reader.render.half_blocks import HALF_BLOCK, LaidOutLines, Line, centring, half_block_row
from reader.render.image_block import CAPTION_STYLE, ImageBlock
from reader.render.kitty_placeholders import MAX_CELLS, new_image_id, placeholder_row
from reader.render.sixel import SixelPicture, sixel_encoded

if TYPE_CHECKING:
    from PIL import Image
from reader.render.wrap import WrappedText

REMOTE_OFF = "remote images are off: images.remote = true fetches them"
KEPT_PICTURE_BYTES = 64 * 1024 * 1024  # decoded at display size: about 20 KB a picture
KEPT_ROWS = 400
KEPT_SIXEL_BYTES = 48 * 1024 * 1024  # a photo across a page is about 0.2 to 0.5 MB of Sixel
# A terminal cell is about 8 × 16 pixels of a page: a half block (a cell wide, half a
# cell high) stands for about 8 × 8, so a picture keeps about the size a page shows.
PAGE_PIXELS_PER_HALF_BLOCK = (8, 8)


@dataclass(frozen=True)
class PictureRequest:
    """One picture to decode: its source, and the box (in pixels) it must fit.

    ``shrink`` says how many of the image's pixels make one of the picture's (across,
    down), at most.
    """

    source: ImageSource
    box: tuple[int, int]
    shrink: tuple[int, int] = (1, 1)


def picture_box(width: int, max_rows: int) -> tuple[int, int]:
    """The pixels a half-block picture may take: a pixel a cell wide, half a line high."""
    return max(1, width), max(2, max_rows * 2)


def load_picture(
    request: PictureRequest, cache_folder: Path, remote: bool
) -> Image.Image | ImageProblem:
    """Fetch (if remote and allowed), read and decode one picture; for a worker thread."""
    # Here, not at the top: Pillow is imported by the first picture, in a worker, and
    # the app starts without it.
    from reader.model.image_decode import decode_image, read_image_bytes

    source = request.source
    if source.refusal is not None:
        return ImageProblem(source.refusal)
    path = source.path
    if source.url is not None:
        if not remote:
            return ImageProblem(REMOTE_OFF)
        fetched = fetch_image(source.url, cache_folder)
        if isinstance(fetched, ImageProblem):
            return fetched
        path = fetched
    assert path is not None
    data = read_image_bytes(path)
    if isinstance(data, ImageProblem):
        return data
    return decode_image(data, request.box, name=source.url or str(path), shrink=request.shrink)


@dataclass(frozen=True)
class KittyPicture:
    """A picture encoded to send to a Kitty terminal, and the cells it is placed in."""

    png: bytes
    columns: int
    rows: int


def kitty_encoded(picture: Image.Image, columns: int, rows: int) -> KittyPicture:
    """``picture`` as a PNG to send to a Kitty terminal, placed in ``columns`` × ``rows``."""
    png = BytesIO()
    picture.save(png, "PNG", compress_level=1)  # sent through a pipe: speed over size
    return KittyPicture(png.getvalue(), columns, rows)


def sharp_picture(
    request: PictureRequest,
    picture: Image.Image,
    cell: tuple[int, int],
    cache_folder: Path,
    remote: bool,
) -> Image.Image | ImageProblem | None:
    """The picture of ``request`` decoded again for the cells its half blocks take; for a worker.

    ``picture`` is its half-block picture (a pixel a cell across, two down), ``cell``
    the terminal's cell size in pixels. None when it takes more cells than Kitty's
    placeholders can name (Sixel pictures keep the same limit: one rule for both).
    """
    columns, rows = picture.width, math.ceil(picture.height / 2)
    if columns > MAX_CELLS or rows > MAX_CELLS:
        return None
    box = (columns * cell[0], rows * cell[1])
    return load_picture(PictureRequest(request.source, box), cache_folder, remote)


def kitty_picture(
    request: PictureRequest,
    picture: Image.Image,
    cell: tuple[int, int],
    cache_folder: Path,
    remote: bool,
) -> KittyPicture | ImageProblem | None:
    """The picture of ``request`` as a PNG for its cells (see sharp_picture)."""
    sharp = sharp_picture(request, picture, cell, cache_folder, remote)
    if sharp is None or isinstance(sharp, ImageProblem):
        return sharp
    return kitty_encoded(sharp, picture.width, math.ceil(picture.height / 2))


def sixel_picture(
    request: PictureRequest,
    picture: Image.Image,
    cell: tuple[int, int],
    cache_folder: Path,
    remote: bool,
    background: tuple[int, int, int],
) -> SixelPicture | ImageProblem | None:
    """The picture of ``request`` as Sixel for the cells its half blocks take, once.

    Padded with ``background`` to whole cells (see sharp_picture).
    """
    sharp = sharp_picture(request, picture, cell, cache_folder, remote)
    if sharp is None or isinstance(sharp, ImageProblem):
        return sharp
    return sixel_encoded(sharp, picture.width, math.ceil(picture.height / 2), cell, background)


class PictureRow(list[Segment]):
    """A row of a picture in the laid-out body, uncoloured until it is drawn.

    ``PictureBook.drawn_row`` colours it when it is drawn. Coloured cells cost about
    750 bytes each: a post of many pictures keeps only its small decoded pictures, and
    the rows drawn lately.
    """

    def __init__(self, segments: Line, request: PictureRequest, row: int) -> None:
        super().__init__(segments)
        self.request = request
        self.row = row


def _picture_bytes(result: Image.Image | ImageProblem) -> int:
    if isinstance(result, ImageProblem):
        return 0
    return len(result.getbands()) * result.width * result.height


class PictureBook:
    """The pictures of the posts shown in one body: resolved, requested, decoded, kept.

    Lives on the UI side; only ``load_picture`` runs in workers. Decoded pictures are
    kept at display size, the most recently used up to ``KEPT_PICTURE_BYTES``.
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
        self._pictures: OrderedDict[PictureRequest, Image.Image | ImageProblem] = OrderedDict()
        self._rows: OrderedDict[tuple[PictureRequest, int], Line] = OrderedDict()
        self._kept_bytes = 0
        self._wanted: dict[PictureRequest, None] = {}
        self._pending: set[PictureRequest] = set()  # taken to decode, not stored yet
        self._drawn: dict[str, str] = {}  # sources shown as pictures, and their words
        self.kitty = False
        """Whether the terminal draws Kitty's placeholders (the body decides when to)."""
        self._image_ids: dict[ImageSource, int] = {}  # one Kitty image id a source
        self._placed: dict[PictureRequest, tuple[int, int]] = {}  # sent: id, columns
        self.sixel = False
        """Whether the terminal draws Sixel pictures (drawn over the body after a frame)."""
        self._sixels: OrderedDict[PictureRequest, SixelPicture] = OrderedDict()
        self._sixel_bytes = 0

    def show_post(self, post_path: Path, folders: ImageFolders | None) -> None:
        """Resolve sources of another post from now on (decoded pictures are kept)."""
        self.post_path, self.folders = post_path, folders
        self._sources.clear()
        self.forget_wanted()
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

    def want(self, request: PictureRequest) -> None:
        """Ask for ``request`` to be decoded, unless it is already on its way."""
        if request not in self._pending:
            self._wanted[request] = None

    def forget_wanted(self) -> None:
        """Ask for nothing more (the pictures on their way may still be stored)."""
        self._wanted.clear()
        self._pending.clear()

    def take_wanted(self) -> list[PictureRequest]:
        """The pictures asked for since the last call, in the order met, remote ones last."""
        wanted = sorted(self._wanted, key=lambda request: request.source.url is not None)
        self._wanted.clear()
        self._pending.update(wanted)
        return wanted

    def store(self, request: PictureRequest, result: Image.Image | ImageProblem) -> None:
        """Keep a decoded picture (or why it cannot be shown)."""
        self._pending.discard(request)
        self._pictures[request] = result
        self._pictures.move_to_end(request)
        self._kept_bytes += _picture_bytes(result)
        while self._kept_bytes > KEPT_PICTURE_BYTES and len(self._pictures) > 1:
            _, dropped = self._pictures.popitem(last=False)
            self._kept_bytes -= _picture_bytes(dropped)

    def image_id(self, request: PictureRequest) -> int:
        """The Kitty image id of the picture of ``request`` (the same for each size)."""
        found = self._image_ids.get(request.source)
        if found is None:
            found = self._image_ids[request.source] = new_image_id()
        return found

    def placed(self, request: PictureRequest, columns: int) -> None:
        """The terminal has the picture of ``request``, ``columns`` cells across."""
        image_id = self.image_id(request)
        # Sending an id again replaced the picture of its other sizes.
        for other in [other for other in self._placed if other.source == request.source]:
            del self._placed[other]
        self._placed[request] = (image_id, columns)

    def forget_placed(self) -> list[PictureRequest]:
        """Forget what the terminal had (it may have lost it); returns what it had."""
        placed = list(self._placed)
        self._placed.clear()
        return placed

    def store_sixel(self, request: PictureRequest, picture: SixelPicture) -> None:
        """Keep the Sixel encoding of the picture of ``request``, the latest up to a size."""
        if request in self._sixels:
            self._sixel_bytes -= len(self._sixels.pop(request).sixel)
        self._sixels[request] = picture
        self._sixel_bytes += len(picture.sixel)
        while self._sixel_bytes > KEPT_SIXEL_BYTES and len(self._sixels) > 1:
            _, dropped = self._sixels.popitem(last=False)
            self._sixel_bytes -= len(dropped.sixel)

    def sixel_picture(self, request: PictureRequest) -> SixelPicture | None:
        """The Sixel encoding of the picture of ``request``, if kept."""
        found = self._sixels.get(request)
        if found is not None:
            self._sixels.move_to_end(request)
        return found

    def sixel_count(self) -> int:
        """How many Sixel encodings are kept."""
        return len(self._sixels)

    def image_ids(self) -> list[int]:
        """The ids of the pictures sent to the terminal."""
        return [image_id for image_id, _ in self._placed.values()]

    @staticmethod
    def _blank_rows(picture: Image.Image, width: int) -> list[Line]:
        columns = picture.width
        margin = centring(columns, width)
        return [[*margin, Segment(HALF_BLOCK * columns)]] * math.ceil(picture.height / 2)

    def drawn_row(self, line: Line, *, placeholders: bool = False) -> Line:
        """``line`` to draw: a picture's row coloured (kept for a while), else itself.

        With ``placeholders``, a picture the terminal has is drawn as Kitty's placeholders.
        """
        if not isinstance(line, PictureRow):
            return line
        placed = self._placed.get(line.request) if placeholders else None
        if placed is not None:
            image_id, columns = placed
            margin = centring(columns, line.request.box[0])
            return [*margin, placeholder_row(image_id, line.row, columns)]
        key = (line.request, line.row)
        drawn = self._rows.get(key)
        if drawn is None:
            picture = self._pictures.get(line.request)
            if picture is None or isinstance(picture, ImageProblem):
                self.want(line.request)  # let go to keep memory: decode it again
                return line
            drawn = half_block_row(picture, line.row, line.request.box[0])
            self._rows[key] = drawn
            while len(self._rows) > KEPT_ROWS:
                self._rows.popitem(last=False)
        else:
            self._rows.move_to_end(key)
        return drawn

    def lines(self, block: ImageBlock, console: Console, width: int) -> list[Line]:
        """The lines of ``block`` at ``width``: the picture and its caption, or a placeholder."""
        source = self.source(block.source)
        box = picture_box(width, self.max_height)
        request = PictureRequest(source, box, PAGE_PIXELS_PER_HALF_BLOCK)
        result = self._pictures.get(request)
        options = console.options.update(width=width, min_width=width, max_width=width, height=None)
        if result is None and source.refusal is None:
            if source.url is None or self.remote:
                self.want(request)
            else:
                result = ImageProblem(REMOTE_OFF)
        if result is None or isinstance(result, ImageProblem):
            fetching = "fetching…" if source.url is not None else ""  # seconds, maybe
            reason = source.refusal or (result.reason if result is not None else fetching)
            text = block.fallback(reason)
            return console.render_lines(WrappedText(text), options, pad=False, new_lines=False)
        self._pictures.move_to_end(request)
        self._drawn[block.source] = block.words
        caption = Text(block.words, style=CAPTION_STYLE + Style(meta={"href": block.source}))
        caption.justify = "center"
        return [
            *(
                PictureRow(row, request, number)
                for number, row in enumerate(self._blank_rows(result, width))
            ),
            *console.render_lines(caption, options, pad=False, new_lines=False),
        ]


def printed_picture(
    book: PictureBook, console: Console, cache_folder: Path, block: ImageBlock
) -> RenderableType:
    """``block`` decoded now and drawn for printing (``reader show --images``)."""
    width = console.width
    book.lines(block, console, width)  # asks for the picture
    for request in book.take_wanted():
        book.store(request, load_picture(request, cache_folder, book.remote))
    return LaidOutLines([book.drawn_row(line) for line in book.lines(block, console, width)])


def max_picture_rows(pane_height: int) -> int:
    """At most about half the pane's height (and at least a few lines)."""
    return max(4, math.ceil(pane_height / 2))
